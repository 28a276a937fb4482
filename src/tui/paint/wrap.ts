import {isPlain, plainWidth} from './width.js';

/** Terminal width of a word: measured when its characters are known, else one cell each. */
function wordWidth(word: string): number {
	return isPlain(word) ? plainWidth(word) : [...word].length;
}

/**
 * Breaks text into lines of at most `width` cells at spaces. A word longer than a line is cut
 * into pieces, so no line is ever wider than `width` (the help overlay then never truncates).
 */
export function wrapWords(text: string, width: number): string[] {
	const limit = Math.max(1, width);
	const lines: string[] = [];
	let line = '';
	let used = 0;
	for (const word of text.split(/\s+/u).filter((part) => part !== '')) {
		let rest = word;
		let size = wordWidth(rest);
		if (used > 0 && used + 1 + size <= limit) {
			line += ` ${rest}`;
			used += 1 + size;
			continue;
		}
		if (used > 0) lines.push(line);
		while (size > limit) {
			const chars = [...rest];
			lines.push(chars.slice(0, limit).join(''));
			rest = chars.slice(limit).join('');
			size = wordWidth(rest);
		}
		line = rest;
		used = size;
	}
	if (used > 0 || lines.length === 0) lines.push(line);
	return lines;
}
