import {agentBranch, agentUsesWorktree, resolveAgentRuntime} from '../config/resolve.js';
import {worktreePath} from '../workspace/paths.js';
import type {AgentState, StateSource} from '../state/types.js';
import type {WorkspaceContext} from './context.js';
import {observeAgent, recordObservation} from './observe.js';
import {existsSync} from 'node:fs';

export type AgentStatus = {
	workspace: string;
	name: string;
	runtime: string;
	role: string | null;
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
};

/** The live state of every agent of a workspace: one tmux call lists all panes, then one capture per running agent. */
export async function workspaceStatus(ctx: WorkspaceContext): Promise<AgentStatus[]> {
	const panes = new Map((await ctx.services.tmux.listPanes()).map((pane) => [pane.session, pane]));
	const statuses: AgentStatus[] = [];
	for (const agent of ctx.config.agent) {
		const session = ctx.sessionOf(agent.name);
		const pane = panes.get(session);
		const {verdict} = await observeAgent(ctx, agent, pane ?? null);
		recordObservation(ctx, agent.name, verdict);
		const usesWorktree = agentUsesWorktree(ctx.config, agent);
		const worktree = usesWorktree ? worktreePath(ctx.root, agent.name) : null;
		statuses.push({
			workspace: ctx.name,
			name: agent.name,
			runtime: resolveAgentRuntime(ctx.config, agent),
			role: agent.role ?? null,
			state: verdict.state,
			source: verdict.source,
			rule: verdict.rule ?? null,
			detail: verdict.detail ?? null,
			exit_status: verdict.exitStatus ?? null,
			running: Boolean(pane && !pane.dead),
			session,
			pid: pane?.pid ?? null,
			title: pane?.title || null,
			worktree: worktree && existsSync(worktree) ? worktree : null,
			branch: usesWorktree ? agentBranch(agent) : null,
			since: ctx.store.agentStates().get(agent.name)?.since ?? null,
		});
	}
	return statuses;
}
