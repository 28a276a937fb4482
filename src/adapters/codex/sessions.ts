import os from 'node:os';
import path from 'node:path';
import type {ConversationLaunch, SessionLookup, SessionSupport} from '../../core/agents/adapter.js';
import {firstJsonLine, listDir} from '../shared/jsonl-head.js';

/**
 * Codex chooses its thread id itself and writes it in the first line of its rollout,
 * `$CODEX_HOME/sessions/YYYY/MM/DD/rollout-<time>-<thread id>.jsonl`:
 * `{"type":"session_meta","payload":{"id":…,"timestamp":…,"cwd":…,"source":…}}`. The rollout is
 * written at the first prompt, not at launch (native-signals.md §C), so tutti captures the id
 * after the fact: the one thread started in the agent's folder since its launch.
 */
type Rollout = {id: string; cwd: string; startedAt: number; file: string; interactive: boolean};

function rollout(file: string): Rollout | undefined {
	const meta = firstJsonLine(file);
	const payload = meta?.['type'] === 'session_meta' ? (meta['payload'] as Record<string, unknown> | undefined) : undefined;
	if (!payload || typeof payload['id'] !== 'string' || typeof payload['cwd'] !== 'string') return undefined;
	const startedAt = Date.parse(String(payload['timestamp'] ?? meta?.['timestamp'] ?? ''));
	// `source` is "cli" for the TUI, "exec" for `codex exec`, an object for sub-agents it spawns.
	const source = payload['source'];
	return {id: payload['id'], cwd: payload['cwd'], startedAt, file, interactive: source === undefined || source === 'cli' || source === 'vscode'};
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Day folders `sessions/YYYY/MM/DD` from the day before `since` to tomorrow (folders use local time). */
function dayFolders(configDir: string, since: number): string[] {
	const folders: string[] = [];
	const day = new Date(since - 24 * 3600_000);
	const end = Date.now() + 24 * 3600_000;
	while (day.getTime() <= end) {
		folders.push(path.join(configDir, 'sessions', String(day.getFullYear()), pad(day.getMonth() + 1), pad(day.getDate())));
		day.setDate(day.getDate() + 1);
	}
	return folders;
}

function rolloutFiles(folder: string): string[] {
	return listDir(folder)
		.filter((name) => name.startsWith('rollout-') && name.endsWith('.jsonl'))
		.map((name) => path.join(folder, name));
}

/** Thread ids of interactive sessions started in `workdir` at or after `since`, newest first. */
export function captureCodexThreads(query: {workdir: string; configDir: string; since: string}): string[] {
	const since = Date.parse(query.since);
	if (Number.isNaN(since)) return [];
	const found = dayFolders(query.configDir, since)
		.flatMap(rolloutFiles)
		.map(rollout)
		.filter((entry): entry is Rollout => entry !== undefined && entry.interactive && entry.startedAt >= since && path.resolve(entry.cwd) === path.resolve(query.workdir));
	return [...new Set(found.sort((a, b) => b.startedAt - a.startedAt).map((entry) => entry.id))];
}

/** Finds the rollout of thread `id` and checks it was started in `workdir`. */
export function verifyCodexThread(query: {id: string; workdir: string; configDir: string}): SessionLookup {
	if (!/^[\w-]+$/.test(query.id)) return {found: false, reason: `"${query.id}" is not a thread id`};
	const sessions = path.join(query.configDir, 'sessions');
	for (const year of listDir(sessions)) {
		for (const month of listDir(path.join(sessions, year))) {
			for (const day of listDir(path.join(sessions, year, month))) {
				const file = rolloutFiles(path.join(sessions, year, month, day)).find((candidate) => candidate.endsWith(`-${query.id}.jsonl`));
				if (file === undefined) continue;
				const entry = rollout(file);
				if (!entry || entry.id !== query.id) return {found: false, reason: `${file} does not start with its session_meta`};
				if (path.resolve(entry.cwd) !== path.resolve(query.workdir)) return {found: false, reason: `${file} was started in ${entry.cwd}, not in ${query.workdir}`};
				return {found: true, file};
			}
		}
	}
	return {found: false, reason: `no rollout for thread ${query.id} under ${sessions}`};
}

/** `codex resume <id> …`: the subcommand takes the same options as a new session. */
export function codexSessionArgs(conversation: ConversationLaunch | undefined): string[] {
	return conversation?.kind === 'resume' ? ['resume', conversation.id] : [];
}

export const codexSessions: SessionSupport = {
	identity: 'captured',
	configDir: ({env}) => env['CODEX_HOME'] || path.join(env['HOME'] || os.homedir(), '.codex'),
	verify: verifyCodexThread,
	capture: captureCodexThreads,
};
