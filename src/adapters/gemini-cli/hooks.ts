import type {HookImplication} from '../../core/state/hook-signals.js';

/**
 * What a Gemini CLI (or Qwen Code) hook says about the agent (native-signals.md §D): a turn
 * starts with BeforeAgent and ends with AfterAgent; a tool permission is a Notification.
 * tutti does not register these hooks at launch: the one file Gemini CLI reads beside the user's
 * (`GEMINI_CLI_SYSTEM_DEFAULTS_PATH`) is skipped, with a warning on its screen, when any folder
 * above it is writable by others (a project under /tmp), and the user's settings are not tutti's
 * to write. A user who registers them (`tt hook gemini-cli <event>`) gets turn ends at once.
 */
export function geminiHookState(event: string, payload: Readonly<Record<string, unknown>>): HookImplication | undefined {
	if (event === 'BeforeAgent' || event === 'AfterTool' || event === 'BeforeTool') return {state: 'working'};
	if (event === 'Notification' && payload['notification_type'] === 'ToolPermission') return {state: 'needs_input', detail: String(payload['message'] ?? 'tool permission')};
	// Also after a 401 or an interrupt (`[no response text]`): the screen says which end it was.
	if (event === 'AfterAgent') return {state: 'turn_ended', detail: 'turn ended'};
	if (event === 'SessionStart') return {state: 'idle'};
	if (event === 'SessionEnd') return {state: 'clear'};
	return undefined;
}

