import type {AgentAdapter, DialogAnswer, LaunchContext, LaunchSpec} from '../../core/agents/adapter.js';
import type {ScreenRule} from '../../core/state/screen-rules.js';
import {knownContextWindow} from '../shared/context-windows.js';
import {assertSafeAgentName, initialPrompt, optionPrompt, spec, withCommand} from '../shared/launch.js';
import {copilotAllowTools, planPolicy} from '../shared/permissions.js';
import {priority} from '../shared/priorities.js';
import {copilotSessionArgs, copilotSessions} from './sessions.js';
import {exitedToShellRules} from '../shared/exited.js';

/**
 * GitHub Copilot CLI; `-i <prompt>` runs the prompt and stays interactive.
 * - safe: `copilot [args] -i <prompt>`
 * - unattended + bypass: `copilot --allow-all-tools …`
 * - auto / unattended + constrained: `copilot --allow-tool <tool> … [args] -i <prompt>`: Copilot
 *   has its own allow list, so the rules are enforced by the CLI itself (`hard`). Shell rules
 *   become `shell(<command prefix>)`, Claude's edit tools `write`.
 */
function launch(context: LaunchContext): LaunchSpec {
	assertSafeAgentName(context.agent);
	const tail = [...copilotSessionArgs(context.conversation), ...context.extraArgs, ...optionPrompt('-i', '--interactive', initialPrompt(context))];
	const plan = planPolicy(context, {runtime: 'copilot', needsShellRules: false});
	switch (plan.kind) {
		case 'prompt':
			return spec(context, {argv: withCommand(context, 'copilot', tail), enforcement: 'prompt', warnings: plan.warnings});
		case 'bypass':
			return spec(context, {argv: withCommand(context, 'copilot', ['--allow-all-tools', ...tail]), enforcement: 'bypass'});
		case 'constrained': {
			const tools = copilotAllowTools(plan.rules);
			const warnings = tools.length === 0 ? [`${context.agent}: none of the [permissions] rules map to Copilot tools; it asks before each tool`] : [];
			return spec(context, {
				// `--allow-tool` is variadic: one value per flag, and never directly before an operand.
				argv: withCommand(context, 'copilot', [...tools.flatMap((tool) => ['--allow-tool', tool]), ...tail]),
				enforcement: tools.length === 0 ? 'prompt' : 'hard',
				warnings,
			});
		}
	}
}

// Copilot CLI 1.0.x prints a final API error as `✗ …` at column 1 (answers start with `●` and
// are indented after it): `✗ Authentication failed with provider at <url> (HTTP 401).` or
// `✗ Failed to get response from the AI model; retried 5 times (…) Last error: 429 …`, whose
// status wraps onto the next row at 80 columns. Under it: the cwd line, the input box (`❯`
// between two rules) and the footer; rows holding only its scrollbar (`┃`) count as rows.
const errorRows = 12;
// The input box is one `❯` row; a later prompt adds its echo (`❯ Try again   15:04`), so two
// rows under an error mean it is history.
const laterPrompt = {pattern: String.raw`^ ?❯(?:\s|$)`, count: 2};
const finalError = String.raw`^ ?✗\s`;
const lastError = (status: string) => String.raw`(?:^ ?✗\s.*|^\s+.*)\bLast error: ${status}\b`;

/**
 * Copilot CLI's TUI (1.0.x): transcript, `❯` input box between two rules, a footer that reads
 * `← open sidebar · Interactive · Manual Approval · / commands · ? help` while idle and
 * `◉ Working  esc esc edit prompt` while busy; tool permissions in a `╭…╮` box.
 */
export const copilotRules: readonly ScreenRule[] = [
	// Its goodbye names the resume command: `copilot --resume=<id>`.
	...exitedToShellRules('copilot', String.raw`\bcopilot --resume=\S+`),
	// Dialog rows sit inside the permission box (`│ … │`); an answer quoting them is indented.
	{
		id: 'copilot/dialog.question',
		state: 'needs_input',
		pattern: String.raw`^\s*│\s*Do you want to (?:run|proceed|allow|edit|create|make)\b[^?]*\?`,
		region: 'bottom',
		rows: 10,
		priority: priority.dialog,
	},
	{id: 'copilot/dialog.select-yes', state: 'needs_input', pattern: String.raw`^\s*│\s*❯\s*1\.\s+Yes\b`, region: 'bottom', rows: 8, priority: priority.dialog},
	{id: 'copilot/dialog.confirm', state: 'needs_input', pattern: String.raw`^\s*│?\s*(?:Confirm with .+ Enter|↑/↓ to navigate · enter to select\b)`, region: 'bottom', rows: 4, priority: priority.dialog},

	{id: 'copilot/error.auth', state: 'auth_failed', pattern: String.raw`${finalError}.*(?:Authentication failed\b|\(HTTP 40[13]\))|${lastError('40[13]')}`, region: 'bottom', rows: errorRows, supersededBelow: laterPrompt, priority: priority.authFailed},
	{id: 'copilot/error.rate', state: 'rate_limited', pattern: String.raw`${finalError}.*\(HTTP 429\)|${lastError('429')}`, region: 'bottom', rows: errorRows, supersededBelow: laterPrompt, priority: priority.rateLimited},
	{id: 'copilot/error.provider', state: 'provider_down', pattern: String.raw`${finalError}.*\(HTTP 5\d\d\)|${lastError('5\\d\\d')}`, region: 'bottom', rows: errorRows, supersededBelow: laterPrompt, priority: priority.providerDown},

	// The footer while a turn runs: `◉ Working  esc esc edit prompt` (the glyph pulses).
	{id: 'copilot/working.footer', state: 'working', pattern: String.raw`^ ?\S\s+Working\b`, region: 'bottom', rows: 2, priority: priority.working},
	// Older releases: `∙ Thinking (Esc to cancel · 12s)` at column 0 (a quoted one is indented).
	{id: 'copilot/working.cancel', state: 'working', pattern: String.raw`^ ?\S\s+\S.*\(Esc to cancel(?:\s*·[^)]*)?\)`, region: 'bottom', rows: 6, priority: priority.working},
	{id: 'copilot/idle.footer', state: 'idle', pattern: String.raw`(?:\bCtrl\+c\s+Exit\b|open sidebar · .*/ commands\b)`, region: 'bottom', rows: 3, priority: priority.idleFooter},
	{id: 'copilot/idle.input-box', state: 'idle', pattern: String.raw`^(?:\s*│\s*)?[>❯](?:\s|$)`, region: 'bottom', rows: 5, priority: priority.idle},
];

/**
 * The tool permission box with `❯ 1. Yes` selected; its footer says how it is answered
 * (`↑/↓ to navigate · enter to select · esc to cancel`): `1` picks "Yes" (what the e2e test
 * presses), Esc the decline it names (`No, and tell Copilot what to do differently (Esc to stop)`).
 */
export const copilotAnswers: readonly DialogAnswer[] = [
	{id: 'copilot/answer.permission', pattern: String.raw`^\s*│\s*❯\s*1\.\s+Yes\s*(?:│.*)?$`, rows: 8, approve: ['1'], deny: ['Escape']},
];

export const copilotAdapter: AgentAdapter = {
	id: 'copilot',
	displayName: 'Copilot CLI',
	binary: 'copilot',
	installHint: 'npm install -g @github/copilot',
	launch,
	submit: {multiLineEnters: 1, enterDelayMs: 50, bracketSingleLine: false},
	exitCommand: '/exit',
	screenRules: copilotRules,
	// Between the rules above and below `❯` (a rounded `│ > │` box with a placeholder in older releases).
	inputBox: {
		pattern: String.raw`^\s*(?:│\s*)?(?:[❯>]\s?)?\s*(.*?)\s*│?$`,
		rows: 16,
		border: String.raw`^(?:─{10,}|╭─{10,}╮|╰─{10,}╯)`,
		empty: String.raw`^Enter @ to mention files or / for commands$`,
	},
	// Measured with bench/live-truth.ts (9 turns, three with an approved shell command): no idle flashed mid-turn at 250 ms.
	idleDebounceMs: 250,
	contextWindow: knownContextWindow,
	session: copilotSessions,
	answers: copilotAnswers,
	// Augments ~/.copilot/mcp-config.json for this session; `@` marks a file path.
	mcp: {via: 'flag-file', flag: '--additional-mcp-config', prefix: '@', type: 'local', extra: {tools: ['*']}},
};
