import {appendFileSync, mkdirSync} from 'node:fs';
import path from 'node:path';
import type {AgentState} from './types.js';

/** One line of `.tutti/state/signals.jsonl`, written by `tt hook` for each native hook call. */
export type HookSignalLine = {
	t: number;
	agent: string;
	runtime: string;
	event: string;
	/** The state the hook implies, or `clear` (let other layers decide). */
	state: AgentState | 'clear';
	detail?: string;
	session_id?: string;
};

/**
 * What one hook call says about the agent: a state, or `clear` (let the other layers decide).
 * Each adapter maps its CLI's hook events (`AgentAdapter.signals.hookState`).
 */
export type HookImplication = {state: AgentState | 'clear'; detail?: string};

export function signalsFile(stateDir: string): string {
	return path.join(stateDir, 'signals.jsonl');
}

/** Appends one signal line (one write; small lines appended with O_APPEND do not interleave). */
export function appendSignal(stateDir: string, line: HookSignalLine): void {
	mkdirSync(stateDir, {recursive: true});
	appendFileSync(signalsFile(stateDir), `${JSON.stringify(line)}\n`);
}
