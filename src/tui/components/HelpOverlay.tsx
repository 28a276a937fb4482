import {Box, Text} from 'ink';
import {memo} from 'react';
import {helpSections} from '../keys/help.js';
import {Txt} from './Txt.js';

type Line = {kind: 'category'; text: string} | {kind: 'row'; keys: string; text: string; id: string};

const minColumnWidth = 38;

/** Splits the help into columns of `rows` lines and pages of `perPage` columns. */
export function helpPages(rows: number, width: number): {pages: Line[][][]; columnWidth: number} {
	const lines: Line[] = [];
	for (const {category, rows: commands} of helpSections()) {
		lines.push({kind: 'category', text: category});
		for (const row of commands) lines.push({kind: 'row', keys: row.keys, text: row.description, id: row.command});
	}
	const height = Math.max(3, rows);
	const columns: Line[][] = [];
	for (let start = 0; start < lines.length; start += height) {
		const column = lines.slice(start, start + height);
		// A category title never ends a column.
		if (column.length === height && column.at(-1)?.kind === 'category' && start + height < lines.length) {
			column.pop();
			start--;
		}
		columns.push(column);
	}
	const perPage = Math.max(1, Math.min(columns.length, Math.floor((width + 2) / (minColumnWidth + 2))));
	const pages: Line[][][] = [];
	for (let index = 0; index < columns.length; index += perPage) pages.push(columns.slice(index, index + perPage));
	return {pages, columnWidth: Math.floor((width - (perPage - 1) * 2) / perPage)};
}

/** `?`: every key, by category, from the command table; PgDn pages when it does not fit. */
export const HelpOverlay = memo(function HelpOverlay({width, height, page = 0}: {width: number; height: number; page?: number}) {
	const {pages, columnWidth} = helpPages(height - 1, width);
	const current = pages[page % Math.max(1, pages.length)] ?? [];
	const keyWidth = Math.min(16, Math.floor(columnWidth / 3));
	return (
		<Box width={width} flexShrink={0} height={height} flexDirection="column">
			<Box height={1} flexShrink={0}>
				<Text wrap="truncate-end">
					<Txt t="header.title">keys</Txt>
					<Txt t="text.muted">{pages.length > 1 ? ` · page ${(page % pages.length) + 1}/${pages.length} · PgDn next page · any other key closes` : ' · any key closes this help'}</Txt>
				</Text>
			</Box>
			<Box flexDirection="row" flexShrink={0}>
				{current.map((column, index) => (
					<Box key={index} flexDirection="column" width={columnWidth} marginLeft={index === 0 ? 0 : 2} flexShrink={0}>
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
