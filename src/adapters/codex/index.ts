import type {AgentAdapter, LaunchContext, LaunchSpec} from '../../core/agents/adapter.js';
import {openaiContextWindow} from '../shared/context-windows.js';
import {assertSafeAgentName, initialPrompt, joinPrompt, positionalPrompt, spec, withCommand} from '../shared/launch.js';
import {planPolicy} from '../shared/permissions.js';
import {shimLaunch} from '../shared/shim-launch.js';
import {codexAnswers, codexRules} from './rules.js';
import {codexSessionArgs, codexSessions} from './sessions.js';

/**
 * Reference §4.1, as argv:
 * - safe: `codex [args] -- <prompt>`
 * - unattended + bypass: `codex --dangerously-bypass-approvals-and-sandbox …`
 * - auto / unattended + constrained: `codex -a never -s workspace-write … -- <prompt + policy>`
 *   with the bash/sh shims on PATH (`hard_shim`); `apply_patch *` is implied.
 * Resuming puts `resume <thread id>` first: `codex resume <id> [the same options]`.
 *
 * Not added: `--no-daemon`. Codex 0.17x starts a shared `codex app-server` daemon that outlives
 * the TUI (native-signals.md §C) and `--no-daemon` avoids it, but the flag is not in every
 * released version and an unknown flag makes Codex exit; users who have it can put it in
 * `[[agent]].args`.
 */
function launch(context: LaunchContext): LaunchSpec {
	assertSafeAgentName(context.agent);
	const plan = planPolicy(context, {runtime: 'codex', needsShellRules: true});
	const prompt = initialPrompt(context);
	const resume = codexSessionArgs(context.conversation);
	switch (plan.kind) {
		case 'prompt':
			return spec(context, {
				argv: withCommand(context, 'codex', [...resume, ...context.extraArgs, ...positionalPrompt(prompt)]),
				enforcement: 'prompt',
				warnings: plan.warnings,
			});
		case 'bypass':
			return spec(context, {
				argv: withCommand(context, 'codex', [...resume, '--dangerously-bypass-approvals-and-sandbox', ...context.extraArgs, ...positionalPrompt(prompt)]),
				enforcement: 'bypass',
			});
		case 'constrained': {
			const shim = shimLaunch(context, 'codex', plan.rules, ['apply_patch *']);
			// A resumed thread already holds the policy appendix: it is not sent again.
			return spec(context, {
				argv: withCommand(context, 'codex', [...resume, '-a', 'never', '-s', 'workspace-write', ...context.extraArgs, ...positionalPrompt(resume.length > 0 ? undefined : joinPrompt(prompt, shim.appendix))]),
				enforcement: 'hard_shim',
				env: shim.env,
				files: shim.files,
			});
		}
	}
}

export const codexAdapter: AgentAdapter = {
	id: 'codex',
	displayName: 'Codex',
	binary: 'codex',
	installHint: 'npm install -g @openai/codex',
	launch,
	// The first Enter after a bracketed paste only closes the paste in Codex's composer.
	submit: {multiLineEnters: 2, enterDelayMs: 150, bracketSingleLine: false},
	exitCommand: '/exit',
	screenRules: codexRules,
	// The composer `› text` above the footer; the transcript echoes prompts with the same glyph higher
	// up. Its placeholder: today's two, and the rotating examples of older releases.
	inputBox: {
		pattern: String.raw`^› (.*)$`,
		rows: 4,
		lowest: true,
		empty: String.raw`^(?:Ask Codex to do anything|Ask a follow-up question|Explain this codebase|Summarize recent commits|Implement \{feature\}|Find and fix a bug in @filename|Write tests for @filename|Improve documentation in @filename|Run /review on my current changes|Use /skills to list available skills)$`,
	},
	contextWindow: openaiContextWindow,
	session: codexSessions,
	loginFiles: ['auth.json'],
	answers: codexAnswers,
	// No flag takes a config file: `-c` overrides of the `mcp_servers` table, for this launch only.
	mcp: {via: 'config-overrides', flag: '-c', table: 'mcp_servers'},
	// "Esc to interrupt" on its working line.
	interruptKeys: ['Escape'],
};
