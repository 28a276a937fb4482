import type {DialogAnswer, InputBox} from '../../core/agents/adapter.js';
import type {ScreenRule} from '../../core/state/screen-rules.js';
import {exitedToShellRules} from '../shared/exited.js';
import {braille, priority} from '../shared/priorities.js';

// Gemini CLI shows a final API error as a history item `✕ [API Error: …]`, then an `ℹ This
// request failed…` hint, above its input box and footer. 0.6x draws the box with half blocks
// (`▄▄▄` / `> …` / `▀▀▀`) under a `? for shortcuts` row, a rule and a mode line, and puts a
// two-row status table (workspace, branch, sandbox, model) below it: the error's first row is
// then the 10th to 13th non-empty row from the bottom (wrapped on narrow panes). A later prompt
// adds its own 3-row box and an answer, which pushes an old error to the 14th row or above.
// Qwen Code marks an error it is still retrying `… (Retrying in 36s… (attempt 1/10))`: working, not final.
const apiError = String.raw`^\s*(?:│\s*)?✕\s+\[API Error:(?!.*\(Retrying in\b)`;
const errorRows = 13;
// Rows showing a prompt: a history echo (`> text` between half blocks) and the input box (empty
// `>   Type your message…`, or the text being typed). Two of them under an error mean a later
// prompt was sent after it: the error is history (a typed prompt alone also hides hint rows and
// pulls an old error into the 13 rows).
const laterPrompt = {pattern: String.raw`^\s*(?:│\s*)?>\s`, count: 2};
// Dialog rows sit inside the dialog's `│` box (or at column 0/1 without one); answer prose is
// indented by two and code blocks are numbered, so a quoted dialog never matches.
const dialogRow = String.raw`^(?:\s*│\s*| ?)`;

/**
 * Screen rules for Gemini CLI and its fork Qwen Code (`prefix` is the adapter id). Titles are
 * Gemini's own three-state signal: `◇  Ready (<dir>)`, `✦  Working… (<dir>)`,
 * `✋  Action Required (<dir>)` (native-signals.md §D).
 */
export function geminiFamilyRules(prefix: string): ScreenRule[] {
	return [
		// Its goodbye over the session's stats box.
		...exitedToShellRules(prefix, String.raw`Agent powering down\. Goodbye!`),
		{
			id: `${prefix}/dialog.confirm`,
			state: 'needs_input',
			pattern: String.raw`${dialogRow}(?:Allow execution of\b[^?]*\?|Apply this change\?|Do you want to proceed\?|Allow (?:execution of MCP tool|fetching)\b[^?]*\?)`,
			region: 'bottom',
			rows: 10,
			priority: priority.dialog,
		},
		{
			id: `${prefix}/dialog.select-allow`,
			state: 'needs_input',
			pattern: String.raw`${dialogRow}●\s*1\.\s+(?:Allow once|Yes)\b`,
			region: 'bottom',
			rows: 8,
			priority: priority.dialog,
		},
		{id: `${prefix}/dialog.waiting`, state: 'needs_input', pattern: String.raw`Waiting for user confirmation`, region: 'bottom', rows: 6, priority: priority.dialog},
		{id: `${prefix}/title.action-required`, state: 'needs_input', pattern: String.raw`^[^A-Za-z0-9]*Action Required\b`, region: 'title', priority: priority.titleDialog},

		{
			id: `${prefix}/error.auth`,
			state: 'auth_failed',
			pattern: String.raw`${apiError}.*(?:\b40[13]\b|API key not valid|UNAUTHENTICATED|PERMISSION_DENIED|invalid[ _]api[ _]key|Incorrect API key)`,
			region: 'bottom',
			rows: errorRows,
			supersededBelow: laterPrompt,
			priority: priority.authFailed,
		},
		{
			id: `${prefix}/error.rate`,
			state: 'rate_limited',
			pattern: String.raw`${apiError}.*(?:\b429\b|RESOURCE_EXHAUSTED|quota|rate[ _]limit|insufficient_quota)`,
			region: 'bottom',
			rows: errorRows,
			supersededBelow: laterPrompt,
			priority: priority.rateLimited,
		},
		{
			id: `${prefix}/error.quota-reached`,
			state: 'rate_limited',
			pattern: String.raw`^\s*(?:│\s*)?(?:⚡\s*)?You have (?:reached|exhausted) your (?:daily )?\S*\s*quota`,
			region: 'bottom',
			rows: errorRows,
			supersededBelow: laterPrompt,
			priority: priority.rateLimited,
		},
		{
			id: `${prefix}/error.provider`,
			state: 'provider_down',
			pattern: String.raw`${apiError}.*(?:\b5\d\d\b|UNAVAILABLE|overloaded|INTERNAL|DEADLINE_EXCEEDED|fetch failed)`,
			region: 'bottom',
			rows: errorRows,
			supersededBelow: laterPrompt,
			priority: priority.providerDown,
		},

		// `⠏ Counting electrons… (esc to cancel, 12s)`; Qwen Code 0.15: `⠴ Brewing fresh bytes... (2s ·
		// ↑ 23 tokens · esc to cancel)`. The spinner is at column 0–2 (a dots spinner can show as `...`);
		// a quoted one sits in a numbered code block (`   1 ⠏ …`). A long witty phrase wraps the line on
		// an 80-column pane (`… by… (2s · esc to` over `cancel)`).
		{
			id: `${prefix}/working.loading`,
			state: 'working',
			pattern: String.raw`^\s{0,2}[^\sA-Za-z0-9]{1,3}\s+\S.*\((?:[^()]*·\s*)?esc to cancel(?:,\s*[^)]*)?\)`,
			region: 'bottom',
			rows: 7,
			wraps: 2,
			priority: priority.working,
		},
		{id: `${prefix}/title.working`, state: 'working', pattern: `^(?:[^A-Za-z0-9]*Working…|[${braille}])`, region: 'title', priority: priority.stateTitleWorking},

		{id: `${prefix}/idle.placeholder`, state: 'idle', pattern: String.raw`Type your message or @path/to/file`, region: 'bottom', rows: 5, priority: priority.idle},
		{id: `${prefix}/idle.input-box`, state: 'idle', pattern: String.raw`^\s*(?:│\s*)?>\s`, region: 'bottom', rows: 5, priority: priority.idle},
		{id: `${prefix}/title.ready`, state: 'idle', pattern: String.raw`^[^A-Za-z0-9]*Ready\b`, region: 'title', priority: priority.stateTitleIdle},
	];
}

export const geminiCliRules: readonly ScreenRule[] = geminiFamilyRules('gemini-cli');

/**
 * Gemini CLI draws its input box between half-block rows (`▄▄▄` above, `▀▀▀` below; a rounded
 * `╭─╮` box in older releases), Qwen Code between rules (`───`, which Gemini CLI also draws above
 * its box for other things); both show the same placeholder.
 */
export function geminiFamilyInputBox(edges: 'half-blocks' | 'rules'): InputBox {
	return {
		pattern: String.raw`^\s*(?:│\s*)?(?:[>*!]\s)?\s*(.*?)\s*│?$`,
		rows: 16,
		border: edges === 'half-blocks' ? String.raw`^(?:▄{10,}|▀{10,}|\s*[╭╰]─{10,}[╮╯])$` : String.raw`^─{10,}$`,
		empty: String.raw`^Type your message or @path/to/file$`,
	};
}

/**
 * The tool confirmation with `● 1. Allow once` selected: Enter allows once (what the e2e test
 * presses), Esc is the decline the dialog names (`No, suggest changes (esc)`).
 */
export function geminiFamilyAnswers(prefix: string): DialogAnswer[] {
	return [{id: `${prefix}/answer.confirm`, pattern: String.raw`${dialogRow}●\s*1\.\s+Allow once\b`, rows: 8, approve: ['Enter'], deny: ['Escape']}];
}

