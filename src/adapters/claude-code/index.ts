import path from 'node:path';
import type {AgentAdapter, LaunchContext, LaunchSpec} from '../../core/agents/adapter.js';
import {claudeContextWindow} from '../shared/context-windows.js';
import {assertSafeAgentName, initialPrompt, positionalPrompt, spec, withCommand} from '../shared/launch.js';
import {planPolicy, renderClaudeSettings} from '../shared/permissions.js';
import {claudeCodeRules} from './rules.js';

/** `<stateDir>/runtime-settings/<agent>-claude-settings.json`, passed with `--settings`. */
export function claudeSettingsPath(context: LaunchContext): string {
	return path.join(context.stateDir, 'runtime-settings', `${context.agent}-claude-settings.json`);
}

/**
 * Reference §4.1, as argv:
 * - safe: `claude [args] -- <prompt>`
 * - unattended + bypass: `claude --permission-mode bypassPermissions …`
 * - auto / unattended + constrained: `claude --permission-mode dontAsk --settings <file> …`, the
 *   file holding the `[permissions]` rules rendered for Claude (§11.2). `auto` without rules
 *   starts like safe, with a warning.
 * The prompt is positional, after `--`, so it can never be read as a flag or a subcommand.
 */
function launch(context: LaunchContext): LaunchSpec {
	assertSafeAgentName(context.agent);
	const plan = planPolicy(context, {runtime: 'claude-code', needsShellRules: false});
	const tail = [...context.extraArgs, ...positionalPrompt(initialPrompt(context))];
	switch (plan.kind) {
		case 'prompt':
			return spec(context, {argv: withCommand(context, 'claude', tail), enforcement: 'prompt', warnings: plan.warnings});
		case 'bypass':
			return spec(context, {argv: withCommand(context, 'claude', ['--permission-mode', 'bypassPermissions', ...tail]), enforcement: 'bypass'});
		case 'constrained': {
			const settings = claudeSettingsPath(context);
			return spec(context, {
				argv: withCommand(context, 'claude', ['--permission-mode', 'dontAsk', '--settings', settings, ...tail]),
				enforcement: 'hard',
				files: [{path: settings, content: renderClaudeSettings(plan.rules)}],
			});
		}
	}
}

export const claudeCodeAdapter: AgentAdapter = {
	id: 'claude-code',
	displayName: 'Claude Code',
	binary: 'claude',
	installHint: 'npm install -g @anthropic-ai/claude-code',
	launch,
	submit: {multiLineEnters: 1, enterDelayMs: 150},
	exitCommand: '/exit',
	screenRules: claudeCodeRules,
	contextWindow: claudeContextWindow,
};
