import {existsSync, readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {ConversationLaunch, SessionLookup, SessionSupport} from '../../core/agents/adapter.js';
import {newUuid} from '../shared/claude-sessions.js';

/** The `cwd:` line of Copilot's `workspace.yaml` (a flat mapping of plain scalars). */
function workspaceCwd(file: string): string | undefined {
	const line = readFileSync(file, 'utf8')
		.split('\n')
		.find((entry) => entry.startsWith('cwd:'));
	if (line === undefined) return undefined;
	const value = line.slice('cwd:'.length).trim();
	// A path YAML had to quote ("…" or '…').
	if (/^(["']).*\1$/.test(value)) return value.startsWith('"') ? (JSON.parse(value) as string) : value.slice(1, -1).replaceAll("''", "'");
	return value;
}

/**
 * Copilot CLI (1.0.102) keeps each session in `$COPILOT_HOME/session-state/<id>/` (default
 * `~/.copilot`), with `workspace.yaml` naming the `cwd` it was started in. Checked against a
 * mock model: `--session-id <uuid>` starts a session under that id and `--resume=<id>` continues it.
 */
export function verifyCopilotSession(query: {id: string; workdir: string; configDir: string}): SessionLookup {
	if (!/^[\w-]+$/.test(query.id)) return {found: false, reason: `"${query.id}" is not a session id`};
	const file = path.join(query.configDir, 'session-state', query.id, 'workspace.yaml');
	if (!existsSync(file)) return {found: false, reason: `no ${file} (the CLI may never have been prompted)`};
	let cwd: string | undefined;
	try {
		cwd = workspaceCwd(file);
	} catch (error) {
		return {found: false, reason: `${file} cannot be read: ${(error as Error).message}`};
	}
	if (cwd === undefined) return {found: false, reason: `${file} names no cwd`};
	if (path.resolve(cwd) !== path.resolve(query.workdir)) return {found: false, reason: `${file} was started in ${cwd}, not in ${query.workdir}`};
	return {found: true, file};
}

/** `--session-id <uuid>` for a new session, `--resume=<id>` (the form Copilot prints) to continue one. */
export function copilotSessionArgs(conversation: ConversationLaunch | undefined): string[] {
	if (conversation === undefined) return [];
	if (conversation.kind === 'resume') return [`--resume=${conversation.id}`];
	return conversation.id === undefined ? [] : ['--session-id', conversation.id];
}

export const copilotSessions: SessionSupport = {
	identity: 'assigned',
	configDir: ({env}) => env['COPILOT_HOME'] || path.join(env['HOME'] || os.homedir(), '.copilot'),
	newId: newUuid,
	verify: verifyCopilotSession,
};
