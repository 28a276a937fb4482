import {randomBytes} from 'node:crypto';
import {setTimeout as delay} from 'node:timers/promises';
import type {Ledger} from '../store/ledger.js';

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
		const holder = ledger.tryLock(name, runId, token);
		if (holder === undefined) return token;
		if (!reported) {
			options.onWait?.(holder);
			reported = true;
		}
		await delay(options.pollMs ?? 150);
	}
}

function release(ledger: Ledger, name: string, token: string): void {
	try {
		ledger.unlock(name, token);
	} catch {
		// A closed store at shutdown: the lock dies with this process anyway.
	}
}
