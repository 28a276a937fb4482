import {closeSync, openSync, readSync, statSync} from 'node:fs';
import type {HookSignalLine} from './hook-signals.js';

/**
 * Follows `.tutti/state/signals.jsonl` (written by `tt hook`): returns the lines appended since the
 * last read. Starts at the end of the file (old signals describe old turns). A truncated or
 * rotated file is read from its start again; a partial last line waits for its newline.
 */
export class SignalTail {
	readonly file: string;
	#offset: number;
	#partial = '';

	constructor(file: string) {
		this.file = file;
		this.#offset = sizeOf(file);
	}

	read(): HookSignalLine[] {
		const size = sizeOf(this.file);
		if (size < this.#offset) {
			this.#offset = 0;
			this.#partial = '';
		}
		if (size === this.#offset) return [];
		const length = Math.min(size - this.#offset, 4 * 1024 * 1024);
		const buffer = Buffer.alloc(length);
		let fd: number | undefined;
		try {
			fd = openSync(this.file, 'r');
			const read = readSync(fd, buffer, 0, length, this.#offset);
			this.#offset += read;
			const text = this.#partial + buffer.subarray(0, read).toString('utf8');
			const lines = text.split('\n');
			this.#partial = lines.pop() ?? '';
			const signals: HookSignalLine[] = [];
			for (const line of lines) {
				if (line.trim() === '') continue;
				try {
					signals.push(JSON.parse(line) as HookSignalLine);
				} catch {
					// A torn or foreign line: skip it, the next one will be whole.
				}
			}
			return signals;
		} catch {
			return [];
		} finally {
			if (fd !== undefined) closeSync(fd);
		}
	}
}

function sizeOf(file: string): number {
	try {
		return statSync(file).size;
	} catch {
		return 0;
	}
}
