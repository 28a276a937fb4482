import type {Store} from '../core/store/store.js';
import {ApiError, type Envelope} from './envelope.js';

/** Stored replies live this long. @default 24 h */
export const defaultIdempotencyTtlMs = 24 * 60 * 60 * 1000;

// The table lives in the workspace's own database so a restarted server still replays.
// TODO(lead): move into core/store once it owns an idempotency API (SPEC §2 "Store").
const schema = `CREATE TABLE IF NOT EXISTS api_idempotency (
	key TEXT PRIMARY KEY,
	action TEXT NOT NULL,
	response TEXT NOT NULL,
	created_at INTEGER NOT NULL
)`;

type Row = {key: string; action: string; response: string; created_at: number};

/**
 * Idempotency keys of POST actions (reference §7.5): the same key and action replay the stored
 * reply without running again; the same key for another action is `idempotency_conflict`. Only
 * successful replies are stored, so a failure can be retried with its key. Keys expire after
 * `ttlMs`. Requests with a key that is still running wait for that run and share its reply.
 */
export class IdempotencyStore {
	readonly #ttlMs: number;
	readonly #ready = new WeakSet<Store>();
	readonly #running = new Map<string, {action: string; reply: Promise<Envelope>}>();

	constructor(ttlMs = defaultIdempotencyTtlMs) {
		this.#ttlMs = ttlMs;
	}

	#prepare(store: Store): void {
		if (this.#ready.has(store)) return;
		store.db.exec(schema);
		this.#ready.add(store);
	}

	/** Runs `fn` once per key: replays, conflicts or executes and stores a successful reply. */
	async run(store: Store, key: string, action: string, fn: () => Promise<Envelope>): Promise<{reply: Envelope; replayed: boolean}> {
		this.#prepare(store);
		const now = Date.now();
		store.db.prepare('DELETE FROM api_idempotency WHERE created_at < ?').run(now - this.#ttlMs);
		const scoped = `${store.file}\u0000${key}`;
		const inFlight = this.#running.get(scoped);
		if (inFlight) {
			if (inFlight.action !== action) throw conflict(action, key, inFlight.action);
			return {reply: await inFlight.reply, replayed: true};
		}
		const row = store.db.prepare('SELECT * FROM api_idempotency WHERE key = ?').get(key) as Row | undefined;
		if (row) {
			if (row.action !== action) throw conflict(action, key, row.action);
			return {reply: JSON.parse(row.response) as Envelope, replayed: true};
		}
		const reply = fn();
		this.#running.set(scoped, {action, reply});
		try {
			const result = await reply;
			if (result.ok) {
				store.db.prepare('INSERT OR REPLACE INTO api_idempotency (key, action, response, created_at) VALUES (?, ?, ?, ?)').run(key, action, JSON.stringify(result), Date.now());
			}
			return {reply: result, replayed: false};
		} finally {
			this.#running.delete(scoped);
		}
	}
}

function conflict(action: string, key: string, other: string): ApiError {
	return new ApiError(action, 'idempotency_conflict', `idempotency key "${key.slice(0, 80)}" was already used for the ${other} action`, {hint: 'Use a new Idempotency-Key for a different action.'});
}
