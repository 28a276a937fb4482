import type {KeyPath} from './paths.js';

/** A place in a TOML file, 1-based like editors and compilers print it. */
export type SourcePosition = {line: number; column: number};

/**
 * Where each key of a TOML document is written, so an error found in the parsed value can point
 * at `file:line:column`. smol-toml keeps no positions, so this walks the text once more. It only
 * runs on text smol-toml has accepted: it never has to report a syntax error of its own.
 */
export class TomlPositions {
	/** Key path (segments joined by NUL) → the start of the value written for it. */
	readonly #values = new Map<string, SourcePosition>();
	/** Key path → the start of the key (or table header) that introduced it. */
	readonly #keys = new Map<string, SourcePosition>();
	/** How many `[[x]]` entries each array of tables has so far, by resolved path. */
	readonly #tableArrays = new Map<string, number>();
	readonly #text: string;
	readonly #lineStarts: number[] = [0];
	#at = 0;

	constructor(text: string) {
		this.#text = text;
		for (let index = 0; index < text.length; index++) if (text[index] === '\n') this.#lineStarts.push(index + 1);
		this.#document();
	}

	/**
	 * The position of the value at `path`, else of its key, else of the nearest enclosing key or
	 * table written in the file (a missing key points at its table); undefined for the top level.
	 */
	find(path: KeyPath): SourcePosition | undefined {
		for (let length = path.length; length > 0; length--) {
			const id = idOf(path.slice(0, length));
			const found = this.#values.get(id) ?? this.#keys.get(id);
			if (found) return found;
		}
		return undefined;
	}

	/** The position of the key itself (`[workspce]`, `persistant = …`). */
	findKey(path: KeyPath): SourcePosition | undefined {
		return this.#keys.get(idOf(path)) ?? this.find(path);
	}

	#position(offset: number): SourcePosition {
		let low = 0;
		let high = this.#lineStarts.length - 1;
		while (low < high) {
			const middle = (low + high + 1) >> 1;
			if (this.#lineStarts[middle]! <= offset) low = middle;
			else high = middle - 1;
		}
		return {line: low + 1, column: offset - this.#lineStarts[low]! + 1};
	}

	#remember(map: Map<string, SourcePosition>, path: KeyPath, offset: number): void {
		const id = idOf(path);
		if (!map.has(id)) map.set(id, this.#position(offset));
	}

	#document(): void {
		let table: KeyPath = [];
		for (;;) {
			this.#skipBlank(true);
			if (this.#at >= this.#text.length) return;
			if (this.#text[this.#at] === '[') table = this.#header();
			else this.#keyValue(table);
		}
	}

	/** `[a.b]` or `[[a.b]]`: the path later keys belong to, array entries numbered as parsed. */
	#header(): KeyPath {
		const start = this.#at;
		const isArray = this.#text[this.#at + 1] === '[';
		this.#at += isArray ? 2 : 1;
		const keys = this.#dottedKey();
		this.#at = this.#text.indexOf(isArray ? ']]' : ']', this.#at) + (isArray ? 2 : 1);
		const path: PropertyKey[] = [];
		keys.forEach((key, index) => {
			path.push(key);
			const last = index === keys.length - 1;
			const id = idOf(path);
			if (last && isArray) {
				const count = this.#tableArrays.get(id) ?? 0;
				this.#tableArrays.set(id, count + 1);
				this.#remember(this.#keys, path, start);
				path.push(count);
			} else if (this.#tableArrays.has(id)) {
				path.push(this.#tableArrays.get(id)! - 1);
			}
		});
		this.#remember(this.#keys, path, start);
		return path;
	}

	#keyValue(table: KeyPath): void {
		const start = this.#at;
		const keys = this.#dottedKey();
		const path = [...table, ...keys];
		for (let length = table.length + 1; length <= path.length; length++) this.#remember(this.#keys, path.slice(0, length), start);
		this.#skipBlank(false);
		this.#at++; // `=`
		this.#skipBlank(false);
		this.#value(path);
	}

	#value(path: KeyPath): void {
		this.#remember(this.#values, path, this.#at);
		const char = this.#text[this.#at];
		if (char === '"' || char === "'") return this.#string();
		if (char === '[') return this.#array(path);
		if (char === '{') return this.#inlineTable(path);
		// Numbers, booleans, dates: up to the next separator.
		while (this.#at < this.#text.length && !/[,\]}\n#]/.test(this.#text[this.#at]!)) this.#at++;
	}

	#array(path: KeyPath): void {
		this.#at++;
		for (let index = 0; ; index++) {
			this.#skipBlank(true);
			if (this.#text[this.#at] === ']') break;
			this.#value([...path, index]);
			this.#skipBlank(true);
			if (this.#text[this.#at] === ',') this.#at++;
		}
		this.#at++;
	}

	#inlineTable(path: KeyPath): void {
		this.#at++;
		for (;;) {
			this.#skipBlank(true);
			if (this.#text[this.#at] === '}' || this.#at >= this.#text.length) break;
			this.#keyValue(path);
			this.#skipBlank(true);
			if (this.#text[this.#at] === ',') this.#at++;
		}
		this.#at++;
	}

	#dottedKey(): string[] {
		const keys: string[] = [];
		for (;;) {
			this.#skipBlank(false);
			const char = this.#text[this.#at];
			if (char === '"' || char === "'") {
				const start = this.#at;
				this.#string();
				keys.push(unquote(this.#text.slice(start, this.#at)));
			} else {
				const start = this.#at;
				while (this.#at < this.#text.length && /[A-Za-z0-9_-]/.test(this.#text[this.#at]!)) this.#at++;
				keys.push(this.#text.slice(start, this.#at));
			}
			this.#skipBlank(false);
			if (this.#text[this.#at] !== '.') return keys;
			this.#at++;
		}
	}

	/** Skips one string of any of TOML's four kinds. */
	#string(): void {
		const quote = this.#text[this.#at]!;
		const triple = this.#text.startsWith(quote.repeat(3), this.#at);
		this.#at += triple ? 3 : 1;
		while (this.#at < this.#text.length) {
			const char = this.#text[this.#at]!;
			if (char === '\\' && quote === '"') {
				this.#at += 2;
				continue;
			}
			if (triple ? this.#text.startsWith(quote.repeat(3), this.#at) : char === quote) {
				this.#at += triple ? 3 : 1;
				// A multi-line string may end with up to two more quotes of its own.
				while (triple && this.#text[this.#at] === quote) this.#at++;
				return;
			}
			this.#at++;
		}
	}

	/** Spaces, tabs and comments; newlines too when `lines`. */
	#skipBlank(lines: boolean): void {
		while (this.#at < this.#text.length) {
			const char = this.#text[this.#at]!;
			if (char === ' ' || char === '\t' || (lines && (char === '\n' || char === '\r'))) this.#at++;
			else if (char === '#') while (this.#at < this.#text.length && this.#text[this.#at] !== '\n') this.#at++;
			else return;
		}
	}
}

function idOf(path: KeyPath): string {
	return path.map(String).join('\u0000');
}

/** The name a quoted key stands for (the escapes TOML keys use in practice). */
function unquote(quoted: string): string {
	if (quoted.startsWith("'")) return quoted.slice(1, -1);
	try {
		return JSON.parse(quoted) as string;
	} catch {
		return quoted.slice(1, -1);
	}
}
