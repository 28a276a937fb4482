import xtermHeadless, {type IBufferCell} from '@xterm/headless';

const {Terminal} = xtermHeadless;
type TerminalInstance = InstanceType<typeof Terminal>;
type Cell = IBufferCell;

function colorCode(mode: 'fg' | 'bg', cell: Cell): string | undefined {
	const palette = mode === 'fg' ? cell.isFgPalette() : cell.isBgPalette();
	const rgb = mode === 'fg' ? cell.isFgRGB() : cell.isBgRGB();
	if (!palette && !rgb) return undefined;
	const value = mode === 'fg' ? cell.getFgColor() : cell.getBgColor();
	const base = mode === 'fg' ? 30 : 40;
	if (rgb) return `${base + 8};2;${(value >> 16) & 255};${(value >> 8) & 255};${value & 255}`;
	if (value < 8) return String(base + value);
	if (value < 16) return String(base + 60 + value - 8);
	return `${base + 8};5;${value}`;
}

/** The SGR parameters of a cell (empty for the default style). */
function sgrOf(cell: Cell, color: boolean, cursor: boolean): string {
	const codes: string[] = [];
	if (cell.isBold()) codes.push('1');
	if (cell.isDim()) codes.push('2');
	if (cell.isItalic()) codes.push('3');
	if (cell.isUnderline()) codes.push('4');
	if (Boolean(cell.isInverse()) !== cursor) codes.push('7');
	if (cell.isInvisible()) codes.push('8');
	if (cell.isStrikethrough()) codes.push('9');
	if (color) {
		const fg = colorCode('fg', cell);
		const bg = colorCode('bg', cell);
		if (fg) codes.push(fg);
		if (bg) codes.push(bg);
	}
	return codes.join(';');
}

export type MirrorRowsOptions = {width: number; color: boolean; cursor?: {row: number; col: number} | undefined};

/**
 * A private headless terminal that replays a screen model's serialised form, so the focus view
 * can read cells (characters, colours, attributes) and turn rows into SGR-only text for Ink.
 * The screen model keeps its terminal to itself; this costs one parse per refresh of the one
 * focused agent.
 */
export class ScreenMirror {
	readonly #terminal: TerminalInstance;
	readonly #cell: Cell;

	constructor(scrollback = 2000) {
		this.#terminal = new Terminal({cols: 80, rows: 24, scrollback, allowProposedApi: true});
		this.#cell = this.#terminal.buffer.active.getNullCell();
	}

	/** Replaces the content with `serialized` (from ScreenModel.serialize) at the model's size. */
	load(serialized: string, cols: number, rows: number): Promise<void> {
		if (cols !== this.#terminal.cols || rows !== this.#terminal.rows) this.#terminal.resize(Math.max(2, cols), Math.max(1, rows));
		return new Promise((resolve) => this.#terminal.write(`\u001Bc${serialized}`, resolve));
	}

	/** Lines in the buffer (scrollback + screen). */
	get length(): number {
		return this.#terminal.buffer.active.length;
	}

	/** First screen row's index in the buffer (= lines of scrollback). */
	get baseY(): number {
		return this.#terminal.buffer.active.baseY;
	}

	/** Buffer rows [start, start+count) as text with SGR escapes, cut at `width` columns. */
	rows(start: number, count: number, options: MirrorRowsOptions): string[] {
		const buffer = this.#terminal.buffer.active;
		const out: string[] = [];
		for (let row = start; row < start + count; row++) {
			const line = row >= 0 ? buffer.getLine(row) : undefined;
			if (!line) {
				out.push('');
				continue;
			}
			let text = '';
			let current = '';
			let used = 0;
			const limit = Math.min(line.length, options.width);
			const cursorCol = options.cursor?.row === row ? options.cursor.col : -1;
			// Trailing blank default cells are left out (Ink pads the box).
			let last = limit - 1;
			while (last >= 0 && last !== cursorCol) {
				const cell = line.getCell(last, this.#cell);
				if (!cell || cell.getChars() !== '' || !cell.isAttributeDefault() || !cell.isBgDefault()) break;
				last--;
			}
			for (let col = 0; col <= last && used < options.width; col++) {
				const cell = line.getCell(col, this.#cell);
				if (!cell) break;
				const width = cell.getWidth();
				if (width === 0) continue;
				if (used + width > options.width) break;
				const sgr = sgrOf(cell, options.color, col === cursorCol);
				if (sgr !== current) {
					text += `\u001B[0${sgr === '' ? '' : `;${sgr}`}m`;
					current = sgr;
				}
				text += cell.getChars() || ' ';
				used += width;
			}
			if (current !== '') text += '\u001B[0m';
			out.push(text);
		}
		return out;
	}

	dispose(): void {
		this.#terminal.dispose();
	}
}
