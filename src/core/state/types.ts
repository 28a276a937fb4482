/** The states tutti knows an agent to be in. */
export const agentStates = [
	'starting',
	'working',
	'idle',
	'needs_input',
	'auth_failed',
	'rate_limited',
	'provider_down',
	'stalled',
	'stopped',
	/** Its `[[host]]` does not answer over ssh: the agent may well still run there (core/hosts). */
	'unreachable',
	'unknown',
] as const;
export type AgentState = (typeof agentStates)[number];


/** Which layer decided a state. Stronger sources come first. */
/** `activity`: a CLI without screen rules, judged by whether its output flows (low confidence). */
/** `host`: the agent's `[[host]]` could not be reached, so nothing on it could be looked at. */
export type StateSource = 'pane' | 'native' | 'title' | 'screen' | 'hysteresis' | 'activity' | 'session' | 'host' | 'none';

export type StateVerdict = {
	state: AgentState;
	source: StateSource;
	/** Id of the rule or signal that decided it, e.g. `claude-code/dialog.permission`. */
	rule: string | undefined;
	/** Human-readable reason (the matched text, the exit status, …). */
	detail: string | undefined;
	/** For `stopped`: the exit status of the agent CLI when known. */
	exitStatus?: number | undefined;
};
