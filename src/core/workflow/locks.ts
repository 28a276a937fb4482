import {randomBytes} from 'node:crypto';
import {setTimeout as delay} from 'node:timers/promises';
import type {Ledger} from './ledger.js';
import {ownerAlive, processOwner} from '../process/owner.js';

type LockRow = {name: string; owner: string; token: string; run_id: string | null; heartbeat_at: string};

/**
 * Cross-process locks in the store, so an agent does one workflow turn at a time and two runs
 * never land into the project root together, whichever tutti process runs them. A lock whose
 * holder died (kill -9) is taken over. Names are taken in sorted order, so two steps that need
 * several locks cannot deadlock.
 */
export async function withLocks<T>(ledger: Ledger, names: readonly string[], runId: string, fn: () => Promise<T>, options: {pollMs?: number; onWait?: (holder: string) => void} = {}): Promise<T> {
	const sorted = [...new Set(names)].sort();
	const held: Array<{name: string; token: string}> = [];
	try {
		for (const name of sorted) held.push({name, token: await acquire(ledger, name, runId, options)});
		return await fn();
	} finally {
		for (const lock of held.reverse()) release(ledger, lock.name, lock.token);
	}
}

async function acquire(ledger: Ledger, name: string, runId: string, options: {pollMs?: number; onWait?: (holder: string) => void}): Promise<string> {
	const token = randomBytes(8).toString('hex');
	let reported = false;
	for (;;) {
		const holder = tryAcquire(ledger, name, runId, token);
		if (holder === undefined) return token;
		if (!reported) {
			options.onWait?.(holder);
			reported = true;
		}
		await delay(options.pollMs ?? 150);
	}
}

/** Takes the lock, or returns the run holding it. */
function tryAcquire(ledger: Ledger, name: string, runId: string, token: string): string | undefined {
	return ledger.store.transaction(() => {
		const db = ledger.store.db;
		const row = db.prepare('SELECT * FROM wf_locks WHERE name = ?').get(name) as LockRow | undefined;
		if (row && ownerAlive(row.owner, row.heartbeat_at)) return row.run_id ?? row.owner;
		const at = new Date().toISOString();
		db.prepare(
			'INSERT INTO wf_locks (name, owner, token, run_id, acquired_at, heartbeat_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET owner = excluded.owner, token = excluded.token, run_id = excluded.run_id, acquired_at = excluded.acquired_at, heartbeat_at = excluded.heartbeat_at',
		).run(name, processOwner(), token, runId, at, at);
		return undefined;
	});
}

function release(ledger: Ledger, name: string, token: string): void {
	try {
		ledger.store.db.prepare('DELETE FROM wf_locks WHERE name = ? AND token = ?').run(name, token);
	} catch {
		// A closed store at shutdown: the lock dies with this process anyway.
	}
}
