import type {DialogAnswer} from '../../core/agents/adapter.js';
import type {ScreenRule} from '../../core/state/screen-rules.js';
import {braille, priority} from '../shared/priorities.js';
import {exitedToShellRules} from '../shared/exited.js';

// Codex prints its own errors as history cells starting with `■` at column 0 (answer text is
// indented after its first `•` line, so a quoted error never matches).
const errorCell = String.raw`^■\s+`;
// The bottom of the 0.17x screen is the composer (`› …`), a status line (`<model> <effort> ·
// <cwd> · <title>`, which wraps to 2–3 rows on narrow panes) and the footer. A final error
// sits right above the composer and wraps over up to 3 rows at 80 columns, so its first row is
// at most the 8th non-empty row from the bottom.
const errorRows = 8;
// A later successful turn ends with `Worked for 2s • 14:03` right above the composer (within 5
// rows), and that beats the errors: an old error can still be within errorRows above a short answer.
// After a failed turn the previous `Worked for` line is at least 6 rows up, so it never hides a
// live error.
const turnDone = priority.stateTitleWorking;
// `• Working (3s • esc to interrupt)` / `• Reconnecting... 2/5 (… esc to interrupt)` is drawn only
// while a turn runs: an error cell above it is the previous turn's, or one being retried. It ranks
// with a title that states "working"; against `Worked for` the lower line (the newest) decides.
const liveBusy = priority.stateTitleWorking;

/**
 * Codex TUI screen rules (0.1xx layout: history, `• Working (3s • esc to interrupt)` status
 * line, `›` composer, one footer row with `? for shortcuts` / `NN% context left`).
 */
export const codexRules: readonly ScreenRule[] = [
	// Its goodbye: a token-usage line, then `To continue this session, run codex resume <id>`.
	...exitedToShellRules('codex', String.raw`To continue this session, run\b|\bcodex resume [0-9a-f-]{8,}`),
	// The approval overlay's question (`Would you like to run the following command?`) is not a
	// rule on its own: an answer quoting it would match. Its numbered options and its footer are
	// drawn only by the live overlay.
	// The selected first option of a live overlay (approval, trust, hooks review), at column 0
	// (answer text is indented, so a quoted option never matches).
	{
		id: 'codex/dialog.select-first',
		state: 'needs_input',
		pattern: String.raw`^(?:│\s*)?[›❯]\s*1\.\s+(?:Yes|Review hooks)\b`,
		region: 'bottom',
		rows: 6,
		priority: priority.dialog,
	},
	{
		id: 'codex/dialog.confirm-footer',
		state: 'needs_input',
		pattern: String.raw`Press enter to confirm or esc to cancel`,
		region: 'bottom',
		rows: 3,
		priority: priority.dialog,
	},
	{
		id: 'codex/dialog.allow-command',
		state: 'needs_input',
		pattern: String.raw`^\s*│\s*(?:Allow command\?|Approve\b[^?]*\?)`,
		region: 'bottom',
		rows: 8,
		priority: priority.dialog,
	},
	{
		id: 'codex/dialog.trust',
		state: 'needs_input',
		pattern: String.raw`^(?:\s*│\s*|> ?)?(?:Do you trust the contents of this directory\?|Hooks need review\b)`,
		region: 'bottom',
		rows: 12,
		priority: priority.dialog,
	},

	{
		id: 'codex/error.status-401',
		state: 'auth_failed',
		pattern: String.raw`${errorCell}(?:unexpected status|exceeded retry limit, last status:) 40[13]\b`,
		region: 'bottom',
		rows: errorRows,
		priority: priority.authFailed,
	},
	{
		id: 'codex/error.login',
		state: 'auth_failed',
		pattern: String.raw`${errorCell}.*(?:access token could not be refreshed|log out and sign in again|Not logged in\b|\binvalid_api_key\b|Incorrect API key)`,
		region: 'bottom',
		rows: errorRows,
		priority: priority.authFailed,
	},
	{
		id: 'codex/error.status-429',
		state: 'rate_limited',
		pattern: String.raw`${errorCell}(?:unexpected status|exceeded retry limit, last status:) 429\b`,
		region: 'bottom',
		rows: errorRows,
		priority: priority.rateLimited,
	},
	{
		id: 'codex/error.usage-limit',
		state: 'rate_limited',
		pattern: String.raw`${errorCell}(?:You've hit your usage limit|Quota exceeded\b|.*\b(?:insufficient_quota|usage_limit_reached)\b)`,
		region: 'bottom',
		rows: errorRows,
		priority: priority.rateLimited,
	},
	{
		id: 'codex/error.status-5xx',
		state: 'provider_down',
		pattern: String.raw`${errorCell}(?:(?:unexpected status|exceeded retry limit, last status:) 5\d\d\b|stream disconnected before completion\b)`,
		region: 'bottom',
		rows: errorRows,
		priority: priority.providerDown,
	},

	// `• Working (3s • esc to interrupt)`, drawn at column 0 just above the composer.
	{
		id: 'codex/working.status-line',
		state: 'working',
		pattern: String.raw`^ ?[•◦]\s+\S.*\((?:[^()]*[•·]\s*)?esc to interrupt\)`,
		region: 'bottom',
		rows: 7,
		priority: liveBusy,
	},
	// 0.17x titles the pane `[ ! ] Action Required | <thread> | <dir>` while an approval waits.
	{id: 'codex/title.action-required', state: 'needs_input', pattern: String.raw`^\[ ! \] Action Required\b`, region: 'title', priority: priority.titleDialog},
	{id: 'codex/title.spinner', state: 'working', pattern: `^[${braille}]`, region: 'title', priority: priority.titleWorking},

	{id: 'codex/idle.footer-shortcuts', state: 'idle', pattern: String.raw`^\s*\?\s+for shortcuts\b`, region: 'bottom', rows: 2, priority: priority.idleFooter},
	{id: 'codex/idle.turn-done', state: 'idle', pattern: String.raw`^ {0,2}Worked for <?\d+(?:\.\d+)?[hms]\b`, region: 'bottom', rows: 5, priority: turnDone},
	{id: 'codex/idle.composer', state: 'idle', pattern: String.raw`^\s*›(?:\s|$)`, region: 'bottom', rows: 6, priority: priority.idle},
	{id: 'codex/idle.context-left', state: 'idle', pattern: String.raw`\b\d{1,3}% (?:context )?left\b`, region: 'bottom', rows: 2, priority: priority.idle},
];

/**
 * The command and edit approvals, whose first option is `› 1. Yes, proceed (y)`: `y` is that
 * option's own key (what the e2e test presses), Esc the decline the overlay names
 * (`No, and tell Codex what to do differently (esc)`). The trust and hooks-review overlays are
 * left to a person.
 */
export const codexAnswers: readonly DialogAnswer[] = [
	{id: 'codex/answer.approval', pattern: String.raw`^(?:│\s*)?[›❯]\s*1\.\s+Yes, proceed \(y\)`, rows: 6, approve: ['y'], deny: ['Escape']},
];
