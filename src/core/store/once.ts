import {randomBytes} from 'node:crypto';
import {setTimeout as delay} from 'node:timers/promises';
import {ownerAlive, processOwner} from '../process/owner.js';
import type {Store} from './store.js';

type OnceRow = {key: string; scope: string; state: 'running' | 'done'; owner: string; token: string; result: string | null; created_at: number; heartbeat_at: string};

export type OnceOutcome<T> =
	/** `fn` ran in this call (its result is stored when `keep` said so). */
	| {kind: 'ran'; value: T}
	/** An earlier call with this key finished: its stored result. */
	| {kind: 'replayed'; value: T}
	/** The key was used for another scope (another action). */
	| {kind: 'conflict'; scope: string};

export type OnceOptions<T> = {
	/** Stored results older than this are forgotten. @default 24 h */
	ttlMs?: number;
	/** Which results to store (the others can be retried with the same key). @default every result */
	keep?: (value: T) => boolean;
	/** How often a call waiting for a running one with the same key looks again. @default 25 */
	pollMs?: number;
};

/**
 * Runs `fn` at most once per `key` across every tutti process of the workspace. The key is
 * claimed in an IMMEDIATE transaction before `fn` runs; a second call with the same key and scope
 * waits for the first and replays its stored result; the same key with another scope is a
 * conflict. A claim whose process died (kill -9) is taken over. Results `keep` rejects are not
 * stored: the key is released, so a failed action can be retried with it.
 */
export async function once<T>(store: Store, key: string, scope: string, fn: () => Promise<T>, options: OnceOptions<T> = {}): Promise<OnceOutcome<T>> {
	const ttlMs = options.ttlMs ?? 24 * 60 * 60 * 1000;
	const token = randomBytes(8).toString('hex');
	for (;;) {
		const claim = claimOnce(store, key, scope, token, ttlMs);
		if (claim.kind === 'claimed') break;
		if (claim.kind === 'conflict') return {kind: 'conflict', scope: claim.scope};
		if (claim.kind === 'done') return {kind: 'replayed', value: JSON.parse(claim.result) as T};
		await delay(options.pollMs ?? 25);
	}
	let value: T;
	try {
		value = await fn();
	} catch (error) {
		release(store, key, token);
		throw error;
	}
	if (options.keep === undefined || options.keep(value)) {
		store.transaction(() => store.db.prepare("UPDATE once_keys SET state = 'done', result = ? WHERE key = ? AND token = ?").run(JSON.stringify(value), key, token));
	} else release(store, key, token);
	return {kind: 'ran', value};
}

function claimOnce(store: Store, key: string, scope: string, token: string, ttlMs: number): {kind: 'claimed'} | {kind: 'conflict'; scope: string} | {kind: 'done'; result: string} | {kind: 'wait'} {
	return store.transaction(() => {
		const now = Date.now();
		store.db.prepare("DELETE FROM once_keys WHERE state = 'done' AND created_at < ?").run(now - ttlMs);
		const row = store.db.prepare('SELECT * FROM once_keys WHERE key = ?').get(key) as OnceRow | undefined;
		if (row && row.scope !== scope) return {kind: 'conflict', scope: row.scope};
		if (row?.state === 'done' && row.result !== null) return {kind: 'done', result: row.result};
		if (row && ownerAlive(row.owner, row.heartbeat_at)) return {kind: 'wait'};
		store.db
			.prepare("INSERT INTO once_keys (key, scope, state, owner, token, result, created_at, heartbeat_at) VALUES (?, ?, 'running', ?, ?, NULL, ?, ?) ON CONFLICT(key) DO UPDATE SET scope = excluded.scope, state = 'running', owner = excluded.owner, token = excluded.token, result = NULL, created_at = excluded.created_at, heartbeat_at = excluded.heartbeat_at")
			.run(key, scope, processOwner(), token, now, new Date(now).toISOString());
		return {kind: 'claimed'};
	});
}

function release(store: Store, key: string, token: string): void {
	try {
		store.db.prepare('DELETE FROM once_keys WHERE key = ? AND token = ?').run(key, token);
	} catch {
		// A closed store at shutdown: the claim dies with this process (its pid is checked).
	}
}
