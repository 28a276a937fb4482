import {dialogQuestion} from '../model/screen-text.js';
import type {PaneInfo} from '../tmux/client.js';
import {matchScreenRules, type ScreenRule} from './screen-rules.js';
import type {StateVerdict} from './types.js';

/** How long after launch an agent with no recognisable screen counts as `starting`. */
export const startingGraceMs = 15_000;

export type DetectInput = {
	pane: PaneInfo | undefined;
	/** Visible screen rows (plain text). */
	lines: readonly string[];
	rules: readonly ScreenRule[];
	now?: number;
};

const paneMissing: StateVerdict = {state: 'stopped', source: 'session', rule: 'session.missing', detail: 'no tmux session'};

/** `stopped` when the agent's session is gone or its pane is dead (with the exit status or signal); undefined while it runs. */
export function paneGoneVerdict(pane: PaneInfo | undefined): StateVerdict | undefined {
	if (!pane) return paneMissing;
	if (!pane.dead) return undefined;
	const status = pane.deadSignal === undefined ? pane.deadStatus : 128 + pane.deadSignal;
	const detail = pane.deadSignal === undefined ? (status === undefined ? 'exited' : `exited with status ${status}`) : `killed by signal ${pane.deadSignal}`;
	return {state: 'stopped', source: 'pane', rule: 'pane.dead', detail, exitStatus: status};
}

/**
 * One-shot layered detection from what tmux shows now: the pane's life first (no session ⇒
 * stopped; dead pane ⇒ stopped with its exit status), then the adapter's screen rules on the live
 * region and the title.
 */
export function detectFromScreen(input: DetectInput): StateVerdict {
	const {pane} = input;
	const gone = paneGoneVerdict(pane);
	if (gone || !pane) return gone ?? paneMissing;
	const [best] = matchScreenRules(input.rules, {lines: input.lines, title: pane.title});
	if (best) {
		// A dialog's matched row is often its footer or an option (`Esc to cancel`, `2. No`); what a
		// person deciding needs, wherever the state is shown (status, health, events), is the question.
		const question = best.rule.state === 'needs_input' ? dialogQuestion(input.lines) : undefined;
		return {state: best.rule.state, source: best.rule.region === 'title' ? 'title' : 'screen', rule: best.rule.id, detail: question ?? best.line.trim()};
	}
	const age = pane.createdAt === undefined ? Number.POSITIVE_INFINITY : (input.now ?? Date.now()) - pane.createdAt * 1000;
	if (age < startingGraceMs) return {state: 'starting', source: 'session', rule: 'session.recent', detail: 'launched moments ago'};
	return {state: 'unknown', source: 'none', rule: undefined, detail: 'no rule matched the screen'};
}
