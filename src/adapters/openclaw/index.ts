import type {AgentAdapter, LaunchContext, LaunchSpec} from '../../core/agents/adapter.js';
import type {ScreenRule} from '../../core/state/screen-rules.js';
import {knownContextWindow} from '../shared/context-windows.js';
import {assertSafeAgentName, initialPrompt, joinPrompt, optionPrompt, spec, withCommand} from '../shared/launch.js';
import {planPolicy} from '../shared/permissions.js';
import {braille, priority} from '../shared/priorities.js';
import {shimLaunch} from '../shared/shim-launch.js';

/**
 * `openclaw chat` is its TUI on the local embedded agent (`tui --local`): no Gateway, no paired
 * device, a provider from ~/.openclaw/openclaw.json. The first prompt goes in with `--message`.
 * - safe: `openclaw chat [args] --message <prompt>`
 * - unattended + bypass: the same. Local mode has no approval dialog at all (an exec that would
 *   need one fails to the model), so there is nothing to bypass: `unsupported`, with a warning.
 * - auto / unattended + constrained: the same with the shims, prompt + policy appendix.
 */
function launch(context: LaunchContext): LaunchSpec {
	assertSafeAgentName(context.agent);
	const plan = planPolicy(context, {runtime: 'openclaw', needsShellRules: true});
	const prompt = initialPrompt(context);
	const argv = (text: string | undefined) => withCommand(context, 'openclaw', ['chat', ...context.extraArgs, ...optionPrompt('--message', '--message', text)]);
	switch (plan.kind) {
		case 'prompt':
			return spec(context, {argv: argv(prompt), enforcement: 'prompt', warnings: plan.warnings});
		case 'bypass':
			return spec(context, {
				argv: argv(prompt),
				enforcement: 'unsupported',
				warnings: [`${context.agent}: openclaw chat has no approval prompts to skip; its exec policy decides alone`],
			});
		case 'constrained': {
			const shim = shimLaunch(context, 'openclaw', plan.rules);
			return spec(context, {argv: argv(joinPrompt(prompt, shim.appendix)), enforcement: 'hard_shim', env: shim.env, files: shim.files});
		}
	}
}

// The TUI (2026.9, recorded against the mock): a transcript whose user and assistant text start
// at column 0 and whose system lines (`run error: …`, auth hints) are indented by one; then one
// status row, the footer (`agent main | session main | <model> | … | tokens …`) and the editor
// between two `─` rules. The status row is `<spinner> <activity> • <elapsed> | <connection>`
// while a run is busy (activities: a waiting phrase ending in `…`, sending, running, streaming,
// finishing context, starting up) and `<connection> | <activity>` otherwise (idle, error,
// aborted). It sets no pane title. Under the status row: the footer (two rows once it wraps on
// a narrow pane) and the editor's two rules.
const statusRows = 6;
// A final error is a system line right above the status row; anything OpenClaw writes at column 0
// below it (a later prompt, an answer) makes it history.
const errorRows = 9;
const later = {pattern: String.raw`^[^\s─]`, count: 1};

export const openclawRules: readonly ScreenRule[] = [
	{
		id: 'openclaw/error.auth',
		state: 'auth_failed',
		// Its own hint after a 401/403, and the cool-down it puts the key in afterwards.
		pattern: String.raw`^ (?:auth or provider access failed for\b|run error: .*\b(?:API key .*temporarily disabled after a provider auth|invalid[ _]api[ _]key|\b40[13]\b))`,
		region: 'bottom',
		rows: errorRows,
		supersededBelow: later,
		priority: priority.authFailed,
	},
	{
		id: 'openclaw/error.rate',
		state: 'rate_limited',
		pattern: String.raw`^ run error: .*(?:rate limit reached|\b429\b|too many requests|quota)`,
		region: 'bottom',
		rows: errorRows,
		supersededBelow: later,
		priority: priority.rateLimited,
	},
	{
		id: 'openclaw/error.provider',
		state: 'provider_down',
		pattern: String.raw`^ run error: .*(?:\b5\d\d\b|overloaded|service unavailable|bad gateway|fetch failed|ECONNREFUSED)`,
		region: 'bottom',
		rows: errorRows,
		supersededBelow: later,
		priority: priority.providerDown,
	},
	{
		id: 'openclaw/working.status',
		state: 'working',
		pattern: String.raw`^ ?[${braille}] \S.* • \d[\dhms ]*\| `,
		region: 'bottom',
		rows: statusRows,
		priority: priority.working,
	},
	// Drawn only when no run is busy; after an error it reads `| error`, and the prompt is open.
	{id: 'openclaw/idle.status', state: 'idle', pattern: String.raw`^ ?\S.* \| (?:idle|error|aborted|abort failed)\s*$`, region: 'bottom', rows: statusRows, priority: priority.idleFooter},
];

export const openclawAdapter: AgentAdapter = {
	id: 'openclaw',
	displayName: 'OpenClaw',
	binary: 'openclaw',
	installHint: 'npm install -g openclaw',
	launch,
	submit: {multiLineEnters: 1, enterDelayMs: 50, bracketSingleLine: false},
	exitCommand: '/exit',
	screenRules: openclawRules,
	// Between the two rules at the bottom, no glyph.
	inputBox: {pattern: String.raw`^\s*(.*?)\s*$`, rows: 16, border: String.raw`^─{10,}`},
	contextWindow: knownContextWindow,
};
