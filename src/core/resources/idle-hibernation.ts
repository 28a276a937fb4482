import type {WorkspaceContext} from '../agents/context.js';
import {hibernateIdle} from '../actions/hibernate.js';
import {parseDuration} from '../duration.js';
import {log} from '../log.js';
import type {PaneInfo} from '../tmux/client.js';

/** The recorded states are read at most this often (the idle thresholds are minutes, not ms). */
const CHECK_EVERY_MS = 1000;

/**
 * `[resources] hibernate_idle_after`, done by the recorder (`tt watch`, `tt serve`): an agent whose
 * recorded state has been `idle` that long is stopped like `tt down --idle` (one
 * `agent.hibernated` event, trigger `auto`); its conversation resumes on the next start.
 */
export class IdleHibernation {
	readonly #ctx: WorkspaceContext;
	readonly #afterMs: number | undefined;
	#lastCheck = 0;
	#running: Promise<void> | undefined;

	constructor(ctx: WorkspaceContext) {
		this.#ctx = ctx;
		const setting = ctx.config.resources.hibernate_idle_after;
		this.#afterMs = setting === undefined ? undefined : parseDuration(setting);
	}

	/** Called every poll round with the panes it listed; stops whoever is due, one round at a time. */
	check(panes: ReadonlyMap<string, PaneInfo>): void {
		const afterMs = this.#afterMs;
		if (afterMs === undefined || this.#running || Date.now() - this.#lastCheck < CHECK_EVERY_MS) return;
		this.#lastCheck = Date.now();
		const recorded = this.#ctx.store.agentStates();
		// A persistent agent is one the user asked to keep running: only `tt down --idle` stops it.
		const candidates = this.#ctx.config.agent.filter((agent) => !agent.persistent).map((agent) => {
			const pane = panes.get(this.#ctx.sessionOf(agent.name));
			const row = recorded.get(agent.name);
			return {name: agent.name, state: row?.state ?? 'unknown', since: row?.since ?? null, running: Boolean(pane && !pane.dead)};
		});
		if (!candidates.some((candidate) => candidate.running && candidate.state === 'idle')) return;
		this.#running = hibernateIdle(this.#ctx, {idleForMs: afterMs, trigger: 'auto', candidates})
			.then((results) => {
				for (const result of results) if (result.error) log.warn('could not hibernate an idle agent', {agent: result.agent, error: result.error.message});
			})
			.catch((error: unknown) => log.warn('idle hibernation failed', {error: String(error)}))
			.finally(() => {
				this.#running = undefined;
			});
	}

	/** Waits for a stop under way (the recorder is stopping). */
	async settle(): Promise<void> {
		await this.#running;
	}
}
