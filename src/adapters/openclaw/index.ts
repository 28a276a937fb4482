import type {AgentAdapter, LaunchContext, LaunchSpec} from '../../core/agents/adapter.js';
import type {ScreenRule} from '../../core/state/screen-rules.js';
import {knownContextWindow} from '../shared/context-windows.js';
import {assertSafeAgentName, initialPrompt, joinPrompt, optionPrompt, spec, withCommand} from '../shared/launch.js';
import {planPolicy} from '../shared/permissions.js';
import {braille, priority} from '../shared/priorities.js';
import {shimLaunch} from '../shared/shim-launch.js';

/**
 * Reference §4.1, as argv:
 * - safe: `openclaw [args] --prompt <prompt>`
 * - unattended + bypass: the same (openclaw has no flag to skip approvals: `unsupported`)
 * - auto / unattended + constrained: the same with the shims, prompt + policy appendix.
 */
function launch(context: LaunchContext): LaunchSpec {
	assertSafeAgentName(context.agent);
	const plan = planPolicy(context, {runtime: 'openclaw', needsShellRules: true});
	const prompt = initialPrompt(context);
	const argv = (text: string | undefined) => withCommand(context, 'openclaw', [...context.extraArgs, ...optionPrompt('--prompt', '--prompt', text)]);
	switch (plan.kind) {
		case 'prompt':
			return spec(context, {argv: argv(prompt), enforcement: 'prompt', warnings: plan.warnings});
		case 'bypass':
			return spec(context, {
				argv: argv(prompt),
				enforcement: 'unsupported',
				warnings: [`${context.agent}: openclaw has no flag to skip approvals; it may still ask before tools`],
			});
		case 'constrained': {
			const shim = shimLaunch(context, 'openclaw', plan.rules);
			return spec(context, {argv: argv(joinPrompt(prompt, shim.appendix)), enforcement: 'hard_shim', env: shim.env, files: shim.files});
		}
	}
}

/**
 * Not yet checked against recorded screens: patterns follow the reference's literal tables,
 * anchored to line starts so answer prose does not match.
 */
export const openclawRules: readonly ScreenRule[] = [
	{
		id: 'openclaw/error.auth',
		state: 'auth_failed',
		pattern: String.raw`^\s*(?:✗|✕|Error:)\s*.*(?:\binvalid_api_key\b|\bauthentication_error\b|\b401\b|not authenticated|token has expired)`,
		region: 'bottom',
		rows: 4,
		priority: priority.authFailed,
	},
	{
		id: 'openclaw/error.rate',
		state: 'rate_limited',
		pattern: String.raw`^\s*(?:✗|✕|Error:)\s*.*(?:\brate_limit_exceeded\b|\b429\b|too many requests|quota exceeded)`,
		region: 'bottom',
		rows: 4,
		priority: priority.rateLimited,
	},
	{
		id: 'openclaw/error.provider',
		state: 'provider_down',
		pattern: String.raw`^\s*(?:✗|✕|Error:)\s*.*(?:service unavailable|temporarily unavailable|provider unavailable|bad gateway|gateway timeout|upstream timeout|\b50[234]\b)`,
		region: 'bottom',
		rows: 4,
		priority: priority.providerDown,
	},
	{id: 'openclaw/working.spinner', state: 'working', pattern: `^\\s*[${braille}]\\s+\\S`, region: 'bottom', rows: 3, priority: priority.workingWeak},
	{id: 'openclaw/idle.prompt', state: 'idle', pattern: String.raw`^\s*openclaw>(?:\s|$)`, region: 'bottom', rows: 2, priority: priority.idle},
	{
		id: 'openclaw/idle.greeting',
		state: 'idle',
		pattern: String.raw`^\s*(?:What would you like to do\?|How can I help)`,
		region: 'bottom',
		rows: 3,
		priority: priority.idle,
	},
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
	contextWindow: knownContextWindow,
};
