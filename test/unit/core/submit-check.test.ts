import {describe, expect, it} from 'vitest';
import {markerRow, promptMarker, stillTyped} from '../../../src/core/agents/submit-check.js';

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

describe('stillTyped', () => {
	const marker = promptMarker('What is the capital of Spain?') ?? '';
	const pasted = ['Gemini CLI', '', ' > What is the capital of Spain?   ', '', ' workspace  branch  model'];
	it.each<[string, string[], boolean]>([
		['nothing moved (trailing blanks aside)', ['Gemini CLI', '', ' > What is the capital of Spain?', '', ' workspace  branch  model', ''], true],
		['a panel opened above the box and pushed it down, text still in it', ['Gemini CLI', '', ' Shortcuts', ' ! shell mode', '', ' > What is the capital of Spain?   ', '', ' workspace  branch  model'], true],
		['taken: the echo is where the box was, and a spinner and an empty box below it', ['Gemini CLI', '', ' > What is the capital of Spain?   ', '', ' ⠋ Thinking... (esc to cancel, 0s)', ' > Type your message', ' workspace  branch  model'], false],
		['taken by a CLI that does not echo prompts', ['Gemini CLI', '', ' > ', '', ' workspace  branch  model'], false],
		['taken and answered: a reply under the echo', ['Gemini CLI', '', ' > What is the capital of Spain?', ' ✦ Madrid.', ' > ', ' workspace  branch  model'], false],
	])('%s', (_name, now, expected) => {
		expect(stillTyped(pasted, now, marker)).toBe(expected);
	});
});
