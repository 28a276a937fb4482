import type {HookImplication} from '../../core/state/hook-signals.js';

/**
 * What a Gemini CLI hook says about the agent (native-signals.md §D): a turn starts with
 * BeforeAgent and ends with AfterAgent; a tool permission is a Notification. tutti registers no
 * Gemini hooks yet: the settings file it hands the CLI for `tt mcp` (`GEMINI_CLI_SYSTEM_DEFAULTS_PATH`)
 * could carry them, but it is skipped under a folder others may write (/tmp), where the e2e tests
 * run. A user who registers them (`tt hook gemini-cli <event>`) gets turn ends without a debounce.
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

