import type {PaneInfo} from '../tmux/client.js';
import {ProcessSampler, type TreeResources} from './sampler.js';

/** An agent's resources as every surface reports them: null when unknown (not running, no /proc). */
export type AgentResources = {rss_bytes: number | null; cpu_pct: number | null};

export const unknownResources: AgentResources = Object.freeze({rss_bytes: null, cpu_pct: null});

let shared: ProcessSampler | undefined;

/** The process's one sampler, so every surface in it shares samples and CPU deltas. */
export function processSampler(): ProcessSampler {
	return (shared ??= new ProcessSampler());
}

/**
 * RSS and CPU % of an agent's whole process tree: its pane's process (the CLI tmux started) and
 * every descendant (tools, language servers, shells it spawned). The one definition the CLI, the
 * TUI and the server present.
 */
export function agentResources(pane: Pick<PaneInfo, 'pid' | 'dead'> | undefined | null, sampler: ProcessSampler = processSampler()): AgentResources {
	if (!pane || pane.dead || pane.pid === undefined) return unknownResources;
	const tree: TreeResources | undefined = sampler.tree(pane.pid);
	return tree ? {rss_bytes: tree.rssBytes, cpu_pct: tree.cpuPct} : unknownResources;
}
