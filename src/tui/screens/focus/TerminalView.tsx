import {Box, Text} from 'ink';
import {memo} from 'react';
import {Txt} from '../../components/Txt.js';
import type {FocusScreen} from './use-focus-screen.js';

/** The agent's live terminal: its rows with their colours, under a title rule. */
export const TerminalView = memo(function TerminalView({screen, width, height, scroll, name}: {screen: FocusScreen; width: number; height: number; scroll: number; name: string}) {
	const title = `─ ${name} `;
	const state = !screen.live ? 'not streaming (agent not running)' : scroll > 0 ? `scrolled back ${scroll} · End: live` : `live ${screen.cols}×${screen.rows}`;
	const room = Math.max(0, height - 1);
	const rows = room === 0 ? [] : screen.lines.slice(-room);
	return (
		<Box width={width} flexShrink={0} height={height} flexDirection="column">
			<Box height={1} flexShrink={0}>
				<Text wrap="truncate-end">
					<Txt t="text.accent">{title}</Txt>
					<Txt t="border.default">{'─'.repeat(Math.max(0, width - title.length - state.length - 3))}</Txt>
					<Txt t={scroll > 0 ? 'attention' : 'text.muted'}>{` ${state} `}</Txt>
					<Txt t="border.default">─</Txt>
				</Text>
			</Box>
			{rows.map((line, index) => (
				<Box key={index} height={1} flexShrink={0} width={width}>
					<Text wrap="truncate-end">{line === '' ? ' ' : line}</Text>
				</Box>
			))}
		</Box>
	);
});
