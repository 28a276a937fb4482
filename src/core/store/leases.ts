import {randomBytes} from 'node:crypto';
import {setTimeout as delay} from 'node:timers/promises';
import {TuttiError} from '../errors.js';
import {keepAlive, ownerAlive, processOwner} from '../process/owner.js';
import {isBusy} from './state-error.js';
import type {Store} from './store.js';

type LeaseRow = {name: string; owner: string; token: string; acquired_at: string; heartbeat_at: string};

export type LeaseOptions = {
	/** Give up after this long. @default 120000 */
	timeoutMs?: number;
	/** How often a waiter looks again. @default 20 */
	pollMs?: number;
	/** Called once when the lease is held by someone else. */
	onWait?: (holder: string) => void;
};

/**
 * Runs `fn` while holding the lease `name`, across every tutti process of the workspace (one
 * row in the store, taken in an IMMEDIATE transaction). A holder that died (kill -9) or stopped
 * refreshing is taken over. Callers in the same process queue up like callers from others.
 */
export async function withLease<T>(store: Store, name: string, fn: () => Promise<T>, options: LeaseOptions = {}): Promise<T> {
	const token = randomBytes(8).toString('hex');
	const deadline = Date.now() + (options.timeoutMs ?? 120_000);
	let reported = false;
	let pollMs = options.pollMs ?? 20;
	for (;;) {
		const holder = tryTake(store, name, token);
		if (holder === undefined) break;
		if (!reported) {
			options.onWait?.(holder);
			reported = true;
		}
		if (Date.now() > deadline) {
			throw new TuttiError('ERR_STATE', `"${name}" is still held by ${holder}`, {hint: 'Another tutti command is using it; try again when it has finished.'});
		}
		await delay(pollMs);
		// Waiters back off (to 10× the first interval) so a crowd of them does not keep the
		// database's write lock busy for the holder and everyone else.
		pollMs = Math.min(pollMs * 1.5, (options.pollMs ?? 20) * 10);
	}
	const stop = keepAlive(() => store.db.prepare('UPDATE leases SET heartbeat_at = ? WHERE name = ? AND token = ?').run(new Date().toISOString(), name, token));
	try {
		return await fn();
	} finally {
		stop();
		try {
			store.db.prepare('DELETE FROM leases WHERE name = ? AND token = ?').run(name, token);
		} catch {
			// A closed store at shutdown: the lease dies with this process (its pid is checked).
		}
	}
}

/** Takes the lease, or returns who holds it (a database too busy to ask counts as held). */
function tryTake(store: Store, name: string, token: string): string | undefined {
	try {
		return take(store, name, token);
	} catch (error) {
		if (isBusy(error) || isBusy((error as {cause?: unknown}).cause)) return 'another process (the database is busy)';
		throw error;
	}
}

function take(store: Store, name: string, token: string): string | undefined {
	return store.transaction(() => {
		const row = store.db.prepare('SELECT * FROM leases WHERE name = ?').get(name) as LeaseRow | undefined;
		// ownerAlive counts this process as alive: a second caller here waits for the first.
		if (row && ownerAlive(row.owner, row.heartbeat_at)) return row.owner;
		const at = new Date().toISOString();
		store.db
			.prepare('INSERT INTO leases (name, owner, token, acquired_at, heartbeat_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET owner = excluded.owner, token = excluded.token, acquired_at = excluded.acquired_at, heartbeat_at = excluded.heartbeat_at')
			.run(name, processOwner(), token, at, at);
		return undefined;
	});
}
