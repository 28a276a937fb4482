import {Box, Text, Transform} from 'ink';
import {memo, useCallback, useMemo} from 'react';
import {layoutRow, paint, type Row, type Span} from '../paint/rows.js';
import {useTheme} from '../theme/context.js';
import {Txt} from './Txt.js';

export type {Row, Span} from '../paint/rows.js';

/**
 * Lines of a fixed width painted as one block, once per change of their content.
 *
 * Ink measures, styles and truncates every `<Text>` on every frame; for a floor of cards that was
 * most of a frame. Here each line is laid out and painted (escape sequences included) when its
 * content changes, and Ink gets one text node per block: blank lines of the block's size, which it
 * measures at no cost, that a `<Transform>` swaps for the painted lines as they are written out.
 * A line with characters of uncertain width (paint/width.ts) is left to Ink: it renders as a flex
 * row of `<Text>`, the same layout as the painted one.
 */
export const Rows = memo(function Rows({rows, width}: {rows: readonly Row[]; width: number}) {
	const theme = useTheme();
	const lines = useMemo(
		() =>
			rows.map((row) => {
				const spans = layoutRow(row, width);
				return spans && paint(theme, spans);
			}),
		[rows, width, theme],
	);
	if (lines.every((line) => line !== undefined)) return <Block lines={lines as string[]} width={width} label={rows} />;
	return (
		<Box width={width} height={rows.length} flexShrink={0} flexDirection="column">
			{rows.map((row, index) => {
				const line = lines[index];
				return line === undefined ? <FlexRow key={index} row={row} width={width} /> : <Block key={index} lines={[line]} width={width} label={[row]} />;
			})}
		</Box>
	);
});

function plainText(rows: readonly Row[]): string {
	return rows.map((row) => [...row.left, ...(row.right ?? [])].map((item) => item.text).join('')).join('\n');
}

function Block({lines, width, label}: {lines: readonly string[]; width: number; label: readonly Row[]}) {
	const blank = useMemo(() => Array.from({length: lines.length}, () => ' '.repeat(width)).join('\n'), [lines.length, width]);
	const transform = useCallback((_line: string, index: number) => lines[index] ?? '', [lines]);
	return (
		<Box width={width} height={lines.length} flexShrink={0}>
			<Transform transform={transform} accessibilityLabel={plainText(label)}>
				{blank}
			</Transform>
		</Box>
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
function FlexRow({row, width}: {row: Row; width: number}) {
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
