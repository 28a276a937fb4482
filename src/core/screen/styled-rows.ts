import type {IBuffer, IBufferCell} from '@xterm/headless';

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

export type StyledRowsOptions = {width: number; color: boolean; cursor?: {row: number; col: number} | undefined};

/**
 * Buffer rows [start, start+count) as text with SGR escapes only (what Ink can draw), cut at
 * `width` columns; the cursor cell, when given, is shown inverted. `cell` is a scratch cell
 * reused for every read.
 */
export function styledRows(buffer: IBuffer, cell: Cell, start: number, count: number, options: StyledRowsOptions): string[] {
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
			const read = line.getCell(last, cell);
			if (!read || read.getChars() !== '' || !read.isAttributeDefault() || !read.isBgDefault()) break;
			last--;
		}
		for (let col = 0; col <= last && used < options.width; col++) {
			const read = line.getCell(col, cell);
			if (!read) break;
			const width = read.getWidth();
			if (width === 0) continue;
			if (used + width > options.width) break;
			const sgr = sgrOf(read, options.color, col === cursorCol);
			if (sgr !== current) {
				text += `\u001B[0${sgr === '' ? '' : `;${sgr}`}m`;
				current = sgr;
			}
			text += read.getChars() || ' ';
			used += width;
		}
		if (current !== '') text += '\u001B[0m';
		out.push(text);
	}
	return out;
}
