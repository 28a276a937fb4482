import type {WorkspaceContext} from '../agents/context.js';
import {IdleHibernation} from '../resources/idle-hibernation.js';
import {MemoryWatchdog} from '../resources/memory-watchdog.js';
import type {PaneInfo} from '../tmux/client.js';
import {ConflictWatch} from './conflict-watch.js';

/**
 * What the recorder looks after each poll round besides states (only when recording): agents idle
 * past `[resources] hibernate_idle_after` are stopped, agents past their `memory_max` are stopped,
 * and collisions between the agents' worktrees are found. Each rate-limits itself.
 */
export class RecorderChecks {
	readonly #hibernation: IdleHibernation;
	readonly #memory: MemoryWatchdog;
	readonly #conflicts: ConflictWatch;

	constructor(ctx: WorkspaceContext) {
		this.#hibernation = new IdleHibernation(ctx);
		this.#memory = new MemoryWatchdog(ctx);
		this.#conflicts = new ConflictWatch(ctx);
	}

	/** One round, with the panes it listed. */
	check(panes: ReadonlyMap<string, PaneInfo>): void {
		this.#hibernation.check(panes);
		this.#memory.check(panes);
		this.#conflicts.check();
	}

	/** Waits for what is under way (the recorder is stopping). */
	async settle(): Promise<void> {
		await this.#hibernation.settle();
		await this.#memory.settle();
		await this.#conflicts.settle();
	}
}
