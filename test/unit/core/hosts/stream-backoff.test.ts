import {describe, expect, it} from 'vitest';
import {firstDelayMs, maxDelayMs, StreamBackoff} from '../../../../src/core/hosts/remote-streams.js';

describe('StreamBackoff: when a remote stream is attached again', () => {
	it('attaches at once until something failed, then waits 0.5 s doubling to 10 s', () => {
		const backoff = new StreamBackoff();
		expect(backoff.mayAttach('a', 0)).toBe(true);
		const waits = [1, 2, 3, 4, 5, 6, 7].map(() => backoff.failed('a', 0));
		expect(waits).toEqual([500, 1000, 2000, 4000, 8000, 10_000, 10_000]);
		expect(waits[0]).toBe(firstDelayMs);
		expect(waits.at(-1)).toBe(maxDelayMs);
		expect(backoff.mayAttach('a', 9999)).toBe(false);
		expect(backoff.mayAttach('a', 10_000)).toBe(true);
		// Another agent's stream has waits of its own.
		expect(backoff.mayAttach('b', 0)).toBe(true);
	});

	it('starts the waits over once a stream stayed up, not after one that dropped at once', () => {
		const backoff = new StreamBackoff();
		expect(backoff.failed('a', 0)).toBe(500);
		backoff.attached('a', 600);
		// Dropped a second later: that attach was no success.
		expect(backoff.failed('a', 1600)).toBe(1000);
		backoff.attached('a', 3000);
		// Up for 10 s: the next drop waits the first delay again.
		expect(backoff.failed('a', 13_000)).toBe(500);
	});
});
