/**
 * Reading the screen to tell whether a typed prompt reached the CLI and whether its Enter was
 * taken. A CLI can drop keys while it redraws (after a resize, or in the instant a turn ends) and
 * ignore an Enter that arrives while it is still applying a paste, so `tt send` checks instead
 * of trusting that the keys arrived.
 */

/** Box drawing, prompt glyphs and whitespace: what CLIs draw around and inside an input box. */
const chrome = /[\s│┃╭╮╰╯─━❯›>▌]+/g;

const squash = (value: string): string => value.replace(chrome, '');

/** How much of the prompt's first line identifies it on screen. */
const markerChars = 24;

/**
 * The part of the prompt looked for on screen: the start of its first line without whitespace
 * and box characters. Undefined when the prompt cannot be recognised — too short to tell apart
 * from other text, or multi-line (several CLIs collapse a multi-line paste into a placeholder
 * such as `[Pasted text #1 +12 lines]`).
 */
export function promptMarker(text: string): string | undefined {
	if (text.includes('\n')) return undefined;
	const marker = squash(text).slice(0, markerChars);
	return marker.length >= 4 ? marker : undefined;
}

/**
 * The bottom-most row showing the marker (a row and the next one are read together, since the
 * marker may wrap at the edge of the box), or undefined when the screen does not show it.
 */
export function markerRow(lines: readonly string[], marker: string): number | undefined {
	const rows = lines.map(squash);
	for (let index = rows.length - 1; index >= 0; index--) {
		const here = rows[index] ?? '';
		if (here === '') continue;
		if ((here + (rows[index + 1] ?? '')).includes(marker) && !(rows[index + 1] ?? '').includes(marker)) return index;
	}
	return undefined;
}

const normalise = (lines: readonly string[]): string => lines.map((line) => line.trimEnd()).join('\n').trimEnd();

/**
 * Whether the prompt still sits in the input box as it was pasted: its marker row and everything
 * below it (the rest of the box, the footer) read the same as right after the paste, wherever
 * that block now is. A screen that merely changed is not proof of a submit — a CLI can open a
 * panel above its input box on the keys it was sent (Gemini CLI's shortcuts help) and push the
 * box down with the text still in it. Once the CLI takes the prompt, the box below the echo is
 * empty and the block under the last marker row differs (a spinner, an empty box, a reply).
 */
export function stillTyped(pasted: readonly string[], now: readonly string[], marker: string): boolean {
	const was = markerRow(pasted, marker);
	const is = markerRow(now, marker);
	if (was === undefined || is === undefined) return false;
	return normalise(pasted.slice(was)) === normalise(now.slice(is));
}
