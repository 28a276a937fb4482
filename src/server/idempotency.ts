import {once} from '../core/store/once.js';
import type {Store} from '../core/store/store.js';
import {ApiError, type Envelope} from './envelope.js';

/** Stored replies live this long. @default 24 h */
export const defaultIdempotencyTtlMs = 24 * 60 * 60 * 1000;

/**
 * Idempotency keys of POST actions (reference §7.5): the same key and action replay the stored
 * reply without running again; the same key for another action is `idempotency_conflict`. Only
 * successful replies are stored, so a failure can be retried with its key. Keys expire after
 * `ttlMs`. Requests with a key that is still running — in this server or another process — wait
 * for that run and share its reply. The store owns the table (core/store/once.ts), in the
 * workspace's own database, so a restarted server still replays.
 */
export class IdempotencyStore {
	readonly #ttlMs: number;

	constructor(ttlMs = defaultIdempotencyTtlMs) {
		this.#ttlMs = ttlMs;
	}

	/** Runs `fn` once per key: replays, conflicts or executes and stores a successful reply. */
	async run(store: Store, key: string, action: string, fn: () => Promise<Envelope>): Promise<{reply: Envelope; replayed: boolean}> {
		const outcome = await once(store, `api:${key}`, action, fn, {ttlMs: this.#ttlMs, keep: (reply) => reply.ok});
		if (outcome.kind === 'conflict') throw conflict(action, key, outcome.scope);
		return {reply: outcome.value, replayed: outcome.kind === 'replayed'};
	}
}

function conflict(action: string, key: string, other: string): ApiError {
	return new ApiError(action, 'idempotency_conflict', `idempotency key "${key.slice(0, 80)}" was already used for the ${other} action`, {hint: 'Use a new Idempotency-Key for a different action.'});
}
