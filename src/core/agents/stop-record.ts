import type {WorkspaceContext} from './context.js';

/** Why tutti ended an agent's session itself. */
export type StopReason = 'manual' | 'worktree_missing' | 'workflow_reclaim' | 'idle' | 'memory_max';

const details: Readonly<Record<StopReason, string>> = {
	manual: 'stopped by tt down',
	worktree_missing: 'stopped to recreate its deleted worktree',
	workflow_reclaim: 'stopped at the end of the workflow run that started it',
	idle: 'hibernated after being idle: the next tt up or tt send --auto-up resumes its conversation',
	memory_max: 'stopped: its processes held more memory than its memory_max; tt up resumes its conversation',
};

/**
 * Records a stop tutti made as ONE `agent.stopped` event: the state change, carrying why and which
 * session. (Emitting a reason event and recording the state separately gave every stop two
 * `agent.stopped` events, shown twice in the dashboard and the TUI ticker.) When a recorder saw
 * the session vanish first, that record stands and nothing more is written.
 */
export function recordStop(ctx: WorkspaceContext, agent: string, stop: {reason: StopReason; session: string; runId?: string}): void {
	ctx.store.recordState(ctx.name, agent, {
		state: 'stopped',
		source: 'session',
		rule: 'session.killed',
		detail: details[stop.reason],
		data: {reason: stop.reason, session_name: stop.session, ...(stop.runId ? {run_id: stop.runId} : {})},
	});
}
