import type {AgentAdapter, LaunchContext, LaunchSpec} from '../../core/agents/adapter.js';
import {geminiContextWindow} from '../shared/context-windows.js';
import {assertSafeAgentName, initialPrompt, optionPrompt, spec, withCommand} from '../shared/launch.js';
import {permissionRules} from '../shared/permissions.js';
import {geminiHookState} from './hooks.js';
import {geminiCliRules, geminiFamilyAnswers, geminiFamilyInputBox} from './rules.js';
import {geminiSessionArgs, geminiSessions} from './sessions.js';

/**
 * Launch for Gemini CLI and Qwen Code (a Gemini CLI fork with the same flags, except that Qwen
 * spells the approval mode `auto-edit`). The prompt goes with `-i` (prompt-interactive: run it,
 * then stay interactive).
 * - safe: `<bin> [args] -i <prompt>`
 * - unattended + bypass: `<bin> --yolo …`
 * - auto / unattended + constrained: `<bin> --approval-mode <autoEdit> …`: edits are approved,
 *   shell commands still ask (the CLI has no allow list tutti could feed), hence `prompt`.
 */
export function geminiFamilyLaunch(context: LaunchContext, options: {runtime: string; binary: string; autoEdit: string; sessionArgs?: (conversation: LaunchContext['conversation']) => string[]}): LaunchSpec {
	assertSafeAgentName(context.agent);
	const tail = [...(options.sessionArgs?.(context.conversation) ?? []), ...context.extraArgs, ...optionPrompt('-i', '--prompt-interactive', initialPrompt(context))];
	if (context.mode === 'safe') return spec(context, {argv: withCommand(context, options.binary, tail), enforcement: 'prompt'});
	if (context.mode === 'unattended' && context.policy === 'bypass') {
		return spec(context, {argv: withCommand(context, options.binary, ['--yolo', ...tail]), enforcement: 'bypass'});
	}
	const warnings: string[] = [];
	if (permissionRules(context).length > 0 || context.mode === 'unattended') {
		warnings.push(
			`${context.agent}: ${options.runtime} cannot apply [permissions] allow rules; it approves file edits and asks before each shell command` +
				(context.mode === 'unattended' ? ' (nobody may be there to answer: use --policy bypass for unattended runs)' : ''),
		);
	}
	return spec(context, {argv: withCommand(context, options.binary, ['--approval-mode', options.autoEdit, ...tail]), enforcement: 'prompt', warnings});
}

export const geminiCliAdapter: AgentAdapter = {
	id: 'gemini-cli',
	displayName: 'Gemini CLI',
	binary: 'gemini',
	installHint: 'npm install -g @google/gemini-cli',
	launch: (context) => geminiFamilyLaunch(context, {runtime: 'gemini-cli', binary: 'gemini', autoEdit: 'auto_edit', sessionArgs: geminiSessionArgs}),
	submit: {multiLineEnters: 1, enterDelayMs: 150, bracketSingleLine: true},
	exitCommand: '/quit',
	screenRules: geminiCliRules,
	inputBox: geminiFamilyInputBox('half-blocks'),
	// Measured with bench/live-truth.ts (9 turns, three with an approved shell command): no idle flashed mid-turn at 250 ms.
	idleDebounceMs: 250,
	contextWindow: geminiContextWindow,
	session: geminiSessions,
	// "Login with Google"; API-key users lose no login to renew.
	loginFiles: ['oauth_creds.json'],
	signals: {hookState: geminiHookState},
	answers: geminiFamilyAnswers('gemini-cli'),
	// System defaults: the settings layer below the user's and the project's, so it overrides nothing
	// of theirs; `mcpServers` is shallow-merged across layers, so their servers stay beside tutti's.
	mcp: {via: 'env-file', env: 'GEMINI_CLI_SYSTEM_DEFAULTS_PATH', format: 'gemini-settings', needsPrivateParents: true},
	// "esc to cancel" on its working line.
	interruptKeys: ['Escape'],
};
