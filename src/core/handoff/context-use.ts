import type {WorkspaceContext} from '../agents/context.js';
import {readAgentRecord} from '../agents/record.js';
import {agentUsesWorktree} from '../config/resolve.js';
import {readAgentSession} from '../store/sessions.js';
import {workspaceUsage} from '../usage/by-agent.js';

/**
 * How full the agent's context window is, percent (the one computation the TUI and the dashboard
 * show: the latest reply's context tokens against the model's window, from the CLI's own logs).
 * Only logs written since the agent's current launch are read: an earlier conversation's fill
 * says nothing about this one. Null when the CLI logs nothing tutti reads, or nothing yet.
 */
export async function agentContextPct(ctx: WorkspaceContext, agent: string): Promise<number | null> {
	const launched = readAgentSession(ctx.store, agent)?.launched_at ?? readAgentRecord(ctx, agent)?.started_at;
	const since = launched === undefined ? undefined : new Date(Date.parse(launched) - 60_000);
	const info = {name: ctx.name, root: ctx.root, agents: ctx.config.agent.map((entry) => ({name: entry.name, worktree: agentUsesWorktree(ctx.config, entry)}))};
	const usage = await workspaceUsage(info, ctx.services.env, (source, model, tokens) => ctx.services.adapters.contextWindow(source, model, tokens), since && !Number.isNaN(since.getTime()) ? {since} : {});
	return usage.context.get(agent)?.context_pct ?? null;
}

/** The reference's trigger: context used ≥ round(100 − 100 × threshold) %, threshold being the fraction left. */
export function autoTriggerPct(threshold: number): number {
	return Math.round(100 - 100 * threshold);
}
