import xtermHeadless from '@xterm/headless';

const {Terminal} = xtermHeadless;

export type TranscriptOptions = {
	/** The pane's width and height when the output was recorded: cursor moves are relative to them. */
	cols: number;
	rows: number;
	/** Lines kept above the screen; older ones are dropped (only the tail is ever shown). */
	keep: number;
};

/** An escape sequence cut off at the end of a chunk: CSI without its final byte, OSC without its end. */
const partialEscape = /\u001B(?:\[[\u0030-\u003F]*[\u0020-\u002F]*|\][^\u0007\u001B]*\u001B?|[\u0020-\u002F]*)$/;

/**
 * Recorded pane output (a raw log: colours, carriage returns, cursor moves, erased lines, redrawn
 * spinners) rendered the way the terminal showed it, then read back as plain lines. A spinner line
 * rewritten in place reads as its last state, never as a mix of old and new text.
 */
export class TranscriptRenderer {
	readonly #terminal: InstanceType<typeof Terminal>;
	#held = '';

	constructor(options: TranscriptOptions) {
		this.#terminal = new Terminal({cols: Math.max(2, options.cols), rows: Math.max(1, options.rows), scrollback: Math.max(0, options.keep), allowProposedApi: true});
	}

	/** Feeds recorded output; an escape sequence split across chunks waits for the rest. */
	async write(chunk: string): Promise<void> {
		const text = this.#held + chunk;
		const cut = partialEscape.exec(text);
		this.#held = cut ? text.slice(cut.index) : '';
		await this.#write(cut ? text.slice(0, cut.index) : text);
	}

	/** Scrollback then screen, wrapped rows joined, trailing blank rows dropped. */
	lines(): string[] {
		const buffer = this.#terminal.buffer.active;
		const lines = this.#join(0, buffer.length);
		while (lines.length > 0 && lines.at(-1) === '') lines.pop();
		return lines;
	}

	/**
	 * The lines that scrolled off the screen since the last call: they can no longer change, so a
	 * follower can print them once. They are then forgotten (erased from the scrollback).
	 */
	async takeSettled(): Promise<string[]> {
		const settled = this.#join(0, this.#terminal.buffer.active.baseY);
		// ED 3 erases the scrollback only; the screen and the cursor stay as they are.
		if (settled.length > 0) await this.#write('\u001B[3J');
		return settled;
	}

	dispose(): void {
		this.#terminal.dispose();
	}

	#write(data: string): Promise<void> {
		return new Promise((resolve) => this.#terminal.write(data, resolve));
	}

	#join(from: number, to: number): string[] {
		const buffer = this.#terminal.buffer.active;
		const lines: string[] = [];
		for (let row = from; row < to; row++) {
			const line = buffer.getLine(row);
			if (!line) continue;
			// A row the terminal wrapped continues the line above: the CLI wrote one line.
			if (line.isWrapped && lines.length > 0) lines[lines.length - 1] += line.translateToString(false);
			else lines.push(line.translateToString(false));
		}
		return lines.map((line) => line.trimEnd());
	}
}

/** `raw` rendered as the terminal showed it: the last `keep` lines above the screen, then the screen. */
export async function renderTranscript(raw: string, options: TranscriptOptions): Promise<string[]> {
	const renderer = new TranscriptRenderer(options);
	try {
		await renderer.write(raw);
		return renderer.lines();
	} finally {
		renderer.dispose();
	}
}

/**
 * Follows a growing log and hands out each line once: lines as they scroll off the screen (final),
 * and, when the output pauses, the screen's lines below those already handed out. A line handed
 * out while on screen and changed before it scrolled off (a spinner becoming "done") is handed
 * out again in its final form.
 */
export class TranscriptFollower {
	readonly #renderer: TranscriptRenderer;
	/** Screen lines already handed out, top first, as they were then. */
	#shown: string[] = [];

	constructor(renderer: TranscriptRenderer) {
		this.#renderer = renderer;
	}

	/** Renders what was recorded so far; returns its last `lines` lines. */
	async start(raw: string, lines: number): Promise<string[]> {
		await this.#renderer.write(raw);
		const all = this.#renderer.lines();
		await this.#renderer.takeSettled();
		this.#shown = this.#renderer.lines();
		return all.slice(-lines);
	}

	/** Feeds new output; returns the lines that scrolled off and were not handed out as they are. */
	async push(chunk: string): Promise<string[]> {
		await this.#renderer.write(chunk);
		const fresh: string[] = [];
		for (const line of await this.#renderer.takeSettled()) {
			const handedOut = this.#shown.shift();
			if (handedOut !== line) fresh.push(line);
		}
		return fresh;
	}

	/** The output paused: the screen lines below those handed out so far. */
	pause(): string[] {
		const screen = this.#renderer.lines();
		const fresh = screen.slice(this.#shown.length);
		this.#shown.push(...fresh);
		return fresh;
	}

	dispose(): void {
		this.#renderer.dispose();
	}
}
