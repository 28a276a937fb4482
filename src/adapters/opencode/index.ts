import type {AgentAdapter, LaunchContext, LaunchSpec} from '../../core/agents/adapter.js';
import type {ScreenRule} from '../../core/state/screen-rules.js';
import {knownContextWindow} from '../shared/context-windows.js';
import {assertSafeAgentName, initialPrompt, optionPrompt, spec, withCommand} from '../shared/launch.js';
import {permissionRules} from '../shared/permissions.js';
import {priority} from '../shared/priorities.js';
import {opencodeSessionArgs, opencodeSessions} from './sessions.js';

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

/**
 * opencode's TUI: `△ Permission required` dialog, `esc interrupt` hint while busy, command hints
 * in the footer while idle. To be checked against recorded screens.
 */
export const opencodeRules: readonly ScreenRule[] = [
	{id: 'opencode/dialog.permission', state: 'needs_input', pattern: String.raw`△\s*Permission required`, region: 'bottom', rows: 12, priority: priority.dialog},
	{id: 'opencode/working.interrupt', state: 'working', pattern: String.raw`\besc (?:to )?interrupt\b`, region: 'bottom', rows: 3, priority: priority.working},
	{id: 'opencode/idle.footer', state: 'idle', pattern: String.raw`\bctrl\+p\s+commands\b`, region: 'bottom', rows: 3, priority: priority.idle},
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
	contextWindow: knownContextWindow,
	session: opencodeSessions,
};
