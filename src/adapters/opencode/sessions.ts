import {existsSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {ConversationLaunch, SessionLookup, SessionSupport} from '../../core/agents/adapter.js';
import {queryForeignDatabase} from '../../core/store/sqlite.js';

/**
 * opencode (1.18) chooses its session ids (`ses_…`) and keeps its sessions in SQLite,
 * `$XDG_DATA_HOME/opencode/opencode.db` (default `~/.local/share/opencode`), table `session`
 * with `directory` (the folder it ran in), `parent_id` (set for its sub-agents' sessions) and
 * `time_created` (epoch ms). A session is continued with `--session <id>`. tutti reads the
 * database read-only and captures the one top-level session begun in the agent's folder since
 * its launch.
 */
export function opencodeDataDir(env: Readonly<Record<string, string>>): string {
	return path.join(env['XDG_DATA_HOME'] || path.join(env['HOME'] || os.homedir(), '.local', 'share'), 'opencode');
}

const database = (dataDir: string) => path.join(dataDir, 'opencode.db');

type SessionRow = {id: string; directory: string; time_created: number; parent_id: string | null; time_archived: number | null};

export function captureOpencodeSessions(query: {workdir: string; configDir: string; since: string}): string[] {
	const since = Date.parse(query.since);
	if (Number.isNaN(since) || !existsSync(database(query.configDir))) return [];
	const rows = queryForeignDatabase(database(query.configDir), 'SELECT id, directory, time_created FROM session WHERE parent_id IS NULL AND time_created >= ? ORDER BY time_created DESC', [since]) as SessionRow[] | undefined;
	return (rows ?? []).filter((row) => path.resolve(row.directory) === path.resolve(query.workdir)).map((row) => row.id);
}

export function verifyOpencodeSession(query: {id: string; workdir: string; configDir: string}): SessionLookup {
	const file = database(query.configDir);
	if (!/^ses_[\w]+$/.test(query.id)) return {found: false, reason: `"${query.id}" is not an opencode session id`};
	if (!existsSync(file)) return {found: false, reason: `no ${file}`};
	const rows = queryForeignDatabase(file, 'SELECT id, directory, time_archived FROM session WHERE id = ?', [query.id]) as SessionRow[] | undefined;
	if (rows === undefined) return {found: false, reason: `${file} could not be read`};
	const [row] = rows;
	if (!row) return {found: false, reason: `no session ${query.id} in ${file}`};
	if (row.time_archived !== null) return {found: false, reason: `session ${query.id} was archived in opencode`};
	if (path.resolve(row.directory) !== path.resolve(query.workdir)) return {found: false, reason: `session ${query.id} ran in ${row.directory}, not in ${query.workdir}`};
	return {found: true, file};
}

/** `--session <id>` continues one; a new session needs no flag. */
export function opencodeSessionArgs(conversation: ConversationLaunch | undefined): string[] {
	return conversation?.kind === 'resume' ? ['--session', conversation.id] : [];
}

export const opencodeSessions: SessionSupport = {
	identity: 'captured',
	configDir: ({env}) => opencodeDataDir(env),
	verify: verifyOpencodeSession,
	capture: captureOpencodeSessions,
};
