import {closeSync, fstatSync, openSync, readSync} from 'node:fs';
import type {WorkspaceContext} from '../agents/context.js';
import {readAgentRecord} from '../agents/record.js';
import type {AgentConfig} from '../config/index.js';
import type {NativeSignal} from './combine.js';
import {signalsFile, type HookSignalLine} from './hook-signals.js';

/**
 * The native signals a CLI leaves outside its screen — hook lines in `signals.jsonl` and the
 * status file its adapter declares (Claude Code's) — read the same way by the streaming observer
 * and by one-shot commands.
 */

/** What a hook line means for the observer: a signal, or `undefined` to clear the held one. */
export function hookSignal(line: HookSignalLine): NativeSignal | undefined {
	if (line.state === 'clear') return undefined;
	const rule = `hook.${line.runtime}.${line.event}`;
	return line.state === 'turn_ended' ? {state: 'idle', rule, detail: line.detail, at: line.t, endsTurn: true} : {state: line.state, rule, detail: line.detail, at: line.t};
}

/** The state the agent's CLI writes to a status file of its own, when its adapter declares one. */
export function statusSignal(ctx: WorkspaceContext, config: AgentConfig): NativeSignal | undefined {
	const read = ctx.adapterFor(config).signals?.statusFile;
	if (!read) return undefined;
	const workdir = readAgentRecord(ctx, config.name)?.workdir;
	return workdir ? read({env: {...ctx.services.env, ...config.env}, workdir}) : undefined;
}

/** How much of the end of `signals.jsonl` a one-shot look reads: hooks fire a few times per turn. */
const tailBytes = 256 * 1024;

/** The hook lines at the end of `signals.jsonl`, oldest first (a torn or cut line is skipped). */
function signalTail(stateDir: string): HookSignalLine[] {
	let fd: number | undefined;
	try {
		fd = openSync(signalsFile(stateDir), 'r');
		const size = fstatSync(fd).size;
		const length = Math.min(size, tailBytes);
		const buffer = Buffer.alloc(length);
		const read = readSync(fd, buffer, 0, length, size - length);
		const lines: HookSignalLine[] = [];
		for (const text of buffer.subarray(0, read).toString('utf8').split('\n')) {
			if (text.trim() === '') continue;
			try {
				lines.push(JSON.parse(text) as HookSignalLine);
			} catch {
				// the first line of the tail may be cut
			}
		}
		return lines;
	} catch {
		return [];
	} finally {
		if (fd !== undefined) closeSync(fd);
	}
}

/**
 * The agent's latest hook line since `since` (epoch ms; older lines describe an earlier session),
 * as the observer would hold it now: a signal, or `undefined` when the last word was `clear`.
 */
export function latestHookSignal(stateDir: string, agent: string, since: number): NativeSignal | undefined {
	const line = signalTail(stateDir)
		.filter((entry) => entry.agent === agent)
		.at(-1);
	return line === undefined || line.t < since ? undefined : hookSignal(line);
}

/**
 * The session id the agent's CLI last announced with a SessionStart hook since `since` (epoch ms):
 * Claude Code starts a new session on `/clear`, and that one is the conversation to resume.
 */
export function latestHookSessionId(stateDir: string, agent: string, runtime: string, since: number): string | undefined {
	const line = signalTail(stateDir)
		.filter((entry) => entry.agent === agent && entry.runtime === runtime && entry.event === 'SessionStart' && entry.t >= since && typeof entry.session_id === 'string')
		.at(-1);
	return line?.session_id;
}

/** The newer of two signals (hooks and status files can arrive out of order). */
export function newest(...signals: Array<NativeSignal | undefined>): NativeSignal | undefined {
	let best: NativeSignal | undefined;
	for (const signal of signals) if (signal && (!best || signal.at >= best.at)) best = signal;
	return best;
}
