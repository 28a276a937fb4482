import type {WorkspaceContext} from '../core/agents/context.js';
import {agentUsesWorktree} from '../core/config/resolve.js';
import {workspaceUsage, type WorkspaceUsage} from '../core/usage/index.js';
import type {AgentUsage as ServerAgentUsage, UsageReader} from '../server/types.js';
import type {UsageSourceFactory} from '../tui/data/usage.js';
import type {AgentUsage} from '../tui/types.js';

/**
 * Token usage from the CLIs' own logs (src/core/usage), wired into the TUI and the server. A scan
 * reads every log, so results are kept per workspace for `ttlMs` and concurrent asks share one scan.
 */
class UsageCache {
	readonly #entries = new Map<string, {at: number; value: WorkspaceUsage | undefined; pending: Promise<WorkspaceUsage | undefined> | undefined}>();

	constructor(readonly ttlMs = 10_000) {}

	latest(ctx: WorkspaceContext): WorkspaceUsage | undefined {
		return this.#entries.get(ctx.root)?.value;
	}

	get(ctx: WorkspaceContext, fresh = false): Promise<WorkspaceUsage | undefined> {
		let entry = this.#entries.get(ctx.root);
		if (!entry) this.#entries.set(ctx.root, (entry = {at: 0, value: undefined, pending: undefined}));
		if (entry.pending) return entry.pending;
		if (!fresh && entry.value && Date.now() - entry.at < this.ttlMs) return Promise.resolve(entry.value);
		const info = {name: ctx.name, root: ctx.root, agents: ctx.config.agent.map((agent) => ({name: agent.name, worktree: agentUsesWorktree(ctx.config, agent)}))};
		const current = entry;
		current.pending = workspaceUsage(info, ctx.services.env)
			.then((value) => {
				current.value = value;
				current.at = Date.now();
				return value;
			})
			.catch(() => current.value)
			.finally(() => {
				current.pending = undefined;
			});
		return current.pending;
	}
}

const cache = new UsageCache();

/** For `tt watch`: cards and the focus view read the latest scan; the TUI store calls refresh. */
export const logUsageSource: UsageSourceFactory = (ctx: WorkspaceContext) => {
	void cache.get(ctx);
	return {
		refresh: () => cache.get(ctx, true).then(() => undefined),
		forAgent(agent: string): AgentUsage | undefined {
			const latest = cache.latest(ctx);
			const tokens = latest?.agents.get(agent);
			const context = latest?.context.get(agent);
			if (!tokens && !context) return undefined;
			const byModel: Record<string, {input: number; output: number; cacheRead: number; cacheWrite: number}> = {};
			for (const [model, counts] of tokens?.byModel ?? []) byModel[model] = {input: counts.input_tokens, output: counts.output_tokens, cacheRead: counts.cache_read_tokens, cacheWrite: counts.cache_creation_tokens};
			return {
				input: tokens?.input_tokens ?? 0,
				output: tokens?.output_tokens ?? 0,
				cacheRead: tokens?.cache_read_tokens ?? 0,
				cacheWrite: tokens?.cache_creation_tokens ?? 0,
				byModel,
				contextPct: context?.context_pct ?? undefined,
			};
		},
	};
};

/** For `tt serve`: per-agent totals and context health. */
export const logUsageReader: UsageReader = {
	async agentUsage(ctx: WorkspaceContext, agent: string): Promise<ServerAgentUsage> {
		const usage = await cache.get(ctx);
		const tokens = usage?.agents.get(agent);
		const context = usage?.context.get(agent);
		return {
			input_tokens: tokens?.input_tokens ?? 0,
			output_tokens: tokens?.output_tokens ?? 0,
			cache_read_tokens: tokens?.cache_read_tokens ?? 0,
			cache_creation_tokens: tokens?.cache_creation_tokens ?? 0,
			context_pct: context?.context_pct ?? null,
			model: context?.model ?? null,
		};
	},
};
