import {describe, expect, it} from 'vitest';
import {editLine, KeyDecoder} from '../../../src/adapters/demo/program/input.js';

describe('KeyDecoder', () => {
	it('decodes typed text and control keys', () => {
		const decoder = new KeyDecoder();
		expect(decoder.feed('hi\x7f\x08\r\x15\x03\x04\t\n')).toEqual([
			{type: 'text', text: 'hi'},
			{type: 'backspace'},
			{type: 'backspace'},
			{type: 'enter'},
			{type: 'ctrl-u'},
			{type: 'ctrl-c'},
			{type: 'ctrl-d'},
			{type: 'tab'},
			{type: 'newline'},
		]);
		expect(decoder.pending).toBe(false);
	});

	it('keeps unicode text together', () => {
		expect(new KeyDecoder().feed('héllo 日本 👍')).toEqual([{type: 'text', text: 'héllo 日本 👍'}]);
	});

	it('decodes arrow keys (CSI, SS3, with modifiers) without reporting Esc', () => {
		const decoder = new KeyDecoder();
		expect(decoder.feed('\x1b[A\x1b[B\x1bOC\x1b[1;5D')).toEqual([{type: 'up'}, {type: 'down'}, {type: 'right'}, {type: 'left'}]);
		expect(decoder.feed('\x1b[3~')).toEqual([{type: 'unknown', sequence: '\x1b[3~'}]);
	});

	it('holds a lone ESC until flush, then reports Esc', () => {
		const decoder = new KeyDecoder();
		expect(decoder.feed('\x1b')).toEqual([]);
		expect(decoder.pending).toBe(true);
		expect(decoder.flush()).toEqual([{type: 'escape'}]);
		expect(decoder.pending).toBe(false);
	});

	it('joins an escape sequence split across reads', () => {
		const decoder = new KeyDecoder();
		expect(decoder.feed('a\x1b')).toEqual([{type: 'text', text: 'a'}]);
		expect(decoder.feed('[')).toEqual([]);
		expect(decoder.feed('B')).toEqual([{type: 'down'}]);
	});

	it('reports ESC ESC as Esc followed by the next key', () => {
		expect(new KeyDecoder().feed('\x1b\x1b[A')).toEqual([{type: 'escape'}, {type: 'up'}]);
	});

	it('turns a bracketed paste with newlines into one paste event; Enter after it submits', () => {
		const decoder = new KeyDecoder();
		expect(decoder.feed('\x1b[200~echo line1\rline2\r\nline3\x1b[201~\r')).toEqual([
			{type: 'paste', text: 'echo line1\nline2\nline3'},
			{type: 'enter'},
		]);
	});

	it('handles a paste split across reads, markers included', () => {
		const decoder = new KeyDecoder();
		expect(decoder.feed('x\x1b[20')).toEqual([{type: 'text', text: 'x'}]);
		expect(decoder.feed('0~a\rb')).toEqual([]);
		expect(decoder.inPaste).toBe(true);
		expect(decoder.flush()).toEqual([]);
		expect(decoder.feed('c\x1b[2')).toEqual([]);
		expect(decoder.feed('01~')).toEqual([{type: 'paste', text: 'a\nbc'}]);
		expect(decoder.pending).toBe(false);
	});

	it('keeps escape characters inside a paste as text', () => {
		expect(new KeyDecoder().feed('\x1b[200~a\x1b[31mred\x1b[201~')).toEqual([{type: 'paste', text: 'a\x1b[31mred'}]);
	});
});

describe('editLine', () => {
	it('edits the prompt line', () => {
		expect(editLine('ab', {type: 'text', text: 'c'})).toBe('abc');
		expect(editLine('ab', {type: 'paste', text: '1\n2'})).toBe('ab1\n2');
		expect(editLine('ab', {type: 'newline'})).toBe('ab\n');
		expect(editLine('a👍', {type: 'backspace'})).toBe('a');
		expect(editLine('', {type: 'backspace'})).toBe('');
		expect(editLine('abc', {type: 'ctrl-u'})).toBe('');
		expect(editLine('abc\\', {type: 'enter'})).toBeUndefined();
		expect(editLine('abc', {type: 'up'})).toBeUndefined();
	});
});
