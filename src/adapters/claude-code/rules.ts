import type {DialogAnswer} from '../../core/agents/adapter.js';
import type {ScreenRule} from '../../core/state/screen-rules.js';
import {exitedToShellRules} from '../shared/exited.js';
import {braille, priority} from '../shared/priorities.js';

// Claude Code's status-line spinner frames (Linux and macOS sets).
const spinner = '·✢*✳✶✻✽';
// Claude's own messages: 2.1.x prints a final API error as a transcript entry, `● API Error: …`
// at column 0 (`⏺` on macOS; `∷` from 2.1.33x, which also uses it for its notices); some errors
// (`Invalid API key`) and 1.x put them under the turn as `  ⎿  …`; print mode at column 0. Answer
// text continues indented by two after its first `●` line, so a quoted error inside an answer
// (code blocks included) never matches.
const own = String.raw`^(?:[●⏺∷]\s+|\s*⎿\s+)?`;
// A final API error, not the "· Retrying in 4 seconds… (attempt 2/10)" line shown meanwhile.
const apiError = String.raw`${own}API Error:\s*(?!.*\bRetrying in\b)`;
// Dialog rows start at column 0 or 1 (` Do you want to proceed?`, ` ❯ 1. Yes`), or inside a
// `│` box in 1.x; answer text is indented by two, so a quoted dialog never matches.
const dialog = String.raw`^ ?(?:│\s*)?`;
// Final errors sit right above the prompt box: footer, rule, prompt, rule and the `✻ Worked for
// 0s` line take 5 rows, so the first row of an error wrapped over 3 rows is the 8th non-empty row
// from the bottom. A later turn adds at least its prompt, its answer and its own `✻` line, which
// pushes an old error (at least 9 rows up) out of reach.
const errorRows = 8;
// 2.1.33x draws no `✻` line under a final error, so an old one-row error is still 8 rows up after
// the next turn (prompt, answer, `✻ Cooked for 1s`). A transcript entry (`● answer`, `● Bash(…)`)
// below an error means a later turn ran: the error is history. Nothing but the prompt box is ever
// drawn under a live final error.
const laterEntry = {pattern: String.raw`^[●⏺] `, count: 1};
// What 2.1.33x writes into the empty prompt box after a final error (`❯ Resend your message to try
// again`, `❯ Once fixed, resend your message`): a placeholder, not a prompt just submitted.
const placeholder = String.raw`(?:Resend your message\b|Once fixed, resend\b)`;
// The footer's `esc to interrupt` is drawn only while a turn runs (retries included), and then an
// error above the prompt box is an old one, or one being retried: the live busy footer beats the
// error rules (dialogs still win). It ranks with a title that states "working".
const liveBusy = priority.stateTitleWorking;
// Frames between turns, before Claude draws the `✻ Worked for 2s` line under the latest turn: the
// latest answer's `●` (or the prompt just submitted, `❯ text`) is then within 5 rows of the
// bottom, and an error of an earlier turn can still be within errorRows. Such a frame is idle, not
// the old error. A live error is never that close: the `✻` line or the error itself comes first.
// Tool calls (`● Bash(npm test)`) are not answers: they run while the turn goes on. Same rank as
// the busy footer: when both match, the lower line (the footer, redrawn every frame) decides.
const turnEdge = priority.stateTitleWorking;

/**
 * Claude Code screen rules (2.x layout: transcript, status line, `─` ruled prompt box with `❯`,
 * one footer row). Error rules look at the few rows above the prompt box (see `errorRows`), where a
 * final error sits until the next turn pushes it up.
 */
export const claudeCodeRules: readonly ScreenRule[] = [
	// Its goodbye: `Resume this session with:` over `claude --resume <id>`.
	...exitedToShellRules('claude-code', String.raw`^(?:Resume this session with:|claude --resume [0-9a-f-]{8,})`),
	// needs_input: permission dialogs, AskUserQuestion, the folder trust dialog. A live dialog
	// replaces the prompt box, so its question and first option sit within 6–7 rows of the bottom
	// (an option can wrap on narrow panes), at column 0 or 1; answer text is indented by two.
	{
		id: 'claude-code/dialog.proceed',
		state: 'needs_input',
		pattern: String.raw`${dialog}Do you want to (?:proceed|make this edit|create|overwrite|allow)\b[^?]*\?\s*(?:│\s*)?$`,
		region: 'bottom',
		rows: 7,
		priority: priority.dialog,
	},
	{id: 'claude-code/dialog.select-yes', state: 'needs_input', pattern: String.raw`${dialog}❯\s*1\.\s+Yes\b`, region: 'bottom', rows: 6, priority: priority.dialog},
	{
		id: 'claude-code/dialog.trust-folder',
		state: 'needs_input',
		pattern: String.raw`${dialog}(?:❯\s*)?(?:1\.\s+)?Yes, I trust this folder\b`,
		region: 'bottom',
		rows: 6,
		priority: priority.dialog,
	},
	{
		id: 'claude-code/dialog.trust-check',
		state: 'needs_input',
		pattern: String.raw`${dialog}(?:Quick safety check\b|Do you trust the files in this folder\?)`,
		region: 'bottom',
		rows: 14,
		priority: priority.dialog,
	},
	{
		id: 'claude-code/dialog.select-footer',
		state: 'needs_input',
		pattern: String.raw`^\s*(?:Enter to (?:select|confirm)\b.*·\s*)?Esc to cancel\b`,
		region: 'bottom',
		rows: 2,
		priority: priority.dialog,
	},
	// 2.1.33x, first guarded action of a session behind ANTHROPIC_BASE_URL: "Auto mode can't check
	// actions in this session …". Only the dialog's own footer counts: the same sentence stays in
	// the transcript afterwards as a `∷` notice.
	{id: 'claude-code/dialog.auto-mode-check', state: 'needs_input', pattern: String.raw`^\s*Enter to stay in auto mode\b`, region: 'bottom', rows: 3, priority: priority.dialog},

	// Final errors.
	{id: 'claude-code/error.api-401', state: 'auth_failed', pattern: String.raw`${apiError}40[13]\b`, region: 'bottom', rows: errorRows, priority: priority.authFailed, supersededBelow: laterEntry},
	{
		id: 'claude-code/error.invalid-api-key',
		state: 'auth_failed',
		pattern: String.raw`${own}Invalid API key\s*·`,
		region: 'bottom',
		rows: errorRows,
		supersededBelow: laterEntry,
		priority: priority.authFailed,
	},
	{
		id: 'claude-code/error.login',
		state: 'auth_failed',
		pattern: String.raw`(?:${own}OAuth token (?:has expired|revoked)|·\s*Please run /login\s*$)`,
		region: 'bottom',
		rows: errorRows,
		supersededBelow: laterEntry,
		priority: priority.authFailed,
	},
	{
		id: 'claude-code/error.api-429',
		state: 'rate_limited',
		pattern: String.raw`${apiError}(?:Request rejected \(429\)|429\b)`,
		region: 'bottom',
		rows: errorRows,
		supersededBelow: laterEntry,
		priority: priority.rateLimited,
	},
	{
		id: 'claude-code/error.usage-limit',
		state: 'rate_limited',
		pattern: String.raw`${own}(?:Claude (?:AI )?usage limit reached|\d+-hour limit reached|Weekly limit reached|You've hit your (?:usage )?limit|Credit balance is too low)`,
		region: 'bottom',
		rows: errorRows,
		supersededBelow: laterEntry,
		priority: priority.rateLimited,
	},
	{
		id: 'claude-code/error.api-5xx',
		state: 'provider_down',
		pattern: String.raw`${apiError}(?:5\d\d\b|Connection error\b|Request timed out\b|.*\boverloaded_error\b)`,
		region: 'bottom',
		rows: errorRows,
		supersededBelow: laterEntry,
		priority: priority.providerDown,
	},

	// Busy. 2.1.x puts `esc to interrupt` in the footer; older versions on the status line, which
	// Claude draws at column 0 (answer text and quoted output are indented).
	{id: 'claude-code/working.footer-interrupt', state: 'working', pattern: String.raw`\besc to interrupt\b`, region: 'bottom', rows: 2, priority: liveBusy},
	{
		id: 'claude-code/working.status-interrupt',
		state: 'working',
		pattern: String.raw`^[${spinner}]\s+\S.*…\s*\(.*\besc to interrupt\b`,
		region: 'bottom',
		rows: 8,
		priority: priority.working,
	},
	{id: 'claude-code/title.spinner', state: 'working', pattern: `^[${braille}]`, region: 'title', priority: priority.titleWorking},

	{id: 'claude-code/idle.latest-answer', state: 'idle', pattern: String.raw`^[●⏺] (?!API Error:|[A-Z][\w-]*\()`, region: 'bottom', rows: 5, priority: turnEdge},
	{id: 'claude-code/idle.latest-prompt', state: 'idle', pattern: String.raw`^❯ (?!${placeholder})\S`, region: 'bottom', rows: 5, priority: turnEdge},

	// Idle footers: drawn only while Claude waits for a prompt.
	{id: 'claude-code/idle.footer-shortcuts', state: 'idle', pattern: String.raw`^\s*\?\s+for shortcuts\b`, region: 'bottom', rows: 2, priority: priority.idleFooter},
	{id: 'claude-code/idle.footer-mode', state: 'idle', pattern: String.raw`\(shift\+tab to cycle\)`, region: 'bottom', rows: 2, priority: priority.idleFooter},

	// The status-ellipsis line (`✳ Scurrying… (4m 5s · ↑ 783 tokens)`) at column 0: busy unless an
	// idle footer says otherwise (a stopped spinner line can linger above the prompt box).
	{
		id: 'claude-code/working.status-ellipsis',
		state: 'working',
		pattern: String.raw`^[${spinner}]\s+[^\s(][^(]*…`,
		region: 'bottom',
		rows: 8,
		priority: priority.workingWeak,
	},

	{id: 'claude-code/idle.prompt-box', state: 'idle', pattern: String.raw`^\s*(?:│\s*[❯>]|❯)(?:\s|$)`, region: 'bottom', rows: 5, priority: priority.idle},
	{id: 'claude-code/title.idle', state: 'idle', pattern: String.raw`^✳\s`, region: 'title', priority: priority.titleIdle},
];

/**
 * - The permission and edit dialogs (`Do you want to proceed?` / `… make this edit …?`) with
 *   `❯ 1. Yes` still selected, alone on its row: Enter takes it (what the e2e test presses), Esc
 *   is the dialog's own cancel (`Esc to cancel`, `No, and tell Claude … (esc)`).
 * - 2.1.33x in auto mode: `❯ No` preselected above `Yes`, no numbers. Enter would mean no, so
 *   approve is Down then Enter; pressed only while `❯ No` is the selection (a cursor already moved
 *   leaves the pattern unmatched, and the keys are never guessed).
 * - 2.1.33x's auto-mode dialog ("Auto mode can't check actions in this session … Enter to stay in
 *   auto mode"): Enter keeps auto mode and asks about this action in the `❯ No / Yes` dialog (a
 *   second approve runs it); nothing runs, and no mode changes, without another answer.
 *   shift+Tab (leave for accept edits mode) is never pressed: it would turn off later approvals.
 * Not answered: the folder trust dialog (`1. Yes, I trust this folder`) and questions
 * (`❯ 1. PostgreSQL`).
 */
export const claudeCodeAnswers: readonly DialogAnswer[] = [
	{id: 'claude-code/answer.permission', pattern: String.raw`${dialog}❯\s*1\.\s+Yes\s*(?:│\s*)?$`, rows: 6, approve: ['Enter'], deny: ['Escape']},
	{id: 'claude-code/answer.permission-no-first', pattern: String.raw`${dialog}❯\s*No\s*$`, rows: 4, approve: ['Down', 'Enter'], deny: ['Escape']},
	{id: 'claude-code/answer.auto-mode-check', pattern: String.raw`^\s*Enter to stay in auto mode\b`, rows: 2, approve: ['Enter'], deny: ['Escape']},
];
