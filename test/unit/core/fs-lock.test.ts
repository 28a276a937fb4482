import {existsSync, utimesSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {afterEach, describe, expect, it} from 'vitest';
import {withFileLock} from '../../../src/core/fs-lock.js';
import {makeTempDir} from '../../helpers/sandbox.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
	for (const cleanup of cleanups.splice(0)) cleanup();
});

function lockFile(): string {
	const temp = makeTempDir('tutti-lock-');
	cleanups.push(temp.cleanup);
	return path.join(temp.dir, 'x.lock');
}

const options = {timeoutMs: 400, staleMs: 60_000, retryMs: 10, busy: (lock: string) => new Error(`busy: ${lock}`)};

describe('withFileLock', () => {
	it('lets one caller in at a time, however many wait', async () => {
		const lock = lockFile();
		let inside = 0;
		let most = 0;
		const order: number[] = [];
		await Promise.all(
			Array.from({length: 8}, (_, index) =>
				withFileLock(
					lock,
					async () => {
						inside++;
						most = Math.max(most, inside);
						await sleep(5);
						order.push(index);
						inside--;
					},
					{...options, timeoutMs: 10_000},
				),
			),
		);
		expect(most).toBe(1);
		expect(order.sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
		expect(existsSync(lock)).toBe(false);
	});

	it('releases the lock when the work throws', async () => {
		const lock = lockFile();
		await expect(withFileLock(lock, () => Promise.reject(new Error('boom')), options)).rejects.toThrow('boom');
		expect(existsSync(lock)).toBe(false);
	});

	const holders: Array<{what: string; content: string; ageMs: number; taken: boolean}> = [
		{what: 'a holder whose process is gone', content: '2147483646 2026-01-01T00:00:00Z\n', ageMs: 0, taken: true},
		{what: 'a live holder (pid 1)', content: '1 2026-01-01T00:00:00Z\n', ageMs: 0, taken: false},
		{what: 'a live holder held too long', content: '1 2026-01-01T00:00:00Z\n', ageMs: 120_000, taken: true},
		{what: 'garbage in the file, young', content: 'not a pid\u0000\u001b[2J', ageMs: 0, taken: false},
		{what: 'an empty file, young (a holder mid-write)', content: '', ageMs: 0, taken: false},
		{what: 'a negative pid', content: '-1\n', ageMs: 0, taken: false},
	];
	it.each(holders)('$what: taken over = $taken', async ({content, ageMs, taken}) => {
		const lock = lockFile();
		writeFileSync(lock, content);
		if (ageMs > 0) utimesSync(lock, new Date(Date.now() - ageMs), new Date(Date.now() - ageMs));
		const run = withFileLock(lock, () => 'ran', options);
		if (taken) await expect(run).resolves.toBe('ran');
		else await expect(run).rejects.toThrow(`busy: ${lock}`);
	});
});
