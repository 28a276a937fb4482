import type {DialogAnswer} from '../../core/agents/adapter.js';
import type {ScreenRule} from '../../core/state/screen-rules.js';
import {braille, priority} from '../shared/priorities.js';

/**
 * Rules for the built-in demo agent (src/adapters/demo/program), which draws a Claude-like
 * screen: the transcript scrolls, and a live region at the bottom is erased and redrawn:
 * - starting: `Starting demo agent…`
 * - idle: the box `╭─╮ │ ❯ <input> │ ╰─╯` and the hint `  ? for shortcuts · demo agent ready`
 * - working: only `<braille> Working… (3s · esc to interrupt)` (plus `  ⎿ queued: …` rows)
 * - dialog: a box with `Permission required`, the question, `Do you want to proceed?`,
 *   `❯ 1. Yes`, `  2. No`, then `  Esc to cancel`
 * - errors, printed into the transcript just above the prompt box:
 *   `  ⎿ API Error: 401 … authentication_error … · Please run /login`,
 *   `  ⎿ API Error: Request rejected (429) · …`, `  ⎿ API Error: 529 … overloaded_error …`
 * - titles: `✳ demo: idle`, `⠂ demo: working`, `✋ demo: needs input`
 * The spinner line is weaker than the ready hint, so a spinner frame left above the prompt box
 * (a redraw that did not erase) never hides that the turn is over.
 */
export const demoRules: readonly ScreenRule[] = [
	{
		id: 'demo/dialog.proceed',
		state: 'needs_input',
		pattern: String.raw`^\s*(?:│\s*)?Do you want to proceed\?\s*(?:│\s*)?$`,
		region: 'bottom',
		rows: 5,
		priority: priority.dialog,
	},
	{id: 'demo/dialog.select-yes', state: 'needs_input', pattern: String.raw`^\s*(?:│\s*)?❯\s*1\.\s+Yes\b`, region: 'bottom', rows: 5, priority: priority.dialog},
	{id: 'demo/dialog.cancel-hint', state: 'needs_input', pattern: String.raw`^\s*Esc to cancel\s*$`, region: 'bottom', rows: 1, priority: priority.dialog},
	{id: 'demo/title.needs-input', state: 'needs_input', pattern: String.raw`^✋\s`, region: 'title', priority: priority.titleDialog},

	{id: 'demo/error.api-401', state: 'auth_failed', pattern: String.raw`^\s*⎿\s+API Error: 401\b`, region: 'bottom', rows: 6, priority: priority.authFailed},
	{id: 'demo/error.login', state: 'auth_failed', pattern: String.raw`·\s*Please run /login\s*$`, region: 'bottom', rows: 6, priority: priority.authFailed},
	{
		id: 'demo/error.api-429',
		state: 'rate_limited',
		pattern: String.raw`^\s*⎿\s+API Error: (?:Request rejected \(429\)|429\b)`,
		region: 'bottom',
		rows: 6,
		priority: priority.rateLimited,
	},
	{
		id: 'demo/error.api-5xx',
		state: 'provider_down',
		pattern: String.raw`^\s*⎿\s+API Error: (?:5\d\d\b|.*\boverloaded_error\b)`,
		region: 'bottom',
		rows: 6,
		priority: priority.providerDown,
	},

	{id: 'demo/title.working', state: 'working', pattern: `^[${braille}]`, region: 'title', priority: priority.stateTitleWorking},
	{id: 'demo/idle.footer-ready', state: 'idle', pattern: String.raw`\?\s+for shortcuts\b.*\bdemo agent ready\b`, region: 'bottom', rows: 2, priority: priority.idleFooter},
	{
		id: 'demo/working.status-line',
		state: 'working',
		pattern: `^\\s*[${braille}✻]\\s.*…\\s*\\(.*\\besc to interrupt\\b`,
		region: 'bottom',
		rows: 6,
		priority: priority.workingWeak,
	},
	{id: 'demo/starting.banner', state: 'starting', pattern: String.raw`^Starting demo agent…`, region: 'bottom', rows: 1, priority: priority.workingWeak},
	{id: 'demo/idle.prompt-box', state: 'idle', pattern: String.raw`^\s*│\s*❯(?:\s|$)`, region: 'bottom', rows: 5, priority: priority.idle},
	{id: 'demo/title.idle', state: 'idle', pattern: String.raw`^✳\s`, region: 'title', priority: priority.stateTitleIdle},
];

/**
 * The demo's permission dialog (program/app.ts `dialogKey`): `1` approves whichever option is
 * selected, Esc declines (as its `Esc to cancel` line says).
 */
export const demoAnswers: readonly DialogAnswer[] = [
	{id: 'demo/answer.permission', pattern: String.raw`^\s*│\s*(?:❯\s*)?1\.\s+Yes\s*│?$`, rows: 5, approve: ['1'], deny: ['Escape']},
];
