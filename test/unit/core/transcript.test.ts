import {describe, expect, it} from 'vitest';
import {renderTranscript, TranscriptFollower, TranscriptRenderer} from '../../../src/core/screen/transcript.js';

const size = {cols: 60, rows: 5, keep: 100};

describe('renderTranscript: recorded output as the terminal showed it', () => {
	it('drops colours, titles and OSC state sequences', async () => {
		const raw = '\u001B]0;✳ demo: idle\u0007\u001B]7501;state=idle:app=demo\u0007\u001B[32mhello\u001B[0m world\r\n';
		expect(await renderTranscript(raw, size)).toEqual(['hello world']);
	});

	it('keeps the last text written over a carriage return', async () => {
		expect(await renderTranscript('⠋ Working\r⠙ Working\r✓ Done   \n', size)).toEqual(['✓ Done']);
	});

	it('a shorter line written over a longer one and erased leaves no residue', async () => {
		const raw = 'Loading the workspace is nearly ready\r⠼ Working… (2s · esc to interrupt)\u001B[K\r\n';
		expect(await renderTranscript(raw, size)).toEqual(['⠼ Working… (2s · esc to interrupt)']);
	});

	it('follows cursor moves: a live region redrawn in place reads as its last state', async () => {
		const raw = 'asked\r\n⠋ Working… (1s)\r\n> \u001B[1A\r\u001B[J✓ Done in 2s\r\n> ';
		expect(await renderTranscript(raw, size)).toEqual(['asked', '✓ Done in 2s', '>']);
	});

	it('joins rows the terminal wrapped back into the line the CLI wrote', async () => {
		expect(await renderTranscript('abcdefghij klmnop\r\nnext\r\n', {cols: 10, rows: 5, keep: 10})).toEqual(['abcdefghij klmnop', 'next']);
	});

	it('keeps only the tail asked for above the screen', async () => {
		const raw = Array.from({length: 30}, (_, index) => `line ${index + 1}`).join('\r\n');
		expect(await renderTranscript(raw, {cols: 20, rows: 3, keep: 2})).toEqual(['line 26', 'line 27', 'line 28', 'line 29', 'line 30']);
	});

	it('an escape sequence split between two writes is still one sequence', async () => {
		const renderer = new TranscriptRenderer(size);
		await renderer.write('\u001B[3');
		await renderer.write('1mred\u001B[0m plain');
		expect(renderer.lines()).toEqual(['red plain']);
		renderer.dispose();
	});
});

describe('TranscriptFollower: tt logs -f', () => {
	it('hands out each line once: scrolled-off lines, then the screen when output pauses', async () => {
		const follower = new TranscriptFollower(new TranscriptRenderer({cols: 40, rows: 3, keep: 50}));
		expect(await follower.start('one\r\ntwo\r\n', 10)).toEqual(['one', 'two']);
		expect(follower.pause()).toEqual([]);
		expect(await follower.push('three\r\n')).toEqual([]);
		expect(follower.pause()).toEqual(['three']);
		expect(await follower.push('⠋ working\r\n')).toEqual([]);
		expect(follower.pause()).toEqual(['⠋ working']);
		// The spinner line becomes "done" before it scrolls off: its final form is handed out.
		expect(await follower.push('\u001B[1A\r\u001B[2K✓ done\r\nfour\r\nfive\r\n')).toEqual(['✓ done']);
		expect(follower.pause()).toEqual(['four', 'five']);
		follower.dispose();
	});
});
