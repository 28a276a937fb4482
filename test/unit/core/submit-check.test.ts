import {describe, expect, it} from 'vitest';
import {markerRow, promptMarker, sameScreen} from '../../../src/core/agents/submit-check.js';

describe('promptMarker', () => {
	it.each([
		['the start of a one-line prompt, without spaces', 'please add a test for parse() now', 'pleaseaddatestforparse()'],
		['box and prompt glyphs are not part of it', '│ > fix it ❯ ok', 'fixitok'],
		['too short to tell apart', 'ok', undefined],
		['multi-line (CLIs may collapse the paste)', 'line one\nline two', undefined],
	])('%s', (_name, text, marker) => {
		expect(promptMarker(text)).toBe(marker);
	});
});

describe('markerRow', () => {
	const marker = promptMarker('please add a test for parse()') ?? '';
	it.each<[string, string[], number | undefined]>([
		['not on screen', ['> ', ''], undefined],
		['in an input box', ['╭────╮', '│ > please add a test for parse() │', '╰────╯'], 1],
		['wrapped at the edge of the box', ['> please add a te', 'st for parse()'], 0],
		['the bottom-most of an echo and the input box', ['❯ please add a test for parse()', '', '● done', '❯ please add a test for parse()'], 3],
	])('%s', (_name, lines, row) => {
		expect(markerRow(lines, marker)).toBe(row);
	});
});

describe('sameScreen', () => {
	it('ignores trailing blanks and blank rows at the end', () => {
		expect(sameScreen(['> hi   ', ''], ['> hi'])).toBe(true);
		expect(sameScreen(['> hi'], ['> ', '  got: hi'])).toBe(false);
	});
});
