import {createHash} from 'node:crypto';
import {readFileSync, realpathSync, statSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {ConversationLaunch, SessionLookup, SessionSupport} from '../../core/agents/adapter.js';
import {firstJsonLine, listDir} from '../shared/jsonl-head.js';
import {newUuid} from '../shared/claude-sessions.js';

/**
 * Gemini CLI (0.61) starts a session under a UUID it is given (`--session-id <uuid>`) and resumes
 * one with `--resume <uuid>`. Its chat log is
 * `$GEMINI_CLI_HOME/.gemini/tmp/<project>/chats/session-<time>-<first 8 of the id>.jsonl`, whose
 * first line is `{"sessionId":…,"projectHash":sha256(project root),…}` (older versions write one
 * `.json` document with the same fields). The project root is the folder it runs in.
 */
export function geminiConfigDir(env: Readonly<Record<string, string>>): string {
	return path.join(env['GEMINI_CLI_HOME'] || env['HOME'] || os.homedir(), '.gemini');
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Hashes Gemini may have written for a folder (as given, and with symlinks resolved). */
function projectHashes(workdir: string): Set<string> {
	const hashes = new Set([sha256(path.resolve(workdir))]);
	try {
		hashes.add(sha256(realpathSync(workdir)));
	} catch {
		// The folder is gone: the hash of its name is all there is.
	}
	return hashes;
}

/** The header of a chat log: the first line of `.jsonl`, the document of a (small) `.json`. */
function chatHeader(file: string): Record<string, unknown> | undefined {
	if (file.endsWith('.jsonl')) return firstJsonLine(file);
	try {
		if (statSync(file).size > 32 * 1024 * 1024) return undefined;
		return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
	} catch {
		return undefined;
	}
}

/** Finds the chat log of session `id` under `<configDir>/tmp/*\/chats` and checks its project is `workdir`. */
export function verifyGeminiSession(query: {id: string; workdir: string; configDir: string}): SessionLookup {
	if (!/^[\w-]{8,}$/.test(query.id)) return {found: false, reason: `"${query.id}" is not a session id`};
	const tmp = path.join(query.configDir, 'tmp');
	const suffixes = [`-${query.id.slice(0, 8)}.jsonl`, `-${query.id.slice(0, 8)}.json`];
	for (const project of listDir(tmp)) {
		const chats = path.join(tmp, project, 'chats');
		for (const name of listDir(chats)) {
			if (!name.startsWith('session-') || !suffixes.some((suffix) => name.endsWith(suffix))) continue;
			const file = path.join(chats, name);
			const header = chatHeader(file);
			if (header?.['sessionId'] !== query.id) continue;
			if (!projectHashes(query.workdir).has(String(header['projectHash']))) return {found: false, reason: `${file} belongs to another project folder than ${query.workdir}`};
			return {found: true, file};
		}
	}
	return {found: false, reason: `no chat log for session ${query.id} under ${tmp} (the CLI may never have been prompted)`};
}

/** `--session-id <uuid>` for a new session, `--resume <uuid>` to continue one. */
export function geminiSessionArgs(conversation: ConversationLaunch | undefined): string[] {
	if (conversation === undefined) return [];
	if (conversation.kind === 'resume') return ['--resume', conversation.id];
	return conversation.id === undefined ? [] : ['--session-id', conversation.id];
}

export const geminiSessions: SessionSupport = {
	identity: 'assigned',
	configDir: ({env}) => geminiConfigDir(env),
	newId: newUuid,
	verify: verifyGeminiSession,
};
