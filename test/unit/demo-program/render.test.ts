import {describe, expect, it} from 'vitest';
import {
	answerLines,
	banner,
	dialogBox,
	promptBox,
	resultLines,
	spinnerLine,
	stateSequence,
	titleSequence,
	toolLines,
	userLines,
} from '../../../src/adapters/demo/program/render.js';
import {renderView, TtyOutput} from '../../../src/adapters/demo/program/screen.js';
import {hardWrap, sanitize, textWidth} from '../../../src/adapters/demo/program/text.js';

describe('promptBox', () => {
	it('draws an empty box the full width with the hint under it', () => {
		const box = promptBox(30, '');
		expect(box.lines).toEqual([
			'╭────────────────────────────╮',
			'│ ❯                          │',
			'╰────────────────────────────╯',
			'  ? for shortcuts · demo agent ready',
		]);
		expect(box.lines.slice(0, 3).every((line) => textWidth(line) === 30)).toBe(true);
		expect(box.cursor).toEqual({row: 1, col: 4});
	});

	it('wraps long and multi-line input and puts the cursor after it', () => {
		const box = promptBox(16, 'abcdefghijklmn\nxy');
		expect(box.lines.slice(1, 5)).toEqual(['│ ❯ abcdefghij │', '│   klmn       │', '│   xy         │', '╰──────────────╯']);
		expect(box.cursor).toEqual({row: 3, col: 6});
	});

	it('moves the cursor to a fresh row when the text fills one', () => {
		const box = promptBox(16, 'abcdefghij');
		expect(box.lines[2]).toBe('│              │');
		expect(box.cursor).toEqual({row: 2, col: 4});
	});

	it('shows only the last rows of a long input, and a custom hint', () => {
		const box = promptBox(20, 'a\nb\nc\nd', {maxRows: 2, hint: 'hint'});
		expect(box.lines).toEqual(['╭──────────────────╮', '│   c              │', '│   d              │', '╰──────────────────╯', 'hint']);
	});

	it('never prints control characters from the input', () => {
		expect(promptBox(30, 'a\x1b[2Jb').lines[1]).toBe(`│ ❯ ${'a^[[2Jb'.padEnd(24)} │`);
	});
});

describe('other renderers', () => {
	it('draws the spinner line with braille frames and elapsed seconds', () => {
		expect(spinnerLine(0, 3400)).toBe('⠋ Working… (3s · esc to interrupt)');
		expect(spinnerLine(11, 0)).toBe('⠙ Working… (0s · esc to interrupt)');
	});

	it('draws the permission dialog with the selection', () => {
		const lines = dialogBox(40, 'Delete the database?', 1);
		expect(lines.map((line) => line.trimEnd())).toEqual([
			'╭──────────────────────────────────────╮',
			'│ Permission required                  │',
			'│ Delete the database?                 │',
			'│ Do you want to proceed?              │',
			'│   1. Yes                             │',
			'│ ❯ 2. No                              │',
			'╰──────────────────────────────────────╯',
			'  Esc to cancel',
		]);
	});

	it('builds titles and OSC 7501 sequences', () => {
		expect(titleSequence('idle')).toBe('\x1b]0;✳ demo: idle\x07');
		expect(titleSequence('working')).toBe('\x1b]0;⠂ demo: working\x07');
		expect(titleSequence('needs-input')).toBe('\x1b]0;✋ demo: needs input\x07');
		expect(stateSequence('working')).toBe('\x1b]7501;state=working:app=demo\x07');
		expect(stateSequence('blocked', 'permission')).toBe('\x1b]7501;state=blocked:app=demo:kind=permission\x07');
	});

	it('formats transcript lines', () => {
		expect(banner('alice', '/tmp/w')).toBe('demo agent · alice · /tmp/w');
		expect(userLines('echo a\nb')).toEqual(['> echo a', '  b']);
		expect(answerLines('line1\nline2 "$(x)"')).toEqual(['⏺ line1', '  line2 "$(x)"']);
		expect(resultLines('Interrupted by user')).toEqual(['  ⎿ Interrupted by user']);
		expect(toolLines({name: 'Read', label: 'src/index.ts', input: {}, result: 'Read 3 lines'})).toEqual([
			'⏺ Read(src/index.ts)',
			'  ⎿ Read 3 lines',
		]);
	});
});

describe('text helpers', () => {
	it('measures wide characters and wraps by columns', () => {
		expect(textWidth('日本a')).toBe(5);
		expect(textWidth('❯ ⏺ ⎿ ✻')).toBe(7);
		expect(hardWrap('日本語です', 4)).toEqual(['日本', '語で', 'す']);
		expect(sanitize('a\tb\x07\n')).toBe('a    b^G\n');
	});
});

describe('TtyOutput', () => {
	it('erases and redraws the live region in place', () => {
		let written = '';
		const output = new TtyOutput(
			(data) => (written += data),
			() => ({columns: 20, rows: 10}),
		);
		output.view({kind: 'prompt', input: 'hi'});
		expect(written).toContain('│ ❯ hi             │');
		// The cursor rests inside the box (row 1 of 4): two rows up from the hint line.
		expect(written.endsWith('\x1b[2A\r\x1b[6C\x1b[?25h')).toBe(true);
		written = '';
		output.print(['> hi']);
		expect(written.startsWith('\r\x1b[1A\x1b[J> hi\r\n╭')).toBe(true);
		written = '';
		output.view({kind: 'working', frame: 0, elapsedMs: 0, queued: []});
		expect(written).toBe('\r\x1b[1A\x1b[J⠋ Working… (0s · esc to interrupt)\x1b[?25l');
	});

	it('lays out views', () => {
		expect(renderView({kind: 'starting'}, 80, 24).lines).toEqual(['Starting demo agent…']);
		expect(renderView({kind: 'working', frame: 1, elapsedMs: 1000, queued: ['next\nprompt']}, 80, 24).lines).toEqual([
			'⠙ Working… (1s · esc to interrupt)',
			'  ⎿ queued: next',
		]);
	});
});
