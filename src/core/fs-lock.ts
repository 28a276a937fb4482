import {closeSync, openSync, readFileSync, rmSync, statSync, writeSync} from 'node:fs';
import {setTimeout as sleep} from 'node:timers/promises';

export type FileLockOptions = {
	/** How long to wait for the holder. */
	timeoutMs: number;
	/** A lock older than this was left by a holder that died without removing it. */
	staleMs: number;
	/** The error to throw when the wait is over. */
	busy: (lock: string) => Error;
	/** @default 50 */
	retryMs?: number;
};

/**
 * Runs `fn` holding `lock`, a create-exclusive file shared by every tutti process of this user.
 * A lock whose holder process is gone, or older than `staleMs`, is taken over.
 */
export async function withFileLock<T>(lock: string, fn: () => T | Promise<T>, options: FileLockOptions): Promise<T> {
	await acquire(lock, options);
	try {
		return await fn();
	} finally {
		rmSync(lock, {force: true});
	}
}

async function acquire(lock: string, options: FileLockOptions): Promise<void> {
	const deadline = Date.now() + options.timeoutMs;
	for (;;) {
		try {
			const fd = openSync(lock, 'wx');
			writeSync(fd, `${process.pid} ${new Date().toISOString()}\n`);
			closeSync(fd);
			return;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		}
		if (abandoned(lock, options.staleMs)) {
			rmSync(lock, {force: true});
			continue;
		}
		if (Date.now() >= deadline) throw options.busy(lock);
		await sleep(options.retryMs ?? 50);
	}
}

/** Whether the lock's holder is gone: its pid no longer runs, or it has held the lock too long. */
function abandoned(lock: string, staleMs: number): boolean {
	let age: number;
	let holder: number;
	try {
		age = Date.now() - statSync(lock).mtimeMs;
		holder = Number.parseInt(readFileSync(lock, 'utf8'), 10);
	} catch {
		return false; // Released (or not yet written) between our open and this look: try again.
	}
	if (age > staleMs) return true;
	if (!Number.isInteger(holder) || holder <= 0 || holder === process.pid) return false;
	try {
		process.kill(holder, 0);
		return false;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'ESRCH';
	}
}
