import type {WorkspaceUsage} from './by-agent.js';
import type {TokenCounts} from './types.js';

/**
 * One agent's token usage and how full its context is: the one shape `tt watch`, `tt serve`'s
 * API and the dashboard read (core/usage's convention: cache reads and writes apart from input).
 */
export type AgentUsage = TokenCounts & {
	by_model: Readonly<Record<string, TokenCounts>>;
	/** Model of the latest reply; null when the agent has none in the logs. */
	model: string | null;
	/** Share of the model's context window in use, 0–100 with one decimal; null when unknown. */
	context_pct: number | null;
};

export const zeroUsage: AgentUsage = {input_tokens: 0, output_tokens: 0, cache_read_tokens: 0, cache_creation_tokens: 0, by_model: {}, model: null, context_pct: null};

/** Everything the agent's replies cost, in tokens. */
export function totalTokens(usage: TokenCounts): number {
	return usage.input_tokens + usage.output_tokens + usage.cache_read_tokens + usage.cache_creation_tokens;
}

/** The agent's usage out of a workspace scan; undefined when the logs know nothing of it. */
export function agentUsageIn(usage: WorkspaceUsage | undefined, agent: string): AgentUsage | undefined {
	const tokens = usage?.agents.get(agent);
	const context = usage?.context.get(agent);
	if (!tokens && !context) return undefined;
	return {
		input_tokens: tokens?.input_tokens ?? 0,
		output_tokens: tokens?.output_tokens ?? 0,
		cache_read_tokens: tokens?.cache_read_tokens ?? 0,
		cache_creation_tokens: tokens?.cache_creation_tokens ?? 0,
		by_model: Object.fromEntries(tokens?.byModel ?? []),
		model: context?.model ?? null,
		context_pct: context?.context_pct ?? null,
	};
}
