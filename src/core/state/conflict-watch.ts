import type {WorkspaceContext} from '../agents/context.js';
import {agentBranch, agentUsesWorktree} from '../config/resolve.js';
import {findConflicts} from '../git/conflicts.js';
import {log} from '../log.js';
import {recordConflictReport} from '../store/team-conflicts.js';

/** How often the recorder looks (each look is one `git stash create` per worktree; merge-trees only when a commit moved). */
const CHECK_EVERY_MS = 10_000;

/**
 * Conflict warnings, done by the recorder (`tt watch`, `tt serve`): every few seconds, in the
 * background of the poll round, the team's conflict report is refreshed (answered from a cache
 * unless a worktree or the target changed), stored for `tt status --json`, and each collision
 * that is new is one `conflict.detected` event.
 */
export class ConflictWatch {
	readonly #ctx: WorkspaceContext;
	#lastCheck = 0;
	#running: Promise<void> | undefined;

	constructor(ctx: WorkspaceContext) {
		this.#ctx = ctx;
	}

	check(): void {
		if (this.#running || Date.now() - this.#lastCheck < CHECK_EVERY_MS) return;
		this.#lastCheck = Date.now();
		const team = this.#ctx.config.agent.filter((agent) => agentUsesWorktree(this.#ctx.config, agent)).map((agent) => ({agent: agent.name, branch: agentBranch(agent)}));
		if (team.length === 0) return;
		this.#running = findConflicts({root: this.#ctx.root, runner: this.#ctx.services.runner, agents: team})
			.then((report) => {
				for (const collision of recordConflictReport(this.#ctx.store, report)) {
					this.#ctx.emit('conflict.detected', collision.agents[0] ?? null, {kind: collision.kind, agents: collision.agents, files: collision.files, target: report.target.branch}, `conflict-${Date.now()}`);
				}
			})
			.catch((error: unknown) => log.warn('conflict check failed', {error: String(error)}))
			.finally(() => {
				this.#running = undefined;
			});
	}

	/** Waits for a check under way (the recorder is stopping). */
	async settle(): Promise<void> {
		await this.#running;
	}
}
