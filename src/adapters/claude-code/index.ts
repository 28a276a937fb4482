import path from 'node:path';
import type {AgentAdapter, LaunchContext, LaunchSpec, SessionSupport} from '../../core/agents/adapter.js';
import {claudeConfigDir, claudeSessionArgs, newUuid, verifyClaudeTranscript} from '../shared/claude-sessions.js';
import {claudeContextWindow, knownContextWindow} from '../shared/context-windows.js';
import {assertSafeAgentName, initialPrompt, positionalPrompt, spec, withCommand} from '../shared/launch.js';
import {claudeAllowEntries, planPolicy} from '../shared/permissions.js';
import {claudeHookState} from './hooks.js';
import {claudeCodeAnswers, claudeCodeRules} from './rules.js';
import {claudeStatusSignal} from './status-file.js';
import {shellQuote} from '../../core/shell-quote.js';

/** `<stateDir>/runtime-settings/<agent>-claude-settings.json`, passed with `--settings`. */
export function claudeSettingsPath(context: LaunchContext): string {
	return path.join(context.stateDir, 'runtime-settings', `${context.agent}-claude-settings.json`);
}

/**
 * The Claude Code hook events tutti listens to (native-signals.md §A). Left out: MessageDisplay
 * (fires for every displayed message) and Notification (its permission prompt comes ~6 s after
 * the dialog and its idle prompt after 60 s: PermissionRequest and Stop say it first).
 */
export const claudeHookEvents = [
	'UserPromptSubmit',
	'PreToolUse',
	'PermissionRequest',
	'PostToolUse',
	'Stop',
	'StopFailure',
	'SessionStart',
	'SessionEnd',
	'PreCompact',
	'PostCompact',
] as const;

/** Events whose hook groups take a tool matcher. */
const toolEvents: ReadonlySet<string> = new Set(['PreToolUse', 'PermissionRequest', 'PostToolUse']);

/**
 * Seconds Claude gives a hook. `tt hook` appends one line and exits within a few hundred ms, but
 * Claude waits for the Stop hook before it shows the idle prompt, so a wedged hook must not
 * hold the agent up for long.
 */
export const claudeHookTimeoutSeconds = 5;


/** The hook command for one event: `'<node>' '<tt.js>' hook claude-code <Event>`. */
export function claudeHookCommand(context: Pick<LaunchContext, 'nodeBin' | 'tuttiBin'>, event: string): string {
	return [shellQuote(context.nodeBin), shellQuote(context.tuttiBin), 'hook', 'claude-code', event].join(' ');
}

/**
 * The tutti-owned `--settings` file: hooks that report each turn's state to `tt hook` (which
 * appends to `<stateDir>/signals.jsonl`), plus the `[permissions]` allow rules when the launch
 * is constrained. Claude merges it over the user's own settings.
 */
export function renderClaudeRuntimeSettings(context: Pick<LaunchContext, 'nodeBin' | 'tuttiBin'>, allowRules?: readonly string[]): string {
	const hooks: Record<string, unknown[]> = {};
	for (const event of claudeHookEvents) {
		const handler = {type: 'command', command: claudeHookCommand(context, event), timeout: claudeHookTimeoutSeconds};
		hooks[event] = [toolEvents.has(event) ? {matcher: '*', hooks: [handler]} : {hooks: [handler]}];
	}
	const settings: Record<string, unknown> = {hooks};
	if (allowRules !== undefined) settings['permissions'] = {allow: claudeAllowEntries(allowRules)};
	return `${JSON.stringify(settings, null, 2)}\n`;
}

/**
 * Reference §4.1, as argv. Every launch passes tutti's own settings file (hooks, and the rules
 * when constrained) with `--settings <file>`:
 * - safe: `claude --settings <file> [args] -- <prompt>`
 * - unattended + bypass: `claude --permission-mode bypassPermissions --settings <file> …`
 * - auto / unattended + constrained: `claude --permission-mode dontAsk --settings <file> …`, the
 *   file also holding the `[permissions]` rules rendered for Claude (§11.2). `auto` without rules
 *   starts like safe, with a warning.
 * The prompt is positional, after `--`, so it can never be read as a flag or a subcommand.
 * Every launch names its conversation: `--session-id <uuid>` (tutti's choice) or `--resume <uuid>`.
 */
function launch(context: LaunchContext): LaunchSpec {
	assertSafeAgentName(context.agent);
	const plan = planPolicy(context, {runtime: 'claude-code', needsShellRules: false});
	const settings = claudeSettingsPath(context);
	const tail = [...claudeSessionArgs(context.conversation), '--settings', settings, ...context.extraArgs, ...positionalPrompt(initialPrompt(context))];
	switch (plan.kind) {
		case 'prompt':
			return spec(context, {
				argv: withCommand(context, 'claude', tail),
				enforcement: 'prompt',
				warnings: plan.warnings,
				files: [{path: settings, content: renderClaudeRuntimeSettings(context)}],
			});
		case 'bypass':
			return spec(context, {
				argv: withCommand(context, 'claude', ['--permission-mode', 'bypassPermissions', ...tail]),
				enforcement: 'bypass',
				files: [{path: settings, content: renderClaudeRuntimeSettings(context)}],
			});
		case 'constrained':
			return spec(context, {
				argv: withCommand(context, 'claude', ['--permission-mode', 'dontAsk', ...tail]),
				enforcement: 'hard',
				files: [{path: settings, content: renderClaudeRuntimeSettings(context, plan.rules)}],
			});
	}
}

/**
 * Claude Code takes the id tutti chooses (`--session-id`) and resumes with `--resume <id>`
 * (native-signals.md §B); its transcript is `<config>/projects/<cwd slug>/<id>.jsonl`, each
 * entry carrying the cwd.
 */
export const claudeSessions: SessionSupport = {
	identity: 'assigned',
	configDir: ({env}) => claudeConfigDir(env),
	newId: newUuid,
	verify: (query) => verifyClaudeTranscript(query),
};

export const claudeCodeAdapter: AgentAdapter = {
	id: 'claude-code',
	displayName: 'Claude Code',
	binary: 'claude',
	installHint: 'npm install -g @anthropic-ai/claude-code',
	launch,
	submit: {multiLineEnters: 1, enterDelayMs: 150, bracketSingleLine: false},
	exitCommand: '/exit',
	screenRules: claudeCodeRules,
	// Between the rules above and below `❯` (the legacy `╭─╮ │ > │` box too). After an error the empty
	// box suggests resending; at first start it may suggest a prompt (`Try "…"`).
	inputBox: {
		pattern: String.raw`^(?:│\s*)?(?:[❯>]\s?)?\s*(.*?)\s*│?$`,
		rows: 16,
		border: String.raw`^(?:─{10,}|╭─{10,}╮|╰─{10,}╯)`,
		empty: String.raw`^(?:Try "[^"]*"|Resend your message to try again|Once fixed, resend your message)$`,
	},
	// Claude Code behind a proxy can run another provider's model: a name tutti does not know is unknown.
	contextWindow: (model, contextTokens) => (model === undefined ? claudeContextWindow(model, contextTokens) : knownContextWindow(model, contextTokens)),
	session: claudeSessions,
	// Linux and WSL; on macOS the login is in the keychain and no file changes.
	loginFiles: ['.credentials.json'],
	signals: {hookState: claudeHookState, statusFile: claudeStatusSignal},
	answers: claudeCodeAnswers,
	// A generated file with tutti's server only; the user's own MCP servers stay (no --strict-mcp-config).
	mcp: {via: 'flag-file', flag: '--mcp-config', type: 'stdio'},
	// "esc to interrupt" on its working line.
	interruptKeys: ['Escape'],
};
