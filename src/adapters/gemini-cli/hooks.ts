import type {HookImplication} from '../../core/state/hook-signals.js';

/**
 * What a Gemini CLI (or Qwen Code) hook says about the agent (native-signals.md §D): a turn
 * starts with BeforeAgent and ends with AfterAgent; a tool permission is a Notification.
 */
export function geminiHookState(event: string, payload: Readonly<Record<string, unknown>>): HookImplication | undefined {
	if (event === 'BeforeAgent' || event === 'AfterTool' || event === 'BeforeTool') return {state: 'working'};
	if (event === 'Notification' && payload['notification_type'] === 'ToolPermission') return {state: 'needs_input', detail: String(payload['message'] ?? 'tool permission')};
	if (event === 'AfterAgent') return {state: 'clear', detail: 'turn ended'};
	if (event === 'SessionStart') return {state: 'idle'};
	if (event === 'SessionEnd') return {state: 'clear'};
	return undefined;
}
