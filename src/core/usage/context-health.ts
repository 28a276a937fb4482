import type {Attributor, WorkspaceInfo} from './attribute.js';
import type {UsageRecord, UsageSource} from './types.js';

/**
 * The context window (tokens) of `model` as the CLI that wrote the log counts it — the adapters
 * declare it (AdapterRegistry.contextWindow) — or undefined when unknown.
 */
export type ContextWindowOf = (source: UsageSource, model: string, contextTokens: number) => number | undefined;

/** How full an agent's context is, from its latest reply in the logs. */
export type ContextHealth = {
	agent: string;
	/** Model of the latest reply; null when the agent has none in the logs. */
	model: string | null;
	/** Tokens the latest reply read: input + cache read + cache creation. */
	context_tokens: number | null;
	context_window: number | null;
	/** Percent of the window in use, one decimal; null when the window is unknown. */
	context_pct: number | null;
	/** When the latest reply was written (ISO). */
	at: string | null;
};

/** The tokens a reply had in its context window. */
export function contextTokens(record: UsageRecord): number {
	return record.input_tokens + record.cache_read_tokens + record.cache_creation_tokens;
}

/**
 * Context health of every agent of `workspace` (configured ones first, in config order, then any
 * other agent found in the logs): the latest reply's context tokens against its model's window.
 * API-error placeholders (`<synthetic>` model, no tokens) are not replies.
 */
export function contextHealth(records: readonly UsageRecord[], attributor: Attributor, workspace: WorkspaceInfo, windowOf: ContextWindowOf): ContextHealth[] {
	const latest = new Map<string, UsageRecord>();
	for (const record of records) {
		if (record.model === '<synthetic>' || contextTokens(record) === 0) continue;
		const owner = attributor.attribute(record.cwd);
		if (!owner || owner.workspace !== workspace.name || owner.agent === null) continue;
		const seen = latest.get(owner.agent);
		if (!seen || record.timestamp > seen.timestamp) latest.set(owner.agent, record);
	}
	const configured = workspace.agents.map((agent) => agent.name);
	const others = [...latest.keys()].filter((name) => !configured.includes(name)).sort();
	return [...configured, ...others].map((agent) => {
		const record = latest.get(agent);
		if (!record) return {agent, model: null, context_tokens: null, context_window: null, context_pct: null, at: null};
		const tokens = contextTokens(record);
		const window = windowOf(record.source, record.model, tokens) ?? null;
		return {
			agent,
			model: record.model,
			context_tokens: tokens,
			context_window: window,
			context_pct: window === null ? null : Math.round((1000 * tokens) / window) / 10,
			at: new Date(record.timestamp).toISOString(),
		};
	});
}
