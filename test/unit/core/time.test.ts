import {describe, expect, it} from 'vitest';
import {ago} from '../../../src/core/model/time.js';

describe('ago', () => {
	it.each([
		[null, '—'],
		['2026-12-07T10:00:00.000Z', 'just now'],
		['2026-12-07T09:59:48.000Z', '12s ago'],
		['2026-12-07T09:56:00.000Z', '4m ago'],
		['2026-12-07T07:55:00.000Z', '2h05m ago'],
		['2026-12-04T10:00:00.000Z', '3d ago'],
		['not a time', 'not a time'],
	] as const)('%s → %s', (iso, text) => {
		expect(ago(iso, Date.parse('2026-12-07T10:00:00.000Z'))).toBe(text);
	});
});
