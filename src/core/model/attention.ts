import type {AgentState} from '../state/types.js';

/** States in which an agent waits for a person: a question, a login, quota, an outage, silence. */
export const humanStates: ReadonlySet<AgentState> = new Set(['needs_input', 'auth_failed', 'rate_limited', 'provider_down', 'stalled']);

export type AttentionContext = {
	/** The exit status of a stopped agent, when known. */
	exitStatus?: number | null | undefined;
	/** The stop was asked for (`tt down`, the API's down, a workflow's clean-up). */
	expectedStop?: boolean;
	/** The viewer saw it running before (a vanished session is then a crash, not "never started"). */
	seenRunning?: boolean;
	/** A problem the screen does not show (a deleted worktree). */
	problem?: string | null | undefined;
};

/**
 * Whether an agent needs a person — the one definition every surface uses (CLI, `tt watch`, the
 * dashboard, notifications). A stop counts only when nobody asked for it: a non-zero exit, or a
 * session that vanished after it was seen running.
 */
export function needsHuman(state: AgentState, context: AttentionContext = {}): boolean {
	if (context.problem) return true;
	if (state !== 'stopped') return humanStates.has(state);
	if (context.expectedStop) return false;
	if (context.exitStatus !== undefined && context.exitStatus !== null) return context.exitStatus !== 0;
	return context.seenRunning ?? false;
}

/** The stage of the pipeline an agent belongs to: its role; agents without one share one stage. */
export const defaultStage = 'agents';

export function stageOf(agent: {role?: string | null | undefined}): string {
	return agent.role ?? defaultStage;
}
