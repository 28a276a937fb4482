import {randomUUID} from 'node:crypto';
import {existsSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {ConversationLaunch, SessionLookup} from '../../core/agents/adapter.js';
import {listDir, readHead} from './jsonl-head.js';

/** Claude Code's project folder name for a cwd: every character but ASCII letters and digits becomes `-`. */
export function claudeProjectSlug(cwd: string): string {
	return cwd.replace(/[^a-zA-Z0-9]/g, '-');
}

/** The `cwd` of the first transcript entry that has one (Claude writes it on every message). */
function transcriptCwd(file: string): string | undefined {
	for (const line of readHead(file).split('\n')) {
		try {
			const entry = JSON.parse(line) as {cwd?: unknown};
			if (typeof entry.cwd === 'string') return entry.cwd;
		} catch {
			// A summary line, or the last line cut by the read size.
		}
	}
	return undefined;
}

/**
 * Finds Claude Code transcript `<configDir>/projects/<slug of workdir>/<id>.jsonl` (or, where
 * Claude shortened a long slug, `<id>.jsonl` in any project folder) and checks that its entries
 * were written in `workdir`. The demo agent writes the same layout; Qwen Code the same with a
 * `chats/` folder under the project's (`under: ['chats']`).
 */
export function verifyClaudeTranscript(query: {id: string; workdir: string; configDir: string}, under: readonly string[] = []): SessionLookup {
	if (!/^[\w.-]+$/.test(query.id)) return {found: false, reason: `"${query.id}" is not a session id`};
	const projects = path.join(query.configDir, 'projects');
	const name = `${query.id}.jsonl`;
	let file = path.join(projects, claudeProjectSlug(query.workdir), ...under, name);
	if (!existsSync(file)) {
		const elsewhere = listDir(projects).find((folder) => existsSync(path.join(projects, folder, ...under, name)));
		if (elsewhere === undefined) return {found: false, reason: `no transcript ${name} under ${projects} (the CLI may never have been prompted)`};
		file = path.join(projects, elsewhere, ...under, name);
	}
	const cwd = transcriptCwd(file);
	if (cwd === undefined) return {found: false, reason: `${file} names no working folder`};
	if (path.resolve(cwd) !== path.resolve(query.workdir)) return {found: false, reason: `${file} was written in ${cwd}, not in ${query.workdir}`};
	return {found: true, file};
}

/** `--session-id <id>` for a new conversation, `--resume <id>` to continue one (never `--continue`). */
export function claudeSessionArgs(conversation: ConversationLaunch | undefined): string[] {
	if (conversation === undefined) return [];
	if (conversation.kind === 'resume') return ['--resume', conversation.id];
	return conversation.id === undefined ? [] : ['--session-id', conversation.id];
}

export const newUuid = (): string => randomUUID();

/** Claude Code's config folder for an environment: `$CLAUDE_CONFIG_DIR`, else `~/.claude`. */
export function claudeConfigDir(env: Readonly<Record<string, string | undefined>>): string {
	return env['CLAUDE_CONFIG_DIR'] || path.join(env['HOME'] || os.homedir(), '.claude');
}
