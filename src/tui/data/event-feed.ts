import type {WorkspaceContext} from '../../core/agents/context.js';
import {log} from '../../core/log.js';
import type {StoredEvent} from '../../core/store/store.js';
import type {RunView, TickerItem} from '../types.js';
import {foldRuns, tickerItem, visibleRuns, type RunDraft} from './events.js';

/** Reads each workspace's event log after the last id seen: the ticker and the workflow runs. */
export class EventFeed {
	readonly #contexts: readonly WorkspaceContext[];
	readonly #cap: number;
	readonly #lastId = new Map<string, number>();
	#runs = new Map<string, RunDraft>();
	ticker: readonly TickerItem[] = [];

	constructor(contexts: readonly WorkspaceContext[], cap: number) {
		this.#contexts = contexts;
		this.#cap = cap;
		const seeded: TickerItem[] = [];
		for (const ctx of contexts) {
			const recent = read(() => ctx.store.lastEvents(400));
			this.#lastId.set(ctx.name, recent.at(-1)?.id ?? 0);
			this.#runs = foldRuns(this.#runs, recent);
			seeded.push(...recent.slice(-40).map(tickerItem));
		}
		this.ticker = seeded.sort((a, b) => a.time - b.time);
	}

	/** Reads new events; true when there were any. */
	poll(): boolean {
		let fresh = 0;
		for (const ctx of this.#contexts) {
			const events = read(() => ctx.store.eventsAfter(this.#lastId.get(ctx.name) ?? 0, {limit: 500}));
			if (events.length === 0) continue;
			fresh += events.length;
			this.#lastId.set(ctx.name, events.at(-1)?.id ?? 0);
			this.#runs = foldRuns(this.#runs, events);
			this.ticker = [...this.ticker, ...events.map(tickerItem)].slice(-this.#cap);
		}
		return fresh > 0;
	}

	runs(stageOf: (workspace: string, agent: string) => string | undefined): RunView[] {
		return visibleRuns(this.#runs, stageOf);
	}
}

function read(fn: () => StoredEvent[]): StoredEvent[] {
	try {
		return fn();
	} catch (error) {
		log.debug('event log read failed', {error: String(error)});
		return [];
	}
}
