import {Box, Text} from 'ink';
import {memo} from 'react';
import {helpSections} from '../keys/help.js';
import {commandKeysLabel} from '../keys/match.js';
import {wrapWords} from '../paint/wrap.js';
import {Txt} from './Txt.js';

/** One screen line of the help: a category title, or a command's keys and (part of) its description. */
type Line = {kind: 'category'; text: string} | {kind: 'row'; keys: string; text: string; id: string};

export type HelpLayout = {pages: Line[][][]; columnWidth: number; keyWidth: number};

const minColumnWidth = 38;
const columnGap = 2;

/** Help lines for columns of `columnWidth`: descriptions wrapped under their text, never cut. */
function helpBlocks(columnWidth: number, keyWidth: number): Line[][] {
	const blocks: Line[][] = [];
	for (const {category, rows} of helpSections()) {
		rows.forEach((row, index) => {
			const text = wrapWords(row.description, columnWidth - keyWidth);
			const lines: Line[] = text.map((part, line) => ({kind: 'row', keys: line === 0 ? row.keys : '', text: part, id: `${row.command}#${line}`}));
			// A category title travels with its first command, so it never ends a column.
			blocks.push(index === 0 ? [{kind: 'category', text: category}, ...lines] : lines);
		});
	}
	return blocks;
}

/** Fills columns of `height` lines with whole blocks (a command's wrapped lines stay together). */
function packColumns(blocks: readonly Line[][], height: number): Line[][] {
	const columns: Line[][] = [];
	let column: Line[] = [];
	for (const block of blocks) {
		if (column.length > 0 && column.length + block.length > height) {
			columns.push(column);
			column = [];
		}
		column.push(...block);
	}
	if (column.length > 0) columns.push(column);
	return columns;
}

/**
 * Lays the help out in `rows` lines and `width` columns: as few pages as possible, and for the
 * same number of pages as few (so as wide) columns as possible, which wraps the least.
 */
export function helpLayout(rows: number, width: number): HelpLayout {
	const height = Math.max(3, rows);
	const longestKeys = Math.max(...helpSections().flatMap((section) => section.rows.map((row) => row.keys.length)));
	const most = Math.max(1, Math.floor((width + columnGap) / (minColumnWidth + columnGap)));
	let best: HelpLayout | undefined;
	for (let perPage = 1; perPage <= most; perPage++) {
		const columnWidth = Math.floor((width - (perPage - 1) * columnGap) / perPage);
		const keyWidth = Math.min(longestKeys + 2, Math.floor(columnWidth / 3));
		const columns = packColumns(helpBlocks(columnWidth, keyWidth), height);
		const pages: Line[][][] = [];
		for (let index = 0; index < columns.length; index += perPage) pages.push(columns.slice(index, index + perPage));
		if (!best || pages.length < best.pages.length) best = {pages, columnWidth, keyWidth};
	}
	return best ?? {pages: [], columnWidth: width, keyWidth: 0};
}

/** The title line: which page, and only the page keys that lead somewhere. */
function pageHint(page: number, count: number): string {
	if (count <= 1) return ' · any key closes this help';
	const previous = page > 0 ? ` · ${commandKeysLabel('help.previous-page', 1)} previous page` : '';
	const next = page < count - 1 ? ` · ${commandKeysLabel('help.next-page', 1)} next page` : '';
	return ` · page ${page + 1}/${count}${previous}${next} · any other key closes`;
}

/** `?`: every key, by category, from the command table; PgDn/PgUp page when it does not fit. */
export const HelpOverlay = memo(function HelpOverlay({width, height, layout, page}: {width: number; height: number; layout: HelpLayout; page: number}) {
	const {pages, columnWidth, keyWidth} = layout;
	const shown = Math.min(Math.max(0, page), Math.max(0, pages.length - 1));
	const current = pages[shown] ?? [];
	return (
		<Box width={width} flexShrink={0} height={height} flexDirection="column">
			<Box height={1} flexShrink={0}>
				<Text wrap="truncate-end">
					<Txt t="header.title">keys</Txt>
					<Txt t="text.muted">{pageHint(shown, pages.length)}</Txt>
				</Text>
			</Box>
			<Box flexDirection="row" flexShrink={0}>
				{current.map((column, index) => (
					<Box key={index} flexDirection="column" width={columnWidth} marginLeft={index === 0 ? 0 : columnGap} flexShrink={0}>
						{column.map((line) =>
							line.kind === 'category' ? (
								<Box key={`c-${line.text}`} height={1} flexShrink={0}>
									<Txt t="text.accent">{line.text}</Txt>
								</Box>
							) : (
								<Box key={line.id} height={1} flexShrink={0}>
									<Box width={keyWidth} flexShrink={0}>
										<Txt t="footer.key" wrap="truncate-end">
											{line.keys}
										</Txt>
									</Box>
									<Text wrap="truncate-end">
										<Txt t="text.secondary">{line.text}</Txt>
									</Text>
								</Box>
							),
						)}
					</Box>
				))}
			</Box>
		</Box>
	);
});
