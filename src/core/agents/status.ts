import {agentBranch, agentUsesWorktree} from '../config/resolve.js';
import {worktreePath} from '../workspace/paths.js';
import type {AgentState, StateSource} from '../state/types.js';
import type {WorkspaceContext} from './context.js';
import {currentVerdict, lastOutputAt, recordedState} from './observe.js';
import {missingWorktree, missingWorktreeProblem} from './worktree-health.js';
import {existsSync} from 'node:fs';
import {readAgentSession} from '../store/sessions.js';
import {agentResources} from '../resources/agent-resources.js';
import {conflictsOf} from '../git/conflicts.js';
import {latestConflictReport} from '../store/team-conflicts.js';
import {agentHostName} from '../hosts/resolve.js';

export type AgentStatus = {
	workspace: string;
	name: string;
	runtime: string;
	role: string | null;
	/** The `[[host]]` it runs on; null: this machine. */
	host: string | null;
	state: AgentState;
	source: StateSource;
	rule: string | null;
	detail: string | null;
	exit_status: number | null;
	running: boolean;
	session: string;
	pid: number | null;
	title: string | null;
	worktree: string | null;
	branch: string | null;
	/** When the current state began (from the store). */
	since: string | null;
	/** When the pane last printed anything (the recorded output log's last write). */
	last_output_at: string | null;
	/** The CLI's own id of the conversation `tt up` resumes (null: none recorded, or not known yet). */
	conversation_id: string | null;
	/** Something a person must fix that the screen does not show (a running agent whose worktree was deleted). */
	problem: string | null;
	/** Resident memory of the agent's whole process tree (its CLI and every descendant); null when unknown (not running, no /proc). */
	rss_bytes: number | null;
	/** CPU of that tree in % of one core (over the last ~2 s sample; the lifetime average on a first look); null when unknown. */
	cpu_pct: number | null;
	/**
	 * Where its work collides with the target branch and the other agents' worktrees, as the
	 * recorder last found it (`at`); null when no recorder has looked (`tt diff` looks at once).
	 */
	collisions: (ReturnType<typeof conflictsOf> & {at: string}) | null;
};

/** The state of every agent of a workspace (see {@link currentVerdict}): one tmux call lists all panes, then one capture per running agent. */
export async function workspaceStatus(ctx: WorkspaceContext): Promise<AgentStatus[]> {
	const panes = new Map((await ctx.services.tmux.listPanes()).map((pane) => [pane.session, pane]));
	const statuses: AgentStatus[] = [];
	// Who records and what was recorded, read once (not once per agent).
	const known = recordedState(ctx);
	for (const agent of ctx.config.agent) {
		const session = ctx.sessionOf(agent.name);
		const pane = panes.get(session);
		const {verdict} = await currentVerdict(ctx, agent, pane ?? null, known);
		const outputAt = lastOutputAt(ctx, agent.name);
		const usesWorktree = agentUsesWorktree(ctx.config, agent);
		const running = Boolean(pane && !pane.dead);
		const gone = running ? missingWorktree(ctx, agent) : undefined;
		const worktree = usesWorktree ? worktreePath(ctx.root, agent.name) : null;
		statuses.push({
			workspace: ctx.name,
			name: agent.name,
			runtime: ctx.runtimeOf(agent),
			role: agent.role ?? null,
			host: agentHostName(ctx.config, agent) ?? null,
			state: verdict.state,
			source: verdict.source,
			rule: verdict.rule ?? null,
			detail: verdict.detail ?? null,
			exit_status: verdict.exitStatus ?? null,
			running,
			session,
			pid: pane?.pid ?? null,
			title: pane?.title || null,
			worktree: worktree && existsSync(worktree) ? worktree : null,
			branch: usesWorktree ? agentBranch(agent) : null,
			since: null,
			last_output_at: outputAt?.toISOString() ?? null,
			conversation_id: null,
			problem: gone === undefined ? null : missingWorktreeProblem(agent.name, gone),
			...agentResources(pane),
			collisions: null,
		});
	}
	const recorded = ctx.store.agentStates();
	const conflicts = latestConflictReport(ctx.store);
	for (const status of statuses) {
		if (conflicts && status.worktree !== null) status.collisions = {...conflictsOf(conflicts.report, status.name), at: conflicts.at};
		status.since = recorded.get(status.name)?.since ?? null;
		const conversation = readAgentSession(ctx.store, status.name);
		status.conversation_id = conversation?.runtime === status.runtime ? conversation.session_id : null;
	}
	return statuses;
}
