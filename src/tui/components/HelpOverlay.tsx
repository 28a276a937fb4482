import {Box, Text} from 'ink';
import {memo} from 'react';
import {helpSections} from '../keys/help.js';
import {Txt} from './Txt.js';

/** `?`: every key, by category, from the command table. Two columns when wide enough. */
export const HelpOverlay = memo(function HelpOverlay({width, height}: {width: number; height: number}) {
	const sections = helpSections();
	const columns = width >= 150 ? 2 : 1;
	const columnWidth = Math.floor((width - (columns - 1) * 2) / columns);
	const blocks = sections.map(({category, rows}) => (
		<Box key={category} flexDirection="column" width={columnWidth} marginBottom={1}>
			<Txt t="text.accent">{category}</Txt>
			{rows.map((row) => (
				<Box key={row.command} height={1} overflow="hidden">
					<Box width={16} flexShrink={0}>
						<Txt t="footer.key">{row.keys}</Txt>
					</Box>
					<Text wrap="truncate-end">
						<Txt t="text.secondary">{row.description}</Txt>
					</Text>
				</Box>
			))}
		</Box>
	));
	const perColumn = Math.ceil(blocks.length / columns);
	return (
		<Box width={width} height={height} flexDirection="column" overflow="hidden">
			<Text>
				<Txt t="header.title">keys</Txt>
				<Txt t="text.muted"> · any key closes this help</Txt>
			</Text>
			<Box flexDirection="row">
				{Array.from({length: columns}, (_, column) => (
					<Box key={column} flexDirection="column" width={columnWidth} marginLeft={column === 0 ? 0 : 2}>
						{blocks.slice(column * perColumn, (column + 1) * perColumn)}
					</Box>
				))}
			</Box>
		</Box>
	);
});
