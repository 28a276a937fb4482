import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import type {StatusFileQuery} from '../../core/agents/adapter.js';
import {processStart} from '../../core/process/start-time.js';
import type {NativeSignal} from '../../core/state/combine.js';
import type {AgentState} from '../../core/state/types.js';
import {claudeConfigDir} from '../shared/claude-sessions.js';

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

/** Claude Code's own idle / busy / waiting for the agent's working directory, in its config dir. */
export function claudeStatusSignal(query: StatusFileQuery): NativeSignal | undefined {
	return claudeStatusFor(claudeConfigDir(query.env), query.workdir)?.signal;
}
