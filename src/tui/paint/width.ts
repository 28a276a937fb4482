/**
 * Display widths of the characters the floor shows, without Ink's per-frame measuring.
 *
 * Ink measures every text node on every frame (string-width, which segments graphemes for any
 * non-ASCII text): at 200×50 that was a fifth of a frame. Lines laid out here are measured once,
 * when their content changes. Only characters whose width is certain are handled: a code point
 * that is printable ASCII, or sits in one of the blocks below and stands alone (no combining
 * marks, variation selectors or joiners). A test checks every one of them against Ink's own
 * measure; text with anything else is left to Ink (see components/Rows.tsx).
 */

/** Blocks handled: width 1, or 2 for emoji shown as emoji by default. */
const blocks: ReadonlyArray<readonly [number, number]> = [
	[0x00_a0, 0x02_4f], // Latin-1 Supplement, Latin Extended-A/B
	[0x03_91, 0x03_c9], // Greek letters
	[0x20_10, 0x20_27], // dashes, quotes, bullets, ellipsis
	[0x20_30, 0x20_5e], // per mille, primes, brackets
	[0x21_90, 0x23_ff], // arrows, mathematical operators, miscellaneous technical
	[0x25_00, 0x27_bf], // box drawing, blocks, geometric shapes, miscellaneous symbols, dingbats
];

/** Format characters inside the blocks (zero width). */
const invisible = new Set([0x00_ad]);
/** Wide characters that are not emoji: angle brackets, and the Yijing trigrams and monograms (wide since Unicode 16). */
const wide = new Set([0x23_29, 0x23_2a, ...Array.from({length: 8}, (_, index) => 0x26_30 + index), ...Array.from({length: 6}, (_, index) => 0x26_8a + index)]);
const emojiPresentation = /^\p{Emoji_Presentation}$/u;

const cache = new Map<number, number>();

function codePointWidth(code: number): number {
	if (code >= 0x20 && code < 0x7f) return 1;
	let width = cache.get(code);
	if (width !== undefined) return width;
	width = 0;
	if (!invisible.has(code) && blocks.some(([from, to]) => code >= from && code <= to)) {
		width = wide.has(code) || emojiPresentation.test(String.fromCodePoint(code)) ? 2 : 1;
	}
	cache.set(code, width);
	return width;
}

/** Width of one code point in the terminal, or 0 when it is not one this module knows. */
export function charWidth(char: string): number {
	return codePointWidth(char.codePointAt(0) ?? 0);
}

/** Whether every character of `text` has a known width (see the module comment). */
export function isPlain(text: string): boolean {
	for (let index = 0; index < text.length; index++) {
		const code = text.charCodeAt(index);
		if (code >= 0x20 && code < 0x7f) continue;
		const point = text.codePointAt(index) ?? 0;
		if (point > 0xff_ff) return false;
		if (codePointWidth(point) === 0) return false;
	}
	return true;
}

/** Width of text made of known characters ({@link isPlain}). */
export function plainWidth(text: string): number {
	let width = 0;
	for (let index = 0; index < text.length; index++) {
		const code = text.charCodeAt(index);
		width += code >= 0x20 && code < 0x7f ? 1 : codePointWidth(code);
	}
	return width;
}
