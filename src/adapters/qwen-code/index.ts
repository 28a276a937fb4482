import type {AgentAdapter} from '../../core/agents/adapter.js';
import type {ScreenRule} from '../../core/state/screen-rules.js';
import {geminiFamilyLaunch} from '../gemini-cli/index.js';
import {claudeHookState} from '../claude-code/hooks.js';
import {geminiFamilyAnswers, geminiFamilyInputBox, geminiFamilyRules} from '../gemini-cli/rules.js';
import {geminiSessionArgs} from '../gemini-cli/sessions.js';
import {knownContextWindow} from '../shared/context-windows.js';
import {qwenSessions} from './sessions.js';

/** Qwen Code is a Gemini CLI fork: same TUI, same dialogs and error items. */
export const qwenCodeRules: readonly ScreenRule[] = geminiFamilyRules('qwen-code');

export const qwenCodeAdapter: AgentAdapter = {
	id: 'qwen-code',
	displayName: 'Qwen Code',
	binary: 'qwen',
	installHint: 'npm install -g @qwen-code/qwen-code',
	// Qwen's --approval-mode values are plan | default | auto-edit | yolo (hyphen, unlike Gemini).
	launch: (context) => geminiFamilyLaunch(context, {runtime: 'qwen-code', binary: 'qwen', autoEdit: 'auto-edit', sessionArgs: geminiSessionArgs}),
	submit: {multiLineEnters: 1, enterDelayMs: 150, bracketSingleLine: true},
	exitCommand: '/quit',
	screenRules: qwenCodeRules,
	inputBox: geminiFamilyInputBox('rules'),
	// Measured with bench/live-truth.ts (9 turns, three with an approved shell command): no idle flashed mid-turn at 250 ms.
	idleDebounceMs: 250,
	contextWindow: knownContextWindow,
	// Same flags as Gemini CLI (`--session-id`, `--resume`), its own log layout.
	session: qwenSessions,
	// Qwen OAuth; API-key users lose no login to renew.
	loginFiles: ['oauth_creds.json'],
	// Qwen Code's hooks are Claude Code's (UserPromptSubmit, PreToolUse, PermissionRequest, Stop, StopFailure
	// with the same error types), not Gemini CLI's it forked from: read in its 0.15 and 0.24 sources.
	signals: {hookState: claudeHookState},
	// Gemini CLI's confirmation, and Qwen's own (`› 1. Yes, allow once`; inside a `│` box in 0.15,
	// without one in 0.24): Enter allows once, Esc is the decline it names (`No, suggest changes
	// (esc)`). 0.24's second option switches the approval mode, which approve never does.
	answers: [
		...geminiFamilyAnswers('qwen-code'),
		{id: 'qwen-code/answer.allow-once', pattern: String.raw`^\s*(?:│\s*)?›\s*1\.\s+Yes, allow once\b`, rows: 9, approve: ['Enter'], deny: ['Escape']},
	],
	// As Gemini CLI: its system-defaults layer, under every settings file of the user's.
	mcp: {via: 'env-file', env: 'QWEN_CODE_SYSTEM_DEFAULTS_PATH', format: 'gemini-settings', needsPrivateParents: true},
	// "esc to cancel", as Gemini CLI.
	interruptKeys: ['Escape'],
};
