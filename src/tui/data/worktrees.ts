import type {WorkspaceContext} from '../../core/agents/context.js';
import {agentUsesWorktree} from '../../core/config/index.js';
import {inspectWorktree} from '../../core/git/index.js';
import {log} from '../../core/log.js';

export type WorktreeCounts = {changes: number; ahead: number};

/** Reads an agent's worktree change counts; undefined when it has none. */
export type WorktreeProbe = (ctx: WorkspaceContext, agent: string) => Promise<WorktreeCounts | undefined>;

export const inspectProbe: WorktreeProbe = async (ctx, agent) => {
	const config = ctx.config.agent.find((candidate) => candidate.name === agent);
	if (!config || !agentUsesWorktree(ctx.config, config)) return undefined;
	const inspection = await inspectWorktree(ctx.root, agent, ctx.services.runner);
	return inspection.exists ? {changes: inspection.changedFiles, ahead: inspection.aheadOfProject} : undefined;
};

/**
 * Runs worktree probes one at a time (git is not free: a sweep of fifty agents must not spawn
 * fifty processes at once), newest request first, each agent at most once in the queue.
 */
export class WorktreeQueue {
	readonly #probe: WorktreeProbe;
	readonly #onResult: (key: string, counts: WorktreeCounts | undefined) => void;
	readonly #queue: Array<{key: string; ctx: WorkspaceContext; agent: string}> = [];
	#running = false;
	#stopped = false;

	constructor(probe: WorktreeProbe, onResult: (key: string, counts: WorktreeCounts | undefined) => void) {
		this.#probe = probe;
		this.#onResult = onResult;
	}

	request(key: string, ctx: WorkspaceContext, agent: string): void {
		if (this.#stopped || this.#queue.some((item) => item.key === key)) return;
		this.#queue.push({key, ctx, agent});
		void this.#drain();
	}

	async #drain(): Promise<void> {
		if (this.#running) return;
		this.#running = true;
		try {
			for (let item = this.#queue.shift(); item && !this.#stopped; item = this.#queue.shift()) {
				try {
					this.#onResult(item.key, await this.#probe(item.ctx, item.agent));
				} catch (error) {
					log.debug('worktree probe failed', {agent: item.key, error: String(error)});
				}
			}
		} finally {
			this.#running = false;
		}
	}

	stop(): void {
		this.#stopped = true;
		this.#queue.length = 0;
	}
}
