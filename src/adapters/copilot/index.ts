import type {AgentAdapter, DialogAnswer, LaunchContext, LaunchSpec} from '../../core/agents/adapter.js';
import type {ScreenRule} from '../../core/state/screen-rules.js';
import {knownContextWindow} from '../shared/context-windows.js';
import {assertSafeAgentName, initialPrompt, optionPrompt, spec, withCommand} from '../shared/launch.js';
import {copilotAllowTools, planPolicy} from '../shared/permissions.js';
import {priority} from '../shared/priorities.js';
import {copilotSessionArgs, copilotSessions} from './sessions.js';

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

/** Copilot CLI's TUI (boxed input, `(Esc to cancel)` while busy). To be checked against recorded screens. */
export const copilotRules: readonly ScreenRule[] = [
	{
		id: 'copilot/dialog.question',
		state: 'needs_input',
		pattern: String.raw`^\s*(?:│\s*)?Do you want to (?:run|proceed|allow|edit|create|make)\b[^?]*\?`,
		region: 'bottom',
		rows: 10,
		priority: priority.dialog,
	},
	{id: 'copilot/dialog.select-yes', state: 'needs_input', pattern: String.raw`^\s*(?:│\s*)?❯\s*1\.\s+Yes\b`, region: 'bottom', rows: 6, priority: priority.dialog},
	{id: 'copilot/dialog.confirm', state: 'needs_input', pattern: String.raw`Confirm with .+ Enter`, region: 'bottom', rows: 4, priority: priority.dialog},
	{id: 'copilot/working.cancel', state: 'working', pattern: String.raw`\(Esc to cancel(?:\s*·[^)]*)?\)`, region: 'bottom', rows: 6, priority: priority.working},
	{id: 'copilot/idle.footer', state: 'idle', pattern: String.raw`\bCtrl\+c\s+Exit\b`, region: 'bottom', rows: 3, priority: priority.idle},
	{id: 'copilot/idle.input-box', state: 'idle', pattern: String.raw`^\s*(?:│\s*)?>\s`, region: 'bottom', rows: 5, priority: priority.idle},
];

/**
 * The tool permission box with `❯ 1. Yes` selected; its footer says how it is answered:
 * `Confirm with number keys or ↑↓ keys and Enter, Cancel with Esc`.
 */
export const copilotAnswers: readonly DialogAnswer[] = [
	{id: 'copilot/answer.permission', pattern: String.raw`^\s*│\s*❯\s*1\.\s+Yes\s*│?$`, rows: 6, approve: ['1'], deny: ['Escape']},
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
	contextWindow: knownContextWindow,
	session: copilotSessions,
	answers: copilotAnswers,
};
