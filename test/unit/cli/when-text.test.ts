import {describe, expect, it} from 'vitest';
import {whenText} from '../../../src/cli/when-text.js';

describe('whenText', () => {
	const now = new Date(2026, 11, 7, 15, 0, 0).getTime();
	it('says a time of today as the local clock and how long ago', () => {
		expect(whenText(new Date(2026, 11, 7, 14, 50, 34).toISOString(), now)).toBe('14:50:34, 9m ago');
	});

	it('puts the date before a time of another day', () => {
		expect(whenText(new Date(2026, 11, 5, 9, 5, 0).toISOString(), now)).toBe('2026-12-05 09:05:00, 2d ago');
	});

	it('leaves what is not a time as it is', () => {
		expect(whenText('soon', now)).toBe('soon');
	});
});
