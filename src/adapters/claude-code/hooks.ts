import type {HookImplication} from '../../core/state/hook-signals.js';
import type {AgentState} from '../../core/state/types.js';

/** `StopFailure`'s `error` field → the state it means. */
const stopFailure: Readonly<Record<string, AgentState>> = {
	authentication_failed: 'auth_failed',
	rate_limit: 'rate_limited',
	billing_error: 'rate_limited',
	server_error: 'provider_down',
	overloaded_error: 'provider_down',
};

/**
 * What a Claude Code hook says about the agent (native-signals.md §A). Hooks that fire for every
 * message or for mid-turn bookkeeping say nothing (undefined).
 */
export function claudeHookState(event: string, payload: Readonly<Record<string, unknown>>): HookImplication | undefined {
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
