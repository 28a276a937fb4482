/**
 * tmux control mode (`tmux -C`) text protocol: command replies framed by %begin/%end|%error, and
 * notifications (%output, %exit, …) between them. Pure parsing, no I/O.
 */

export type ControlMessage =
	| {type: 'reply'; ok: boolean; number: number; lines: string[]; fromClient: boolean}
	| {type: 'output'; pane: string; data: Buffer}
	| {type: 'exit'; reason: string | undefined}
	| {type: 'notification'; name: string; args: string};

/**
 * Decodes an %output payload: tmux escapes bytes below 0x20 and the backslash as `\ooo`;
 * everything else (UTF-8 included) arrives as is.
 */
export function decodeOutput(escaped: Buffer): Buffer {
	if (!escaped.includes(0x5c)) return escaped;
	const out = Buffer.allocUnsafe(escaped.length);
	let length = 0;
	for (let index = 0; index < escaped.length; index++) {
		const byte = escaped[index]!;
		if (byte === 0x5c && index + 3 < escaped.length && isOctal(escaped[index + 1]) && isOctal(escaped[index + 2]) && isOctal(escaped[index + 3])) {
			out[length++] = ((escaped[index + 1]! - 48) << 6) | ((escaped[index + 2]! - 48) << 3) | (escaped[index + 3]! - 48);
			index += 3;
		} else {
			out[length++] = byte;
		}
	}
	return out.subarray(0, length);
}

function isOctal(byte: number | undefined): boolean {
	return byte !== undefined && byte >= 48 && byte <= 55;
}

/** Quotes one argument for tmux's command parser (single quotes; `'` becomes `'\''`). */
export function quoteArgument(argument: string): string {
	if (/[\n\r]/.test(argument)) throw new Error('control-mode arguments cannot contain newlines');
	return `'${argument.replaceAll("'", `'\\''`)}'`;
}

export function commandLine(args: readonly string[]): string {
	return `${args.map((argument) => quoteArgument(argument)).join(' ')}\n`;
}

/**
 * Incremental parser: feed it raw stdout chunks, get messages. Lines are split on LF; %output
 * payloads are kept as bytes (they need not be valid UTF-8).
 */
export class ControlParser {
	#pending: Buffer = Buffer.alloc(0);
	#block: {number: number; fromClient: boolean; lines: string[]} | undefined;

	push(chunk: Buffer): ControlMessage[] {
		const messages: ControlMessage[] = [];
		let data = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
		let start = 0;
		for (;;) {
			const end = data.indexOf(0x0a, start);
			if (end < 0) break;
			let line = data.subarray(start, end);
			if (line.length > 0 && line[line.length - 1] === 0x0d) line = line.subarray(0, line.length - 1);
			const message = this.#line(line);
			if (message) messages.push(message);
			start = end + 1;
		}
		this.#pending = start >= data.length ? Buffer.alloc(0) : Buffer.from(data.subarray(start));
		data = Buffer.alloc(0);
		return messages;
	}

	#line(line: Buffer): ControlMessage | undefined {
		if (this.#block) {
			const text = line.toString('utf8');
			const end = /^%(end|error) \d+ (\d+) (\d+)$/.exec(text);
			if (end && Number(end[2]) === this.#block.number) {
				const block = this.#block;
				this.#block = undefined;
				return {type: 'reply', ok: end[1] === 'end', number: block.number, lines: block.lines, fromClient: block.fromClient};
			}
			this.#block.lines.push(text);
			return undefined;
		}
		if (line.length === 0 || line[0] !== 0x25 /* % */) return undefined;
		if (startsWith(line, '%output ')) {
			const rest = line.subarray(8);
			const space = rest.indexOf(0x20);
			if (space < 0) return {type: 'output', pane: rest.toString('utf8'), data: Buffer.alloc(0)};
			return {type: 'output', pane: rest.subarray(0, space).toString('utf8'), data: decodeOutput(rest.subarray(space + 1))};
		}
		const text = line.toString('utf8');
		const begin = /^%begin \d+ (\d+) (\d+)$/.exec(text);
		if (begin) {
			this.#block = {number: Number(begin[1]), fromClient: begin[2] === '1', lines: []};
			return undefined;
		}
		if (text === '%exit' || text.startsWith('%exit ')) return {type: 'exit', reason: text.length > 6 ? text.slice(6) : undefined};
		const space = text.indexOf(' ');
		return {type: 'notification', name: space < 0 ? text.slice(1) : text.slice(1, space), args: space < 0 ? '' : text.slice(space + 1)};
	}
}

function startsWith(buffer: Buffer, prefix: string): boolean {
	if (buffer.length < prefix.length) return false;
	for (let index = 0; index < prefix.length; index++) if (buffer[index] !== prefix.charCodeAt(index)) return false;
	return true;
}
