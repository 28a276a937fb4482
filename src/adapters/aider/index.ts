import type {AgentAdapter, LaunchContext, LaunchSpec} from '../../core/agents/adapter.js';
import type {ScreenRule} from '../../core/state/screen-rules.js';
import {knownContextWindow} from '../shared/context-windows.js';
import {assertSafeAgentName, deferPrompt, initialPrompt, joinPrompt, spec, withCommand} from '../shared/launch.js';
import {planPolicy} from '../shared/permissions.js';
import {priority} from '../shared/priorities.js';
import {shimLaunch} from '../shared/shim-launch.js';

/**
 * Reference §4.1 passes the prompt with `--message`, which is aider's one-shot mode: it answers
 * and exits. Here the prompt is never on the command line; `tt up` types it once aider shows its
 * prompt (`TUTTI_DEFERRED_PROMPT`), so aider stays interactive.
 * - safe: `aider [args]`
 * - unattended + bypass: `aider --yes-always [args]` (aider otherwise stops at every y/n question)
 * - auto / unattended + constrained: `aider [args]` with the shims, and the policy appendix
 *   added to the deferred prompt.
 */
function launch(context: LaunchContext): LaunchSpec {
	assertSafeAgentName(context.agent);
	const plan = planPolicy(context, {runtime: 'aider', needsShellRules: true});
	const prompt = initialPrompt(context);
	switch (plan.kind) {
		case 'prompt': {
			const deferred = deferPrompt(context, prompt);
			return spec(context, {argv: withCommand(context, 'aider', [...context.extraArgs]), enforcement: 'prompt', ...deferred, warnings: plan.warnings});
		}
		case 'bypass':
			return spec(context, {argv: withCommand(context, 'aider', ['--yes-always', ...context.extraArgs]), enforcement: 'bypass', ...deferPrompt(context, prompt)});
		case 'constrained': {
			const shim = shimLaunch(context, 'aider', plan.rules);
			const deferred = deferPrompt(context, joinPrompt(prompt, shim.appendix));
			return spec(context, {
				argv: withCommand(context, 'aider', [...context.extraArgs]),
				enforcement: 'hard_shim',
				env: {...shim.env, ...deferred.env},
				files: [...shim.files, ...deferred.files],
			});
		}
	}
}

// aider prints litellm's exception name, then its own one-line explanation, at column 0.
export const aiderRules: readonly ScreenRule[] = [
	{
		id: 'aider/dialog.yes-no',
		state: 'needs_input',
		pattern: String.raw`\(Y\)es/\(N\)o\b.*\[(?:Yes|No)\]:\s*$`,
		region: 'bottom',
		rows: 2,
		priority: priority.dialog,
	},
	{
		id: 'aider/error.auth',
		state: 'auth_failed',
		pattern: String.raw`^(?:litellm\.)?AuthenticationError\b|^The API provider is not able to authenticate you\b`,
		region: 'bottom',
		rows: 6,
		priority: priority.authFailed,
	},
	{
		id: 'aider/error.rate',
		state: 'rate_limited',
		pattern: String.raw`^(?:litellm\.)?RateLimitError\b|^The API provider has rate limited you\b`,
		region: 'bottom',
		rows: 6,
		priority: priority.rateLimited,
	},
	{
		id: 'aider/error.provider',
		state: 'provider_down',
		pattern: String.raw`^(?:litellm\.)?(?:ServiceUnavailableError|InternalServerError|APIConnectionError)\b|^The API provider's servers are down or overloaded\b`,
		region: 'bottom',
		rows: 6,
		priority: priority.providerDown,
	},
	{id: 'aider/working.waiting', state: 'working', pattern: String.raw`Waiting for (?:LLM|[\w./:@-]+)\s*$`, region: 'bottom', rows: 2, priority: priority.working},
	// `> `, or the chat mode's prompt (`ask> `, `architect> `, `multi> `), as the last row.
	{id: 'aider/idle.prompt', state: 'idle', pattern: String.raw`^[\w-]*>(?:\s|$)`, region: 'bottom', rows: 1, priority: priority.idle},
];

export const aiderAdapter: AgentAdapter = {
	id: 'aider',
	displayName: 'Aider',
	binary: 'aider',
	installHint: 'python -m pip install aider-install && aider-install',
	launch,
	submit: {multiLineEnters: 1, enterDelayMs: 50, bracketSingleLine: false},
	exitCommand: '/exit',
	screenRules: aiderRules,
	// Its prompt is the last row: `> ` (or `architect> `), what is typed after it.
	inputBox: {pattern: String.raw`^[\w-]*> (.*)$`, rows: 1},
	contextWindow: knownContextWindow,
};
