import {matchScreenRules, type ScreenInput, type ScreenMatch, type ScreenRule} from './screen-rules.js';
import type {AgentState} from './types.js';

/** What the screen-rule layer decided, and why (for `tt explain`). */
export type ScreenClassification = {
	state: AgentState;
	/** The rule that won (lowest priority number; ties go to the rule listed first). */
	rule: ScreenRule;
	/** The line (or title) the rule matched. */
	line: string;
	/** Row of the match in `input.lines`; -1 for a title match. */
	lineIndex: number;
	/** Every rule that matched, best first, so callers can show what else was on screen. */
	matches: ScreenMatch[];
};

/**
 * Classifies a screen with an adapter's rules: the best match decides. Returns undefined when no
 * rule matches, so the caller can fall back to other layers (native signals, hysteresis) or
 * report `unknown`. Pure: no clock, no I/O.
 */
export function classifyScreen(rules: readonly ScreenRule[], input: ScreenInput): ScreenClassification | undefined {
	const matches = matchScreenRules(rules, input);
	const best = matches[0];
	if (!best) return undefined;
	return {state: best.rule.state, rule: best.rule, line: best.line, lineIndex: best.lineIndex, matches};
}
