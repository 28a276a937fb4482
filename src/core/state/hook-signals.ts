import {appendFileSync, mkdirSync} from 'node:fs';
import path from 'node:path';
import type {AgentState} from './types.js';

/** One line of `.tutti/state/signals.jsonl`, written by `tt hook` for each native hook call. */
export type HookSignalLine = {
	t: number;
	agent: string;
	runtime: string;
	event: string;
	/** What the hook implies (see {@link HookImplication}). */
	state: AgentState | 'clear' | 'turn_ended';
	detail?: string;
	session_id?: string;
};

/**
 * What one hook call says about the agent: a state; `clear` (let the other layers decide); or
 * `turn_ended`: the CLI says its turn is over, and what it ended in (idle, an error) is the
 * screen's to say — an idle screen is then reported at once, without the busy→idle debounce.
 * Each adapter maps its CLI's hook events (`AgentAdapter.signals.hookState`).
 */
export type HookImplication = {state: AgentState | 'clear' | 'turn_ended'; detail?: string};

export function signalsFile(stateDir: string): string {
	return path.join(stateDir, 'signals.jsonl');
}

/** Appends one signal line (one write; small lines appended with O_APPEND do not interleave). */
export function appendSignal(stateDir: string, line: HookSignalLine): void {
	mkdirSync(stateDir, {recursive: true});
	appendFileSync(signalsFile(stateDir), `${JSON.stringify(line)}\n`);
}
