import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import type {NativeSignal} from './combine.js';
import type {AgentState} from './types.js';

/** `~/.claude/sessions/<pid>.json`, as Claude Code 2.1 writes it (native-signals.md §B). */
export type ClaudeStatusFile = {
	pid: number;
	sessionId?: string;
	cwd?: string;
	procStart?: string;
	status?: 'idle' | 'busy' | 'waiting';
	waitingFor?: string;
	statusUpdatedAt?: number;
	updatedAt?: number;
};

const states: Readonly<Record<string, AgentState>> = {idle: 'idle', busy: 'working', waiting: 'needs_input'};

/** Field 22 of /proc/<pid>/stat (start time in clock ticks), to tell a live pid from a reused one. */
export function processStart(pid: number): string | undefined {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// The command name (field 2) may contain spaces; fields after the closing paren are fixed.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return fields[19];
	} catch {
		return undefined;
	}
}

/**
 * The status Claude Code reports for a working directory: the newest live status file whose `cwd`
 * is `workdir`. Files left by a killed process (dead pid, or a reused pid with another start time)
 * are ignored.
 */
export function claudeStatusFor(configDir: string, workdir: string): {file: ClaudeStatusFile; signal: NativeSignal | undefined} | undefined {
	const dir = path.join(configDir, 'sessions');
	let names: string[];
	try {
		names = readdirSync(dir).filter((name) => name.endsWith('.json'));
	} catch {
		return undefined;
	}
	let best: ClaudeStatusFile | undefined;
	for (const name of names) {
		let file: ClaudeStatusFile;
		try {
			file = JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as ClaudeStatusFile;
		} catch {
			continue;
		}
		if (file.cwd !== workdir || typeof file.pid !== 'number') continue;
		const start = processStart(file.pid);
		if (start === undefined || (file.procStart !== undefined && file.procStart !== start)) continue;
		if (!best || (file.updatedAt ?? 0) > (best.updatedAt ?? 0)) best = file;
	}
	if (!best) return undefined;
	const state = best.status ? states[best.status] : undefined;
	return {
		file: best,
		signal: state ? {state, rule: `claude.status.${best.status}`, detail: best.waitingFor, at: best.statusUpdatedAt ?? best.updatedAt ?? Date.now()} : undefined,
	};
}
