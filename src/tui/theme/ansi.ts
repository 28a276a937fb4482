import {renderToString, Text} from 'ink';
import {createElement} from 'react';
import {styleOf, type TextStyleProps} from './context.js';
import type {Theme, ThemeToken} from './tokens.js';

/** The escape sequences that open and close one style. */
export type Sgr = {open: string; close: string};

export type ColorLevel = 0 | 1 | 2 | 3;

/**
 * The colour depth Ink's `<Text>` paints with (chalk's, detected once from the terminal), read
 * from Ink itself so that pre-painted lines look exactly like `<Text>`. It runs at import, which
 * is outside any React render (a nested render would not paint).
 */
function probeLevel(): ColorLevel {
	let out = '';
	try {
		out = renderToString(createElement(Text, {color: '#0a141e'}, 'x'));
	} catch {
		return 1;
	}
	if (out.includes('[38;2;')) return 3;
	if (out.includes('[38;5;')) return 2;
	return out.includes('\u001B[') ? 1 : 0;
}

export const colorLevel: ColorLevel = probeLevel();

const named: Record<string, number> = {black: 30, red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36, white: 37, gray: 90, grey: 90, blackBright: 90, redBright: 91, greenBright: 92, yellowBright: 93, blueBright: 94, magentaBright: 95, cyanBright: 96, whiteBright: 97};

// Colour conversions as chalk (ansi-styles) does them for 256- and 16-colour terminals.
function rgbTo256(red: number, green: number, blue: number): number {
	if (red === green && green === blue) {
		if (red < 8) return 16;
		if (red > 248) return 231;
		return Math.round(((red - 8) / 247) * 24) + 232;
	}
	return 16 + 36 * Math.round((red / 255) * 5) + 6 * Math.round((green / 255) * 5) + Math.round((blue / 255) * 5);
}

function ansi256To16(code: number): number {
	if (code < 8) return 30 + code;
	if (code < 16) return 90 + (code - 8);
	let red: number;
	let green: number;
	let blue: number;
	if (code >= 232) {
		red = ((code - 232) * 10 + 8) / 255;
		green = red;
		blue = red;
	} else {
		const index = code - 16;
		const remainder = index % 36;
		red = Math.floor(index / 36) / 5;
		green = Math.floor(remainder / 6) / 5;
		blue = (remainder % 6) / 5;
	}
	const value = Math.max(red, green, blue) * 2;
	if (value === 0) return 30;
	const result = 30 + ((Math.round(blue) << 2) | (Math.round(green) << 1) | Math.round(red));
	return value === 2 ? result + 60 : result;
}

/** Opening sequence of a colour (`fg`: foreground), empty for one chalk would not paint. */
export function colorOpen(color: string, fg: boolean, level: ColorLevel = colorLevel): string {
	if (level === 0) return '';
	const code = named[color];
	if (code !== undefined) return `\u001B[${fg ? code : code + 10}m`;
	const hex = /^#([\da-f]{6})$/i.exec(color)?.[1];
	if (!hex) return '';
	const value = Number.parseInt(hex, 16);
	const [red, green, blue] = [(value >> 16) & 255, (value >> 8) & 255, value & 255];
	if (level === 3) return `\u001B[${fg ? 38 : 48};2;${red};${green};${blue}m`;
	if (level === 2) return `\u001B[${fg ? 38 : 48};5;${rgbTo256(red, green, blue)}m`;
	const basic = ansi256To16(rgbTo256(red, green, blue));
	return `\u001B[${fg ? basic : basic + 10}m`;
}

/**
 * What `<Text {...style}>` wraps its text in: the same styles, nested in the same order (dim,
 * colour, background, bold, underline, inverse from the inside out).
 */
export function sgrOf(style: TextStyleProps, level: ColorLevel = colorLevel): Sgr {
	if (level === 0) return {open: '', close: ''};
	const layers: Array<[string, string]> = [];
	if (style.dimColor) layers.push(['\u001B[2m', '\u001B[22m']);
	if (style.color) layers.push([colorOpen(style.color, true, level), '\u001B[39m']);
	if (style.backgroundColor) layers.push([colorOpen(style.backgroundColor, false, level), '\u001B[49m']);
	if (style.bold) layers.push(['\u001B[1m', '\u001B[22m']);
	if (style.underline) layers.push(['\u001B[4m', '\u001B[24m']);
	if (style.inverse) layers.push(['\u001B[7m', '\u001B[27m']);
	const used = layers.filter(([open]) => open !== '');
	return {open: used.map(([open]) => open).reverse().join(''), close: used.map(([, close]) => close).join('')};
}

const cache = new WeakMap<Theme, Map<string, Sgr>>();

/** The sequences of a theme token (bold forced on or off when asked), memoised per theme. */
export function tokenSgr(theme: Theme, token: ThemeToken, bold?: boolean): Sgr {
	let map = cache.get(theme);
	if (!map) cache.set(theme, (map = new Map()));
	const key = bold === undefined ? token : `${token}:${bold ? 1 : 0}`;
	let sgr = map.get(key);
	if (!sgr) {
		const style = styleOf(theme, token);
		sgr = sgrOf(bold === undefined ? style : {...style, bold});
		map.set(key, sgr);
	}
	return sgr;
}
