import {existsSync} from 'node:fs';
import type {WorkspaceContext} from '../core/agents/context.js';
import {workspaceStatus} from '../core/agents/status.js';
import {missingWorktree, missingWorktreeProblem} from '../core/agents/worktree-health.js';
import {needsHuman, stageOf} from '../core/model/attention.js';
import type {AgentState} from '../core/state/types.js';
import {agentBranch, agentUsesWorktree, launchOrder} from '../core/config/index.js';
import type {PaneInfo} from '../core/tmux/client.js';
import {worktreePath} from '../core/workspace/paths.js';
import {agentResources} from '../core/resources/agent-resources.js';
import {collidingWith} from '../core/git/conflicts.js';
import {latestConflictReport} from '../core/store/team-conflicts.js';
import {unreadAgents} from '../core/store/notices.js';
import {agentHostName} from '../core/hosts/resolve.js';
import {hostOutageOf} from '../core/hosts/host-tmux.js';
import {noUsage, zeroUsage, type AgentUsage, type ServerCore} from './types.js';

/** One agent as the API and the dashboard show it. */
export type AgentSummary = {
	workspace: string;
	agent: string;
	runtime: string;
	role: string | null;
	/** The `[[host]]` it runs on (the dashboard tags its card); null: the machine tutti runs on. */
	host: string | null;
	/** The floor stage the agent stands in (core/model stageOf: its role, else the shared `agents` stage). */
	stage: string;
	state: string;
	/** Whether it needs a person (core/model needsHuman): the dashboard shows exactly this. */
	attention: boolean;
	/** News about it nobody has seen yet (core/store notices): read by opening it up close, or `ack`. */
	unread: boolean;
	/** A problem the screen does not show (a deleted worktree), with how to fix it. */
	problem: string | null;
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
	/** Resident memory of the agent's process tree (core/resources agentResources); null when unknown. */
	rss_bytes: number | null;
	/** CPU of that tree, % of one core; null when unknown. */
	cpu_pct: number | null;
	/** Whom its work collides with (core collidingWith: agents, then the target branch), from the recorder's last conflict report. */
	collisions: string[];
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
	return [...new Set(launchOrder(ctx.config).map((agent) => stageOf(agent)))];
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
	const unread = unreadAgents(ctx.store);
	if (!observer) {
		for (const status of await workspaceStatus(ctx)) {
			rows.push({
				workspace: ctx.name,
				agent: status.name,
				runtime: status.runtime,
				role: status.role,
				host: status.host,
				stage: stageOf(status),
				state: status.state,
				attention: needsHuman(status.state, {exitStatus: status.exit_status, expectedStop: status.rule === 'session.killed', problem: status.problem}),
				unread: unread.has(status.name),
				problem: status.problem,
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
				rss_bytes: status.rss_bytes,
				cpu_pct: status.cpu_pct,
				collisions: [],
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
		// A host that does not answer lists no panes: its agents are unreachable, not stopped.
		const state: AgentState = hostOutageOf(ctx.services.tmux, session) ? 'unreachable' : !running ? 'stopped' : (verdict?.state ?? (row?.state as AgentState | undefined) ?? 'starting');
		const usesWorktree = agentUsesWorktree(ctx.config, agent);
		const worktree = usesWorktree ? worktreePath(ctx.root, agent.name) : null;
		const gone = running ? missingWorktree(ctx, agent) : undefined;
		const problem = gone === undefined ? null : missingWorktreeProblem(agent.name, gone);
		const rule = verdict?.rule ?? row?.rule ?? null;
		const exitStatus = pane?.dead ? (pane.deadStatus ?? null) : (verdict?.exitStatus ?? null);
		rows.push({
			workspace: ctx.name,
			agent: agent.name,
			runtime: ctx.runtimeOf(agent),
			role: agent.role ?? null,
			host: agentHostName(ctx.config, agent) ?? null,
			stage: stageOf(agent),
			state,
			attention: needsHuman(state, {exitStatus, expectedStop: rule === 'session.killed', problem}),
			unread: unread.has(agent.name),
			problem,
			source: verdict?.source ?? row?.source ?? null,
			rule,
			detail: verdict?.detail ?? row?.detail ?? (running ? null : 'not running'),
			exit_status: exitStatus,
			since: row?.since ?? null,
			running,
			session,
			worktree: worktree && existsSync(worktree) ? worktree : null,
			branch: usesWorktree ? agentBranch(agent) : null,
			usage: await safeUsage(usage.agentUsage(ctx, agent.name)),
			...agentResources(pane),
			collisions: [],
		});
	}
	return order(ctx, rows);
}

function order(ctx: WorkspaceContext, rows: AgentSummary[]): AgentSummary[] {
	// Collisions as the recorder last stored them: the summary runs no git.
	const conflicts = latestConflictReport(ctx.store);
	if (conflicts) for (const row of rows) row.collisions = collidingWith(conflicts.report, row.agent);
	const rank = new Map(launchOrder(ctx.config).map((agent, index) => [agent.name, index]));
	return rows.sort((a, b) => (rank.get(a.agent) ?? 0) - (rank.get(b.agent) ?? 0));
}

async function safeUsage(value: Promise<AgentUsage>): Promise<AgentUsage> {
	try {
		return await value;
	} catch {
		return zeroUsage;
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
