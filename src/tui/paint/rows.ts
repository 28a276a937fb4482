import {sgrOf, tokenSgr} from '../theme/ansi.js';
import type {Theme, ThemeToken} from '../theme/tokens.js';
import {charWidth, isPlain, plainWidth} from './width.js';

/** A run of text in one style: a theme token (bold forced on or off when given), or none. */
export type Span = {readonly text: string; readonly t?: ThemeToken | undefined; readonly bold?: boolean | undefined};

/**
 * One line of a block: `left` truncated with `…` when it does not fit; `right`, when given (even
 * empty), kept whole at the right edge with at least `gap` cells before it (a flex row of a
 * shrinking left box and a fixed right box with that margin).
 */
export type Row = {readonly left: readonly Span[]; readonly right?: readonly Span[] | undefined; readonly gap?: number};

export function span(text: string, t?: ThemeToken, bold?: boolean): Span {
	return {text, t, bold};
}

function widthOf(spans: readonly Span[]): number {
	let width = 0;
	for (const item of spans) width += plainWidth(item.text);
	return width;
}

/**
 * `spans` cut to `columns` cells as Ink's `wrap="truncate-end"` cuts them: characters are kept while
 * they start before the last cell, then `…` follows in the style of the last character kept.
 */
export function truncate(spans: readonly Span[], columns: number): Span[] {
	if (columns < 1) return [];
	if (widthOf(spans) <= columns) return [...spans];
	if (columns === 1) return [span('…')];
	const limit = columns - 1;
	const out: Span[] = [];
	let position = 0;
	for (const item of spans) {
		let kept = '';
		let cut = false;
		for (const char of item.text) {
			if (position >= limit) {
				cut = true;
				break;
			}
			kept += char;
			position += charWidth(char);
		}
		if (kept !== '') out.push(kept === item.text ? item : {...item, text: kept});
		if (cut) break;
	}
	const last = out.at(-1);
	if (last) out[out.length - 1] = {...last, text: `${last.text}…`};
	else out.push(span('…'));
	return out;
}

/** A row laid out: the left part (cut to fit) at the left edge, the right part at the right edge. */
export type LaidRow = {left: Span[]; leftWidth: number; right: Span[]; rightWidth: number};

/**
 * A row laid out in `width` cells, or undefined when it holds text of uncertain width or does not
 * fit the way a flex row would (Ink lays those out itself).
 */
export function layoutRow(row: Row, width: number): LaidRow | undefined {
	for (const part of [row.left, row.right ?? []]) for (const item of part) if (!isPlain(item.text)) return undefined;
	const right = [...(row.right ?? [])];
	const rightWidth = widthOf(right);
	const room = width - rightWidth - (row.right ? (row.gap ?? 0) : 0);
	if (room < 0) return undefined;
	const left = truncate(row.left, room);
	const leftWidth = widthOf(left);
	if (leftWidth > room) return undefined;
	return {left, leftWidth, right, rightWidth};
}

/** Text of spans with the theme's escape sequences, as `<Text>` would print them. */
export function paint(theme: Theme, spans: readonly Span[]): string {
	let out = '';
	for (const item of spans) {
		if (item.t === undefined && item.bold === undefined) {
			out += item.text;
			continue;
		}
		const sgr = item.t === undefined ? sgrOf({bold: item.bold}) : tokenSgr(theme, item.t, item.bold);
		out += item.text === '' ? '' : sgr.open + item.text + sgr.close;
	}
	return out;
}
