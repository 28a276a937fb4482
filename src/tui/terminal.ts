import {EventEmitter} from 'node:events';
import {writeSync} from 'node:fs';

/** Terminal modes tutti sets while the TUI runs, and the exact sequence that undoes them. */
export const sequences = {
	enterAltScreen: '\u001B[?1049h',
	leaveAltScreen: '\u001B[?1049l',
	hideCursor: '\u001B[?25l',
	showCursor: '\u001B[?25h',
	clearScreen: '\u001B[2J\u001B[H',
	/** Click reporting (press/release) in SGR encoding; no motion events. */
	mouseOn: '\u001B[?1000h\u001B[?1006h',
	mouseOff: '\u001B[?1006l\u001B[?1000l',
	resetStyle: '\u001B[0m',
	bell: '\u0007',
} as const;

/**
 * The stdout Ink renders to. It forwards writes to the real terminal but owns `resize`: the TUI
 * remounts on resize (a clean full redraw) instead of letting a frame at the old size be diffed
 * against a reflowed screen.
 */
export class TerminalPort extends EventEmitter {
	readonly #out: NodeJS.WriteStream;
	readonly isTTY = true;
	/** Bytes written (the benchmark counts clear-screen sequences in them). */
	written = 0;
	#tap: ((chunk: string) => void) | undefined;

	constructor(out: NodeJS.WriteStream) {
		super();
		this.#out = out;
	}

	get columns(): number {
		return this.#out.columns || 80;
	}

	get rows(): number {
		return this.#out.rows || 24;
	}

	get writable(): boolean {
		return this.#out.writable;
	}

	get destroyed(): boolean {
		return this.#out.destroyed;
	}

	get writableEnded(): boolean {
		return this.#out.writableEnded;
	}

	get writableLength(): number {
		return this.#out.writableLength;
	}

	get _writableState(): unknown {
		return (this.#out as unknown as {_writableState: unknown})._writableState;
	}

	/** Observe every chunk (timing log). */
	tap(listener: ((chunk: string) => void) | undefined): void {
		this.#tap = listener;
	}

	write(chunk: string | Uint8Array, encoding?: BufferEncoding | ((error?: Error | null) => void), callback?: (error?: Error | null) => void): boolean {
		let text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
		// Ink 6.8's incremental renderer leaves the cursor on the row after a frame (its trailing
		// newline) but starts the next frame `lines - 1` rows up, one row too low: every frame would
		// shift the screen by a line. Frames are the only writes that end on the row after them, and the
		// root's height never changes while mounted (a resize remounts), so stepping back up one
		// row after each frame puts the cursor where the next frame expects it. A frame ends with
		// its newline, or with "next line" when its last row was unchanged.
		if (text.endsWith('\n') || text.endsWith('\u001B[E')) text += '\u001B[A';
		this.written += text.length;
		this.#tap?.(text);
		if (typeof encoding === 'function') return this.#out.write(text, encoding);
		return this.#out.write(text, encoding ?? 'utf8', callback);
	}

	/** Writes synchronously (for exit paths, where the event loop may not run again). */
	writeNow(text: string): void {
		try {
			writeSync((this.#out as unknown as {fd?: number}).fd ?? 1, text);
		} catch {
			// The terminal is gone (hang-up): nothing left to restore.
		}
	}
}
