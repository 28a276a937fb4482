import {describe, expect, it} from 'vitest';
import {paneDelta} from '../../../src/core/agents/delta.js';

const box = ['╭────╮', '│ ❯  │', '╰────╯', '  ? for shortcuts'];

describe('paneDelta', () => {
	it('returns the lines added above an unchanged prompt box', () => {
		const before = ['banner', '', ...box];
		const after = ['banner', '', '❯ hello', '⏺ Read(x)', '⏺ Hi there', '', ...box];
		expect(paneDelta(before, after)).toBe('❯ hello\n⏺ Read(x)\n⏺ Hi there');
	});

	it('handles a capture that scrolled: the old tail is the new head', () => {
		const before = ['a', 'b', 'c', 'd'];
		const after = ['c', 'd', 'e', 'f'];
		expect(paneDelta(before, after)).toBe('e\nf');
	});

	it('is empty when nothing changed', () => {
		expect(paneDelta(['x', ...box], ['x', ...box])).toBe('');
	});
});
