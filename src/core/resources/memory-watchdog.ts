import type {WorkspaceContext} from '../agents/context.js';
import {stopAgents} from '../actions/stop.js';
import {log} from '../log.js';
import type {PaneInfo} from '../tmux/client.js';
import {agentResources} from './agent-resources.js';
import {memoryCapOf} from './memory-cap.js';

/** Samples are at least this far apart (the sampler reads /proc at most every 2 s). */
const CHECK_EVERY_MS = 1000;
/** Over the cap in this many samples running: one spike while a tool starts is not a runaway. */
const STRIKES = 2;

/**
 * `memory_max`, held by the recorder (`tt watch`, `tt serve`) wherever the kernel does not hold it
 * (no systemd user scopes, see memory-cap.ts) — and a second line where it does: an agent whose
 * whole process tree holds more than its cap in two samples running is stopped before it takes the
 * machine down (`agent.memory_exceeded`, then `agent.stopped` with reason `memory_max`); its
 * conversation resumes on the next `tt up`. The notifier tells a person.
 */
export class MemoryWatchdog {
	readonly #ctx: WorkspaceContext;
	readonly #strikes = new Map<string, number>();
	#lastCheck = 0;
	#running: Promise<void> | undefined;

	constructor(ctx: WorkspaceContext) {
		this.#ctx = ctx;
	}

	/** Called every poll round with the panes it listed. */
	check(panes: ReadonlyMap<string, PaneInfo>): void {
		if (this.#running || Date.now() - this.#lastCheck < CHECK_EVERY_MS) return;
		const capped = this.#ctx.config.agent.flatMap((agent) => {
			const cap = memoryCapOf(this.#ctx.config, agent);
			return cap === undefined ? [] : [{name: agent.name, cap}];
		});
		if (capped.length === 0) return;
		this.#lastCheck = Date.now();
		const over: Array<{name: string; cap: number; rss: number}> = [];
		for (const {name, cap} of capped) {
			const rss = agentResources(panes.get(this.#ctx.sessionOf(name))).rss_bytes;
			if (rss === null || rss <= cap) {
				this.#strikes.delete(name);
				continue;
			}
			const strikes = (this.#strikes.get(name) ?? 0) + 1;
			this.#strikes.set(name, strikes);
			if (strikes >= STRIKES) over.push({name, cap, rss});
		}
		if (over.length === 0) return;
		this.#running = this.#stop(over).finally(() => {
			this.#running = undefined;
		});
	}

	async #stop(over: ReadonlyArray<{name: string; cap: number; rss: number}>): Promise<void> {
		for (const {name, cap, rss} of over) {
			this.#strikes.delete(name);
			this.#ctx.emit('agent.memory_exceeded', name, {rss_bytes: rss, memory_max: cap});
			try {
				const [result] = await stopAgents(this.#ctx, {agents: [name], reason: 'memory_max'});
				if (result?.error) log.warn('could not stop an agent over its memory_max', {agent: name, error: result.error.message});
			} catch (error) {
				log.warn('could not stop an agent over its memory_max', {agent: name, error: String(error)});
			}
		}
	}

	/** Waits for a stop under way (the recorder is stopping). */
	async settle(): Promise<void> {
		await this.#running;
	}
}
