import {liveRegionStart, matchScreenRules, type ScreenMatch, type ScreenRule} from './screen-rules.js';
import {detectFromScreen} from './detect.js';
import type {PaneInfo} from '../tmux/client.js';
import type {AgentState, StateVerdict} from './types.js';
import {statePresentation} from '../model/presentation.js';

export type Diagnosis = {
	verdict: StateVerdict;
	/** How sure the verdict is: 1 for the pane's life and native signals, lower for screen rules. */
	confidence: number;
	/** Every rule that matched, best first. */
	matches: Array<{rule: string; state: AgentState; region: string; line: string; row: number}>;
	/** First matching line per error family, as the reference's `tt detect` reported them. */
	auth_match: string | null;
	rate_limit_match: string | null;
	provider_down_match: string | null;
	completion_match: string | null;
	/** The rows the bottom-region rules looked at (index of the first one, and the rows). */
	live_region: {first_row: number; rows: string[]};
	title: string;
};

/** Explains a detection: the verdict plus everything that was considered. */
export function diagnoseScreen(input: {pane: PaneInfo | undefined; lines: readonly string[]; rules: readonly ScreenRule[]; now?: number}): Diagnosis {
	const verdict = detectFromScreen(input);
	const title = input.pane?.title ?? '';
	const matches: ScreenMatch[] = input.pane && !input.pane.dead ? matchScreenRules(input.rules, {lines: input.lines, title}) : [];
	const first = (state: AgentState) => matches.find((match) => match.rule.state === state)?.line.trim() ?? null;
	const widest = Math.max(8, ...input.rules.filter((rule) => rule.region === 'bottom').map((rule) => rule.rows ?? 8));
	const start = liveRegionStart(input.lines, widest);
	const confidence = verdict.source === 'pane' || verdict.source === 'session' || verdict.source === 'native' ? 1 : verdict.source === 'title' ? 0.8 : verdict.source === 'screen' ? 0.9 : verdict.source === 'activity' ? 0.3 : 0;
	return {
		verdict,
		confidence: verdict.state === 'starting' ? 0.5 : confidence,
		matches: matches.map((match) => ({rule: match.rule.id, state: match.rule.state, region: match.rule.region, line: match.line.trim(), row: match.lineIndex})),
		auth_match: first('auth_failed'),
		rate_limit_match: first('rate_limited'),
		provider_down_match: first('provider_down'),
		completion_match: first('idle'),
		live_region: {first_row: start, rows: trimTrailingBlank(input.lines.slice(start))},
		title,
	};
}

/** The reference's `status` string for `tt detect --json` (Working, Idle, Auth Failed: …, Unknown). */
export function referenceStatus(diagnosis: Diagnosis): string {
	const {state} = diagnosis.verdict;
	if (state === 'working') return 'Working';
	if (state === 'idle') return 'Idle';
	if (state === 'auth_failed') return `Auth Failed: ${diagnosis.auth_match ?? diagnosis.verdict.detail ?? ''}`.trimEnd();
	if (state === 'stopped') return 'Stopped';
	if (state === 'unknown') return 'Unknown';
	return statePresentation[state].label.replace(/\b\w/g, (letter) => letter.toUpperCase());
}

function trimTrailingBlank(lines: readonly string[]): string[] {
	let end = lines.length;
	while (end > 0 && (lines[end - 1] ?? '').trim() === '') end--;
	return lines.slice(0, end);
}
