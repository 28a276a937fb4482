import type {StoredEvent, Store} from '../../core/store/store.js';
import {log} from '../../core/log.js';
import type {Cursor} from './cursor.js';
import {sseFrame} from './sse.js';

/** One event ready to send: serialised once, shared by every client. */
export type HubEvent = {
	event: StoredEvent;
	/** `JSON.stringify(event)`. */
	json: string;
	/** The SSE frame with the store id as its id (what clients of one workspace get). */
	frame: string;
};

/** Receives each round's new events at once, so a client can take a batch in one write. */
export type HubListener = (items: readonly HubEvent[]) => void;

export type EventHubOptions = {
	/** How often the stores are read for events written by other processes. @default 100 */
	pollMs?: number;
};

/**
 * Reads new events from every served workspace's store and fans them out to subscribers. Several
 * processes write a store (CLI commands, `tt watch`), so the hub polls `eventsAfter(lastId)`
 * server-side — a cheap indexed read — and `kick()` reads at once when this process wrote
 * something (the recorder's state changes, actions), so those reach clients without waiting.
 */
export class EventHub {
	readonly stores: ReadonlyMap<string, Store>;
	readonly #names: readonly string[];
	readonly #last: Cursor = new Map();
	readonly #listeners = new Set<HubListener>();
	readonly #options: EventHubOptions;
	#timer: NodeJS.Timeout | undefined;
	#kicked = false;
	#closed = false;

	constructor(stores: ReadonlyMap<string, Store>, options: EventHubOptions = {}) {
		this.stores = stores;
		this.#names = [...stores.keys()];
		this.#options = options;
		for (const [name, store] of stores) this.#last.set(name, store.lastEvents(1)[0]?.id ?? 0);
	}

	get workspaces(): readonly string[] {
		return this.#names;
	}

	/** The last id delivered per workspace (a copy). */
	head(): Cursor {
		return new Map(this.#last);
	}

	start(): void {
		if (this.#timer || this.#closed) return;
		this.#timer = setInterval(() => this.poll(), this.#options.pollMs ?? 100);
		this.#timer.unref?.();
	}

	subscribe(listener: HubListener): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	get subscribers(): number {
		return this.#listeners.size;
	}

	/** Reads the stores on the next turn of the event loop (coalesced). */
	kick(): void {
		if (this.#kicked || this.#closed) return;
		this.#kicked = true;
		setImmediate(() => {
			this.#kicked = false;
			this.poll();
		});
	}

	/** One synchronous round over every store. */
	poll(): void {
		if (this.#closed) return;
		const items: HubEvent[] = [];
		for (const [name, store] of this.stores) {
			try {
				for (;;) {
					const batch = store.eventsAfter(this.#last.get(name) ?? 0, {limit: 500});
					for (const event of batch) {
						this.#last.set(name, event.id);
						const json = JSON.stringify(event);
						items.push({event, json, frame: sseFrame(event.event, json, String(event.id))});
					}
					if (batch.length < 500) break;
				}
			} catch (error) {
				log.warn('event hub: could not read events', {workspace: name, error: String(error)});
			}
		}
		if (items.length === 0) return;
		for (const listener of this.#listeners) {
			try {
				listener(items);
			} catch (error) {
				log.warn('event hub: listener failed', {error: String(error)});
			}
		}
	}

	close(): void {
		this.#closed = true;
		if (this.#timer) clearInterval(this.#timer);
		this.#timer = undefined;
		this.#listeners.clear();
	}
}
