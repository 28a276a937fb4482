import type {WorkspaceContext} from '../core/agents/context.js';
import {agentUsesWorktree} from '../core/config/resolve.js';
import {agentUsageIn, workspaceUsage, zeroUsage, type WorkspaceUsage} from '../core/usage/index.js';
import type {GlobalConfig} from '../core/config/index.js';
import {profileWindows} from '../core/profiles/windows.js';
import type {UsageReader} from '../server/types.js';
import type {UsageSourceFactory, WindowsSource, WindowsView} from '../tui/data/usage.js';

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
		current.pending = workspaceUsage(info, ctx.services.env, (source, model, tokens) => ctx.services.adapters.contextWindow(source, model, tokens))
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
		forAgent: (agent: string) => agentUsageIn(cache.latest(ctx), agent),
	};
};

/**
 * Each profile's plan windows, re-read at most every `ttlMs` (they scan weeks of logs);
 * concurrent asks share one scan. `latest` never waits.
 */
export function windowsCache(global: GlobalConfig, env: NodeJS.ProcessEnv, ttlMs = 60_000): WindowsSource & {get(): Promise<WindowsView[]>} {
	let latest: WindowsView[] = [];
	let at = 0;
	let pending: Promise<WindowsView[]> | undefined;
	const read = () =>
		(pending ??= profileWindows(global, env)
			.then((entries) => {
				latest = entries.map(({profile, plan, block, week}) => ({profile, plan, block, week}));
				at = Date.now();
				return latest;
			})
			.catch(() => latest)
			.finally(() => {
				pending = undefined;
			}));
	return {
		latest: () => latest,
		refresh: async () => {
			await read();
		},
		get: () => (Date.now() - at < ttlMs ? Promise.resolve(latest) : read()),
	};
}

/** For `tt serve`: per-agent totals and context health, and the profiles' plan windows. */
export function logUsageReader(global: GlobalConfig, env: NodeJS.ProcessEnv): UsageReader {
	const windows = windowsCache(global, env);
	return {
		agentUsage: async (ctx: WorkspaceContext, agent: string) => agentUsageIn(await cache.get(ctx), agent) ?? zeroUsage,
		windows: () => windows.get(),
	};
}
