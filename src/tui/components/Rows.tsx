import {Box, Text, Transform, useIsScreenReaderEnabled} from 'ink';
import {memo, useCallback, useMemo, type ReactNode} from 'react';
import {layoutRow, paint, type Row, type Span} from '../paint/rows.js';
import {useTheme} from '../theme/context.js';
import {Txt} from './Txt.js';

export type {Row, Span} from '../paint/rows.js';

type Painted = {left: string; leftWidth: number; right: string; rightWidth: number};

/**
 * Lines of styled spans in a box `width` wide, laid out and painted once per change.
 *
 * Ink measures, styles and truncates every `<Text>` on every frame; for a floor of cards that was
 * most of a frame. Here each line is laid out and painted (escape sequences included) when its
 * content changes, and Ink gets a few plain text nodes of blanks, which it measures at no cost,
 * that a `<Transform>` swaps for the painted text as it writes the frame. Gaps are left to the
 * layout, not written as spaces: Ink's writer costs per character. A line with characters of
 * uncertain width (paint/width.ts) is left to Ink as a flex row of `<Text>`, the same layout.
 */
export const Rows = memo(function Rows({rows, width}: {rows: readonly Row[]; width: number}) {
	const theme = useTheme();
	const painted = useMemo(
		() =>
			rows.map((row): Painted | undefined => {
				const laid = layoutRow(row, width);
				return laid && {left: paint(theme, laid.left), leftWidth: laid.leftWidth, right: paint(theme, laid.right), rightWidth: laid.rightWidth};
			}),
		[rows, width, theme],
	);
	const children: ReactNode[] = [];
	// Consecutive lines without a right part share one text node.
	let run: Array<{line: Painted; row: Row}> = [];
	const flush = () => {
		if (run.length === 0) return;
		children.push(<Block key={children.length} lines={run.map((item) => item.line.left)} width={Math.max(...run.map((item) => item.line.leftWidth))} label={run.map((item) => item.row)} />);
		run = [];
	};
	rows.forEach((row, index) => {
		const line = painted[index];
		if (line && line.rightWidth === 0) {
			run.push({line, row});
			return;
		}
		flush();
		if (!line) {
			children.push(<FlexRow key={children.length} row={row} width={width} />);
			return;
		}
		children.push(
			<Box key={children.length} width={width} height={1} flexShrink={0} justifyContent={line.leftWidth > 0 ? 'space-between' : 'flex-end'}>
				{line.leftWidth > 0 ? <Block lines={[line.left]} width={line.leftWidth} label={[{left: row.left}]} /> : null}
				<Block lines={[line.right]} width={line.rightWidth} label={[{left: row.right ?? []}]} />
			</Box>,
		);
	});
	flush();
	return (
		<Box width={width} height={rows.length} flexShrink={0} flexDirection="column">
			{children}
		</Box>
	);
});

function plainText(rows: readonly Row[]): string {
	return rows.map((row) => [...row.left, ...(row.right ?? [])].map((item) => item.text).join('')).join('\n');
}

/** Painted lines as one text node: blanks for Ink to measure, swapped for the lines when written. */
function Block({lines, width, label}: {lines: readonly string[]; width: number; label: readonly Row[]}) {
	// At least one cell: an empty text node would take no height.
	const blank = useMemo(() => Array.from({length: lines.length}, () => ' '.repeat(Math.max(1, width))).join('\n'), [lines.length, width]);
	const transform = useCallback((_line: string, index: number) => lines[index] ?? '', [lines]);
	// A screen reader reads the text node itself, not what it is swapped for.
	const reader = useIsScreenReaderEnabled();
	return (
		<Transform transform={transform} accessibilityLabel={reader ? plainText(label) : undefined}>
			{blank}
		</Transform>
	);
}

function Spans({spans}: {spans: readonly Span[]}) {
	return (
		<>
			{spans.map((item, index) =>
				item.t === undefined ? (
					item.bold === undefined ? (
						item.text
					) : (
						<Text key={index} bold={item.bold}>
							{item.text}
						</Text>
					)
				) : (
					<Txt key={index} t={item.t} bold={item.bold}>
						{item.text}
					</Txt>
				),
			)}
		</>
	);
}

/** A row Ink lays out: the left part shrinks and truncates, the right part keeps its width. */
export function FlexRow({row, width}: {row: Row; width: number}) {
	return (
		<Box width={width} height={1} flexShrink={0}>
			<Box flexGrow={1} flexShrink={1}>
				<Text wrap="truncate-end">
					<Spans spans={row.left} />
				</Text>
			</Box>
			{row.right ? (
				<Box flexShrink={0} marginLeft={row.gap ?? 0}>
					<Text>
						<Spans spans={row.right} />
					</Text>
				</Box>
			) : null}
		</Box>
	);
}
