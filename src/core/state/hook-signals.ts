import {appendFileSync, mkdirSync} from 'node:fs';
import path from 'node:path';
import type {AgentState} from './types.js';

/** One line of `.tutti/state/signals.jsonl`, written by `tt hook` for each native hook call. */
export type HookSignalLine = {
	t: number;
	agent: string;
	runtime: string;
	event: string;
	/** The state the hook implies, or `clear` (let other layers decide). */
	state: AgentState | 'clear';
	detail?: string;
	session_id?: string;
};

const stopFailure: Readonly<Record<string, AgentState>> = {
	authentication_failed: 'auth_failed',
	rate_limit: 'rate_limited',
	billing_error: 'rate_limited',
	server_error: 'provider_down',
	overloaded_error: 'provider_down',
};

/**
 * What a CLI hook says about the agent's state (native-signals.md §A/§D). Hooks that fire for
 * every message or mid-turn bookkeeping say nothing (undefined).
 */
export function stateFromHook(runtime: string, event: string, payload: Record<string, unknown>): {state: AgentState | 'clear'; detail?: string} | undefined {
	if (runtime === 'gemini-cli' || runtime === 'qwen-code') {
		if (event === 'BeforeAgent' || event === 'AfterTool' || event === 'BeforeTool') return {state: 'working'};
		if (event === 'Notification' && payload['notification_type'] === 'ToolPermission') return {state: 'needs_input', detail: String(payload['message'] ?? 'tool permission')};
		if (event === 'AfterAgent') return {state: 'clear', detail: 'turn ended'};
		if (event === 'SessionStart') return {state: 'idle'};
		if (event === 'SessionEnd') return {state: 'clear'};
		return undefined;
	}
	switch (event) {
		case 'UserPromptSubmit':
		case 'PreToolUse':
		case 'PostToolUse':
		case 'PreCompact':
			return {state: 'working'};
		case 'PermissionRequest':
			return {state: 'needs_input', detail: `permission: ${String(payload['tool_name'] ?? 'tool')}`};
		case 'Stop':
		case 'SessionStart':
		case 'PostCompact':
			return {state: 'idle'};
		case 'StopFailure': {
			const error = String(payload['error'] ?? '');
			const state = stopFailure[error];
			return state ? {state, detail: String(payload['last_assistant_message'] ?? error)} : {state: 'clear', detail: error};
		}
		case 'Notification':
			// permission_prompt arrives ~6 s after the dialog and idle_prompt after 60 s: PermissionRequest and Stop said it first.
			return undefined;
		case 'SessionEnd':
			return {state: 'clear'};
		default:
			return undefined;
	}
}

export function signalsFile(stateDir: string): string {
	return path.join(stateDir, 'signals.jsonl');
}

/** Appends one signal line (one write; small lines appended with O_APPEND do not interleave). */
export function appendSignal(stateDir: string, line: HookSignalLine): void {
	mkdirSync(stateDir, {recursive: true});
	appendFileSync(signalsFile(stateDir), `${JSON.stringify(line)}\n`);
}
