/**
 * Terminal text helpers for the demo agent: display width, hard wrapping and sanitising. Small
 * and approximate on purpose (no dependency): wide CJK/emoji count 2 columns, combining marks 0.
 */

const wideRanges: ReadonlyArray<readonly [number, number]> = [
	[0x1100, 0x115f],
	[0x231a, 0x231b],
	[0x2329, 0x232a],
	[0x23e9, 0x23ec],
	[0x23f0, 0x23f0],
	[0x23f3, 0x23f3],
	[0x25fd, 0x25fe],
	[0x2614, 0x2615],
	[0x2648, 0x2653],
	[0x26a1, 0x26a1],
	[0x26aa, 0x26ab],
	[0x26bd, 0x26be],
	[0x26c4, 0x26c5],
	[0x26d4, 0x26d4],
	[0x26ea, 0x26ea],
	[0x26f2, 0x26f5],
	[0x26fa, 0x26fd],
	[0x2705, 0x2705],
	[0x270a, 0x270b],
	[0x2728, 0x2728],
	[0x274c, 0x274c],
	[0x2753, 0x2755],
	[0x2757, 0x2757],
	[0x2795, 0x2797],
	[0x27b0, 0x27b0],
	[0x27bf, 0x27bf],
	[0x2b1b, 0x2b1c],
	[0x2b50, 0x2b50],
	[0x2b55, 0x2b55],
	[0x2e80, 0x303e],
	[0x3041, 0x33ff],
	[0x3400, 0x4dbf],
	[0x4e00, 0x9fff],
	[0xa000, 0xa4cf],
	[0xac00, 0xd7a3],
	[0xf900, 0xfaff],
	[0xfe30, 0xfe4f],
	[0xff00, 0xff60],
	[0xffe0, 0xffe6],
	[0x1f300, 0x1f64f],
	[0x1f680, 0x1f6ff],
	[0x1f900, 0x1f9ff],
	[0x1fa70, 0x1faff],
	[0x20000, 0x3fffd],
];

/** Columns one code point takes in a terminal. */
export function charWidth(codePoint: number): number {
	if (codePoint < 0x20 || (codePoint >= 0x7f && codePoint < 0xa0)) return 0;
	if (
		(codePoint >= 0x300 && codePoint <= 0x36f) ||
		(codePoint >= 0x200b && codePoint <= 0x200f) ||
		(codePoint >= 0xfe00 && codePoint <= 0xfe0f) ||
		codePoint === 0x2060
	) {
		return 0;
	}
	for (const [from, to] of wideRanges) {
		if (codePoint < from) return 1;
		if (codePoint <= to) return 2;
	}
	return 1;
}

/** Columns a string takes (no escape sequences expected). */
export function textWidth(text: string): number {
	let width = 0;
	for (const char of text) width += charWidth(char.codePointAt(0) ?? 0);
	return width;
}

/** Splits one line (no newlines) into segments of at most `width` columns. Always at least one segment. */
export function hardWrap(line: string, width: number): string[] {
	const max = Math.max(1, width);
	const segments: string[] = [];
	let current = '';
	let used = 0;
	for (const char of line) {
		const w = charWidth(char.codePointAt(0) ?? 0);
		if (used + w > max && current !== '') {
			segments.push(current);
			current = '';
			used = 0;
		}
		current += char;
		used += w;
	}
	segments.push(current);
	return segments;
}

/** Pads with spaces to exactly `width` columns, cutting off what does not fit. */
export function fit(text: string, width: number): string {
	let out = '';
	let used = 0;
	for (const char of text) {
		const w = charWidth(char.codePointAt(0) ?? 0);
		if (used + w > width) break;
		out += char;
		used += w;
	}
	return out + ' '.repeat(Math.max(0, width - used));
}

/**
 * Makes text safe to print: tabs become spaces, other control characters (ESC, BEL, C1, …) are
 * shown in caret notation so a prompt can never drive the terminal. Newlines are kept.
 */
export function sanitize(text: string): string {
	let out = '';
	for (const char of text) {
		const code = char.codePointAt(0) ?? 0;
		if (char === '\n') out += char;
		else if (char === '\t') out += '    ';
		else if (code < 0x20) out += `^${String.fromCharCode(code + 0x40)}`;
		else if (code === 0x7f) out += '^?';
		else if (code >= 0x80 && code < 0xa0) out += `\\x${code.toString(16)}`;
		else out += char;
	}
	return out;
}

/** Normalises CRLF and lone CR (tmux pastes newlines as CR) to LF. */
export function normalizeNewlines(text: string): string {
	return text.replace(/\r\n?/g, '\n');
}

/** 32-bit FNV-1a: a stable hash so tool lines and token counts depend on the prompt only. */
export function fnv1a(text: string): number {
	let hash = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		hash ^= text.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193) >>> 0;
	}
	return hash >>> 0;
}
