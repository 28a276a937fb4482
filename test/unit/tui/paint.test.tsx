import {Box, measureElement, renderToString, Text, type DOMElement} from 'ink';
import {useLayoutEffect, useRef} from 'react';
import {describe, expect, it, vi} from 'vitest';
import {FlexRow, Rows, type Row, type Span} from '../../../src/tui/components/Rows.js';
import {colorLevel, colorOpen, sgrOf} from '../../../src/tui/theme/ansi.js';
import {styleOf, ThemeProvider} from '../../../src/tui/theme/context.js';
import {themeTokens} from '../../../src/tui/theme/tokens.js';
import {charWidth, isPlain} from '../../../src/tui/paint/width.js';
import {testTheme} from './helpers.js';

// Colours at a fixed depth (chalk reads this when Ink first loads it).
vi.hoisted(() => {
	process.env['FORCE_COLOR'] = '3';
});

/** Widths Ink's layout gives each text (string-width, as it measures every `<Text>`). */
function inkWidths(texts: readonly string[]): number[] {
	const widths: number[] = [];
	function Measure() {
		const refs = useRef<Array<DOMElement | null>>([]);
		useLayoutEffect(() => {
			for (const element of refs.current) widths.push(element ? measureElement(element).width : -1);
		});
		return (
			<Box flexDirection="column" alignItems="flex-start">
				{texts.map((text, index) => (
					<Box
						key={index}
						ref={(element) => {
							refs.current[index] = element;
						}}
					>
						<Text>{text}</Text>
					</Box>
				))}
			</Box>
		);
	}
	renderToString(<Measure />, {columns: 20});
	return widths;
}

describe('paint/width', () => {
	it('gives every character it knows the width Ink measures', () => {
		const chars: string[] = [];
		for (let code = 0x20; code <= 0x27_ff; code++) {
			const char = String.fromCodePoint(code);
			if (isPlain(char)) chars.push(char);
		}
		expect(chars.length).toBeGreaterThan(1500);
		const measured = inkWidths(chars);
		const wrong = chars.filter((char, index) => charWidth(char) !== measured[index]).map((char) => `U+${char.codePointAt(0)?.toString(16)} ${char} ${charWidth(char)}≠${measured[chars.indexOf(char)]}`);
		expect(wrong).toEqual([]);
	});

	it('leaves combining marks, variation selectors, CJK and astral emoji to Ink', () => {
		for (const text of ['e\u0301', '⚠\uFE0F', '漢字', '🚀', 'a\u200Db', '\u00AD']) expect(isPlain(text)).toBe(false);
		for (const text of ['● working', '✋ needs input', '⏺ Read(src/a.ts)', '─ events ─', 'Δ3 ↑2', 'CTX ▰▰▱ 40%']) expect(isPlain(text)).toBe(true);
	});
});

describe('theme/ansi', () => {
	it('paints every token of every built-in theme exactly as <Text> does', () => {
		for (const name of ['dark', 'light', 'high-contrast', 'no-color']) {
			const theme = testTheme(name);
			for (const token of themeTokens) {
				const style = styleOf(theme, token);
				const {open, close} = sgrOf(style);
				expect(open + 'x' + close, `${name} ${token}`).toBe(renderToString(<Text {...style}>x</Text>));
			}
		}
	});

	it('converts hex colours as chalk does at each depth', () => {
		// At the depth of this terminal (TERM decides it, whatever FORCE_COLOR says).
		for (const color of ['#0a141e', '#ff8700', '#808080']) expect(colorOpen(color, true) + 'x\u001B[39m').toBe(renderToString(<Text color={color}>x</Text>));
		expect(colorLevel).toBeGreaterThan(0);
		expect(colorOpen('#0a141e', true, 3)).toBe('\u001B[38;2;10;20;30m');
		expect(colorOpen('#ff8700', true, 2)).toBe('\u001B[38;5;214m');
		expect(colorOpen('#ff8700', false, 1)).toBe('\u001B[103m');
		expect(colorOpen('#808080', true, 2)).toBe('\u001B[38;5;244m');
		expect(colorOpen('red', false, 1)).toBe('\u001B[41m');
		expect(colorOpen('red', true, 0)).toBe('');
		expect(sgrOf({color: 'red', bold: true}, 0)).toEqual({open: '', close: ''});
	});
});

describe('components/Rows', () => {
	const pool = ['● ', 'a01', '✋', '⚡ provider down', ' ', '', 'Working… (12s · esc to interrupt)', 'Δ3 ↑2', 'demo', '─────', 'x', 'a rather long piece of text'];
	const tokens = ['text.muted', 'text.secondary', 'status.working', 'attention', undefined] as const;
	let seed = 7;
	const random = (n: number) => {
		seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
		return seed % n;
	};
	// Bold goes on undimmed tokens only, as in the app: cutting bold dimmed text, Ink (slice-ansi)
	// drops the bold, since both end with the same code.
	const spans = (count: number): Span[] =>
		Array.from({length: count}, () => {
			const t = tokens[random(tokens.length)];
			return {text: pool[random(pool.length)] ?? '', t, bold: t !== 'text.muted' && random(4) === 0 ? true : undefined};
		});

	it('lays out and truncates lines exactly as Ink does', () => {
		const theme = testTheme('dark');
		for (let trial = 0; trial < 300; trial++) {
			const width = 4 + random(40);
			const row: Row = random(3) === 0 ? {left: spans(1 + random(5))} : {left: spans(1 + random(5)), right: spans(random(3)), gap: random(2)};
			const fast = renderToString(
				<ThemeProvider theme={theme}>
					<Rows rows={[row]} width={width} />
				</ThemeProvider>,
				{columns: 60},
			);
			const ink = renderToString(
				<ThemeProvider theme={theme}>
					<FlexRow row={row} width={width} />
				</ThemeProvider>,
				{columns: 60},
			);
			expect(fast, JSON.stringify({width, row})).toBe(ink);
		}
	});

	it('stacks several lines, left to Ink the ones it cannot measure', () => {
		const theme = testTheme('dark');
		const rows: Row[] = [{left: [{text: 'one', t: 'text.muted'}]}, {left: [{text: '漢字 wide', t: 'attention'}], right: [{text: 'r'}], gap: 1}, {left: [{text: 'three'}], right: [{text: 'CTX –', t: 'text.muted'}], gap: 0}];
		const out = renderToString(
			<ThemeProvider theme={theme}>
				<Rows rows={rows} width={20} />
			</ThemeProvider>,
			{columns: 20},
		);
		expect(out.replaceAll(/\u001B\[[\d;]*m/g, '').split('\n')).toEqual(['one', '漢字 wide          r', 'three          CTX –']);
	});
});
