import {describe, expect, it} from 'vitest';
import {fuzzyScore} from '../../../src/cli/fuzzy.js';

describe('fuzzyScore', () => {
	it('matches subsequences, tighter matches first', () => {
		expect(fuzzyScore('impl', 'ws/implementer demo idle')).toBeLessThan(fuzzyScore('impl', 'ws/i m p l')!);
		expect(fuzzyScore('xyz', 'ws/implementer')).toBeUndefined();
		expect(fuzzyScore('', 'anything')).toBe(0);
	});
});
