/**
 * Raw terminal input → key events, as a pure state machine. Handles escape sequences (arrows,
 * SS3, CSI with parameters), a lone Esc (only known once no more bytes follow: the caller calls
 * `flush()` after a short pause), and bracketed paste (`ESC[200~ … ESC[201~`), whose content —
 * newlines included — arrives as one `paste` event.
 */

import {normalizeNewlines} from './text.js';

export type KeyEvent =
	| {type: 'text'; text: string}
	| {type: 'paste'; text: string}
	| {type: 'enter'}
	| {type: 'newline'}
	| {type: 'backspace'}
	| {type: 'ctrl-u'}
	| {type: 'ctrl-c'}
	| {type: 'ctrl-d'}
	| {type: 'escape'}
	| {type: 'up'}
	| {type: 'down'}
	| {type: 'left'}
	| {type: 'right'}
	| {type: 'tab'}
	| {type: 'unknown'; sequence: string};

const pasteStart = '\x1b[200~';
const pasteEnd = '\x1b[201~';

const csiKeys: Readonly<Record<string, KeyEvent>> = {
	A: {type: 'up'},
	B: {type: 'down'},
	C: {type: 'right'},
	D: {type: 'left'},
};

const controlKeys: Readonly<Record<string, KeyEvent>> = {
	'\r': {type: 'enter'},
	'\n': {type: 'newline'},
	'\x7f': {type: 'backspace'},
	'\b': {type: 'backspace'},
	'\x15': {type: 'ctrl-u'},
	'\x03': {type: 'ctrl-c'},
	'\x04': {type: 'ctrl-d'},
	'\t': {type: 'tab'},
};

/** Length of the escape sequence at `start`, 0 if incomplete. `data[start]` is ESC. */
function escapeLength(data: string, start: number): number {
	const next = data[start + 1];
	if (next === undefined) return 0;
	if (next === '[') {
		for (let i = start + 2; i < data.length; i++) {
			const code = data.charCodeAt(i);
			if (code >= 0x40 && code <= 0x7e) return i - start + 1;
			if (code < 0x20 || code > 0x3f) return i - start; // malformed: stop before the odd byte
		}
		return 0;
	}
	if (next === 'O') return data.length > start + 2 ? 3 : 0;
	return 1; // ESC ESC, or Alt+key: the first ESC stands alone
}

/** Longest suffix of `text` that is a prefix of `marker` (a marker split across reads). */
function partialSuffix(text: string, marker: string): number {
	for (let n = Math.min(text.length, marker.length - 1); n > 0; n--) {
		if (marker.startsWith(text.slice(text.length - n))) return n;
	}
	return 0;
}

export class KeyDecoder {
	private buffer = '';
	private pasting = false;
	private pasted = '';

	/** True when bytes are held back: an unfinished escape sequence, or an open paste. */
	get pending(): boolean {
		return this.buffer !== '' || this.pasting;
	}

	/** True while inside a bracketed paste. */
	get inPaste(): boolean {
		return this.pasting;
	}

	/** Decodes a chunk; an incomplete trailing escape sequence is kept for the next call. */
	feed(chunk: string): KeyEvent[] {
		this.buffer += chunk;
		const events: KeyEvent[] = [];
		let text = '';
		const flushText = () => {
			if (text !== '') events.push({type: 'text', text});
			text = '';
		};
		let i = 0;
		while (i < this.buffer.length) {
			if (this.pasting) {
				const end = this.buffer.indexOf(pasteEnd, i);
				if (end === -1) {
					const keep = partialSuffix(this.buffer.slice(i), pasteEnd);
					this.pasted += this.buffer.slice(i, this.buffer.length - keep);
					i = this.buffer.length - keep;
					break;
				}
				this.pasted += this.buffer.slice(i, end);
				events.push({type: 'paste', text: normalizeNewlines(this.pasted)});
				this.pasted = '';
				this.pasting = false;
				i = end + pasteEnd.length;
				continue;
			}
			const char = this.buffer[i] ?? '';
			if (char === '\x1b') {
				const length = escapeLength(this.buffer, i);
				if (length === 0) break; // wait for the rest (or flush() decides it was Esc)
				const sequence = this.buffer.slice(i, i + length);
				i += length;
				flushText();
				if (sequence === pasteStart) this.pasting = true;
				else events.push(this.decodeEscape(sequence));
				continue;
			}
			const control = controlKeys[char];
			if (control) {
				flushText();
				events.push(control);
			} else if (char.charCodeAt(0) < 0x20) {
				flushText();
				events.push({type: 'unknown', sequence: char});
			} else {
				text += char;
			}
			i++;
		}
		flushText();
		this.buffer = this.buffer.slice(i);
		return events;
	}

	/**
	 * Called when no more input came for a moment: a held-back ESC was the Esc key; a held-back
	 * partial sequence is reported as unknown. An open paste stays open.
	 */
	flush(): KeyEvent[] {
		if (this.pasting || this.buffer === '') return [];
		const held = this.buffer;
		this.buffer = '';
		if (held === '\x1b') return [{type: 'escape'}];
		return [{type: 'escape'}, ...this.feed(held.slice(1))];
	}

	private decodeEscape(sequence: string): KeyEvent {
		if (sequence === '\x1b') return {type: 'escape'};
		const final = sequence[sequence.length - 1] ?? '';
		if ((sequence.startsWith('\x1b[') || sequence.startsWith('\x1bO')) && csiKeys[final]) {
			// Plain arrows only: `ESC[A`, `ESC OA`, or with modifiers `ESC[1;5A`.
			if (sequence.length === 3 || /^\[1;\d+[A-D]$/.test(sequence.slice(1))) return csiKeys[final];
		}
		return {type: 'unknown', sequence};
	}
}

/**
 * Applies an editing key to the prompt line. Returns the new text, or undefined when the key is
 * not an edit (Enter, arrows, Esc, …). Ctrl-J inserts a newline; there is no "\ + Enter" newline,
 * so a prompt that ends with a backslash still submits.
 */
export function editLine(input: string, key: KeyEvent): string | undefined {
	switch (key.type) {
		case 'text':
		case 'paste':
			return input + key.text;
		case 'newline':
			return `${input}\n`;
		case 'backspace':
			return Array.from(input).slice(0, -1).join('');
		case 'ctrl-u':
			return '';
		default:
			return undefined;
	}
}
