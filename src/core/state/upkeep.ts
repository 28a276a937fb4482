import path from 'node:path';
import type {WorkspaceContext} from '../agents/context.js';
import {rotateLog} from '../agents/log-rotate.js';
import {missingWorktree, missingWorktreeProblem} from '../agents/worktree-health.js';
import type {AgentConfig} from '../config/index.js';
import {log} from '../log.js';
import type {PaneInfo} from '../tmux/client.js';

/** What a recorder looks after besides states: bounded output logs, worktrees that vanish. */
export class RecorderUpkeep {
	readonly #ctx: WorkspaceContext;
	#lastRotation = 0;
	/** Running agents whose worktree is gone, reported once each (until it is back). */
	readonly #worktreeGone = new Set<string>();

	constructor(ctx: WorkspaceContext) {
		this.#ctx = ctx;
	}

	/** Keeps every agent's raw output log bounded (checked every 30 s). */
	rotateLogs(): void {
		if (Date.now() - this.#lastRotation < 30_000) return;
		this.#lastRotation = Date.now();
		for (const agent of this.#ctx.config.agent) {
			try {
				rotateLog(path.join(this.#ctx.paths.logs, `${agent.name}.log`));
			} catch (error) {
				log.warn('log rotation failed', {agent: agent.name, error: String(error)});
			}
		}
	}

	/** One `agent.worktree_missing` event when a running agent's worktree disappears. */
	checkWorktree(agent: AgentConfig, pane: PaneInfo | undefined): void {
		const gone = pane && !pane.dead ? missingWorktree(this.#ctx, agent) : undefined;
		if (gone === undefined) {
			this.#worktreeGone.delete(agent.name);
			return;
		}
		if (this.#worktreeGone.has(agent.name)) return;
		this.#worktreeGone.add(agent.name);
		this.#ctx.emit('agent.worktree_missing', agent.name, {path: gone, problem: missingWorktreeProblem(agent.name, gone)});
	}
}
