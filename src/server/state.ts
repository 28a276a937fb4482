import {existsSync} from 'node:fs';
import type {WorkspaceContext} from '../core/agents/context.js';
import {workspaceStatus} from '../core/agents/status.js';
import {agentBranch, agentUsesWorktree, launchOrder, resolveAgentRuntime} from '../core/config/index.js';
import type {PaneInfo} from '../core/tmux/client.js';
import {worktreePath} from '../core/workspace/paths.js';
import {noUsage, type AgentUsage, type ServerCore} from './types.js';

/** One agent as the API and the dashboard show it. */
export type AgentSummary = {
	workspace: string;
	agent: string;
	runtime: string;
	role: string | null;
	/** The floor stage the agent stands in: its role, else its own name. */
	stage: string;
	state: string;
	source: string | null;
	rule: string | null;
	detail: string | null;
	exit_status: number | null;
	since: string | null;
	running: boolean;
	session: string;
	worktree: string | null;
	branch: string | null;
	usage: AgentUsage;
};

export type WorkspaceSummary = {
	name: string;
	description: string | null;
	/** Stages in pipeline order (roles in `depends_on` order of their first agent). */
	stages: string[];
	workflows: string[];
	agents: AgentSummary[];
};

/** Pipeline stages of a workspace: roles (or agent names) in launch order, without repeats. */
export function stagesOf(ctx: WorkspaceContext): string[] {
	return [...new Set(launchOrder(ctx.config).map((agent) => agent.role ?? agent.name))];
}

type Cached = {at: number; value: Promise<AgentSummary[]>};
const cache = new WeakMap<WorkspaceContext, Cached>();

/**
 * The agents of a workspace now. With a recorder running, states come from its observers (and the
 * store they keep current) and one `list-panes` call; without one, from a live `workspaceStatus`.
 * Results are shared for `maxAgeMs` so a burst of clients connecting costs one look.
 */
export function agentSummaries(core: ServerCore, ctx: WorkspaceContext, maxAgeMs = 300): Promise<AgentSummary[]> {
	const cached = cache.get(ctx);
	if (cached && Date.now() - cached.at <= maxAgeMs) return cached.value;
	const value = computeSummaries(core, ctx);
	cache.set(ctx, {at: Date.now(), value});
	value.catch(() => cache.delete(ctx));
	return value;
}

/** Forgets cached summaries (after an action changed something). */
export function invalidateSummaries(ctx: WorkspaceContext): void {
	cache.delete(ctx);
}

async function computeSummaries(core: ServerCore, ctx: WorkspaceContext): Promise<AgentSummary[]> {
	const usage = core.usage ?? noUsage;
	const observer = core.observer?.(ctx.name);
	const rows: AgentSummary[] = [];
	if (!observer) {
		for (const status of await workspaceStatus(ctx)) {
			rows.push({
				workspace: ctx.name,
				agent: status.name,
				runtime: status.runtime,
				role: status.role,
				stage: status.role ?? status.name,
				state: status.state,
				source: status.source,
				rule: status.rule,
				detail: status.detail,
				exit_status: status.exit_status,
				since: status.since,
				running: status.running,
				session: status.session,
				worktree: status.worktree,
				branch: status.branch,
				usage: await safeUsage(usage.agentUsage(ctx, status.name)),
			});
		}
		return order(ctx, rows);
	}
	const panes = new Map<string, PaneInfo>((await ctx.services.tmux.listPanes().catch(() => [])).map((pane) => [pane.session, pane]));
	const stored = ctx.store.agentStates();
	for (const agent of ctx.config.agent) {
		const session = ctx.sessionOf(agent.name);
		const pane = panes.get(session);
		const verdict = observer.observer(agent.name)?.verdict;
		const row = stored.get(agent.name);
		const running = Boolean(pane && !pane.dead);
		const state = !running ? 'stopped' : (verdict?.state ?? row?.state ?? 'starting');
		const usesWorktree = agentUsesWorktree(ctx.config, agent);
		const worktree = usesWorktree ? worktreePath(ctx.root, agent.name) : null;
		rows.push({
			workspace: ctx.name,
			agent: agent.name,
			runtime: resolveAgentRuntime(ctx.config, agent),
			role: agent.role ?? null,
			stage: agent.role ?? agent.name,
			state,
			source: verdict?.source ?? row?.source ?? null,
			rule: verdict?.rule ?? row?.rule ?? null,
			detail: verdict?.detail ?? row?.detail ?? (running ? null : 'not running'),
			exit_status: pane?.dead ? (pane.deadStatus ?? null) : (verdict?.exitStatus ?? null),
			since: row?.since ?? null,
			running,
			session,
			worktree: worktree && existsSync(worktree) ? worktree : null,
			branch: usesWorktree ? agentBranch(agent) : null,
			usage: await safeUsage(usage.agentUsage(ctx, agent.name)),
		});
	}
	return order(ctx, rows);
}

function order(ctx: WorkspaceContext, rows: AgentSummary[]): AgentSummary[] {
	const rank = new Map(launchOrder(ctx.config).map((agent, index) => [agent.name, index]));
	return rows.sort((a, b) => (rank.get(a.agent) ?? 0) - (rank.get(b.agent) ?? 0));
}

async function safeUsage(value: Promise<AgentUsage>): Promise<AgentUsage> {
	try {
		return await value;
	} catch {
		return {input_tokens: 0, output_tokens: 0, cache_read_tokens: 0, cache_creation_tokens: 0, context_pct: null, model: null};
	}
}

export async function workspaceSummary(core: ServerCore, ctx: WorkspaceContext): Promise<WorkspaceSummary> {
	return {
		name: ctx.name,
		description: ctx.config.workspace.description ?? null,
		stages: stagesOf(ctx),
		workflows: ctx.config.workflow.map((workflow) => workflow.name),
		agents: await agentSummaries(core, ctx),
	};
}
