import type {AgentAdapter, DialogAnswer, LaunchContext, LaunchSpec} from '../../core/agents/adapter.js';
import type {ScreenRule} from '../../core/state/screen-rules.js';
import {knownContextWindow} from '../shared/context-windows.js';
import {assertSafeAgentName, initialPrompt, optionPrompt, spec, withCommand} from '../shared/launch.js';
import {permissionRules} from '../shared/permissions.js';
import {priority} from '../shared/priorities.js';
import {opencodeSessionArgs, opencodeSessions} from './sessions.js';
import {exitedToShellRules} from '../shared/exited.js';

/**
 * `opencode [args] --prompt <prompt>` in every mode. opencode takes its permissions from its own
 * config (`permission` in opencode.json) and has no command-line flag to skip or restrict
 * approvals, so any mode but `safe` is `unsupported`. A recorded conversation is continued with
 * `--session <id>`.
 */
function launch(context: LaunchContext): LaunchSpec {
	assertSafeAgentName(context.agent);
	const argv = withCommand(context, 'opencode', [...opencodeSessionArgs(context.conversation), ...context.extraArgs, ...optionPrompt('--prompt', '--prompt', initialPrompt(context))]);
	if (context.mode === 'safe') return spec(context, {argv, enforcement: 'prompt'});
	const warnings: string[] = [];
	if (context.mode === 'unattended' && context.policy === 'bypass') {
		warnings.push(`${context.agent}: opencode has no flag to skip approvals; set "permission" in opencode.json to allow tools`);
	} else if (permissionRules(context).length > 0 || context.mode === 'unattended') {
		warnings.push(`${context.agent}: opencode cannot apply [permissions] allow rules; it follows "permission" in opencode.json`);
	}
	return spec(context, {argv, enforcement: 'unsupported', warnings});
}

// opencode 1.18 shows a failed turn as the provider's own message in a `┃` block (like the
// user's prompt; answers are indented without the bar), then `▣  Build · <model>` with no
// duration, above the prompt box (4 rows) and the footer: the message's first row is at most
// the 10th non-empty row from the bottom (wrapped at 80 columns).
const errorRows = 12;
const errorBlock = String.raw`^\s*┃\s{2}.*`;
// What puts a `┃` line in the past: a later turn's end (`▣  Build · <model> · 3.9s` or
// `· interrupted`) or a running turn (`esc interrupt`): the line is an old error, or the prompt
// echo of a turn that is still going.
const laterTurn = {pattern: String.raw`▣\s.*·\s*(?:\d[\d.]*m?s|interrupted)\b|\besc (?:to )?interrupt\b`, count: 1};

/**
 * opencode's TUI: `△ Permission required` dialog, `esc interrupt` in the footer while busy
 * (`[retrying in 9s attempt #3]` while it retries an API error), `ctrl+p commands` in the footer
 * while idle. Checked against recorded screens of 1.18.33.
 */
export const opencodeRules: readonly ScreenRule[] = [
	// Its goodbye under its logo: `Session <title>` and `Continue opencode -s <id>`.
	...exitedToShellRules('opencode', String.raw`^\s*Continue\s+opencode -s \S+`),
	// The dialog sits in the `┃` block; an answer quoting it is indented without the bar.
	{id: 'opencode/dialog.permission', state: 'needs_input', pattern: String.raw`^\s*┃\s*△\s*Permission required`, region: 'bottom', rows: 12, priority: priority.dialog},

	{
		id: 'opencode/error.auth',
		state: 'auth_failed',
		pattern: String.raw`${errorBlock}(?:Incorrect API key|invalid[ _]?(?:x-)?api[ _-]?key|\bUnauthorized\b|\bauthentication[ _](?:error|failed)\b|\b401\b)`,
		region: 'bottom',
		rows: errorRows,
		supersededBelow: laterTurn,
		priority: priority.authFailed,
	},
	{
		id: 'opencode/error.rate',
		state: 'rate_limited',
		pattern: String.raw`${errorBlock}(?:\brate[ _-]?limit|Too Many Requests|\b429\b|\bquota\b)`,
		region: 'bottom',
		rows: errorRows,
		supersededBelow: laterTurn,
		priority: priority.rateLimited,
	},
	{
		id: 'opencode/error.provider',
		state: 'provider_down',
		pattern: String.raw`${errorBlock}(?:\boverloaded\b|not ready yet|Service Unavailable|Internal server error|\bserver_error\b|\b5(?:0[0234]|29)\b)`,
		region: 'bottom',
		rows: errorRows,
		supersededBelow: laterTurn,
		priority: priority.providerDown,
	},

	{id: 'opencode/working.interrupt', state: 'working', pattern: String.raw`\besc (?:to )?interrupt\b`, region: 'bottom', rows: 3, priority: priority.working},
	{id: 'opencode/working.retrying', state: 'working', pattern: String.raw`\[retrying (?:in \S+ )?attempt #\d+\]`, region: 'bottom', rows: 3, priority: priority.working},
	{id: 'opencode/idle.footer', state: 'idle', pattern: String.raw`\bctrl\+p\s+commands\b`, region: 'bottom', rows: 3, priority: priority.idle},
];

/**
 * The permission prompt's button row (`Allow once   Allow always   Reject`, "Allow once"
 * selected; `⇆ select  enter confirm`): Enter allows once, Esc rejects and ends the turn.
 */
export const opencodeAnswers: readonly DialogAnswer[] = [
	{id: 'opencode/answer.permission', pattern: String.raw`^\s*┃\s*Allow once\s+Allow always\s+Reject\b`, rows: 4, approve: ['Enter'], deny: ['Escape']},
];

export const opencodeAdapter: AgentAdapter = {
	id: 'opencode',
	displayName: 'OpenCode',
	binary: 'opencode',
	installHint: 'npm install -g opencode-ai',
	launch,
	submit: {multiLineEnters: 1, enterDelayMs: 50, bracketSingleLine: false},
	exitCommand: '/exit',
	screenRules: opencodeRules,
	// The `┃` rows above the box's bottom edge; the lowest is its `Build · <model>` line, and a wide
	// pane puts the sidebar's text on the same rows after a wide gap.
	inputBox: {pattern: String.raw`^\s*┃\s{2}(.*?)(?:\s{3,}.*)?$`, rows: 8, empty: String.raw`^(?:\S+ · .+|Ask anything… ".*")$`},
	// Measured with bench/live-truth.ts (9 turns, three with an approved shell command): no idle flashed mid-turn at 250 ms.
	idleDebounceMs: 250,
	contextWindow: knownContextWindow,
	session: opencodeSessions,
	loginFiles: ['auth.json'],
	answers: opencodeAnswers,
	// OPENCODE_CONFIG names a config file merged with the user's global and project ones.
	mcp: {via: 'env-file', env: 'OPENCODE_CONFIG', format: 'opencode'},
};
