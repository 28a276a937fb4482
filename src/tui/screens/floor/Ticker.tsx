import {Box, Text} from 'ink';
import {memo} from 'react';
import {Txt} from '../../components/Txt.js';
import type {ThemeToken} from '../../theme/tokens.js';
import type {TickerItem} from '../../types.js';

const levelToken: Record<TickerItem['level'], ThemeToken> = {info: 'text.secondary', attention: 'attention', error: 'toast.error'};

export function timeOfDay(time: number): string {
	const date = new Date(time);
	return [date.getHours(), date.getMinutes(), date.getSeconds()].map((part) => String(part).padStart(2, '0')).join(':');
}

/** The last events, newest at the bottom, under a rule. */
export const Ticker = memo(function Ticker({items, width, lines}: {items: readonly TickerItem[]; width: number; lines: number}) {
	const shown = items.slice(-lines);
	return (
		<Box width={width} flexShrink={0} height={lines + 1} flexDirection="column">
			<Txt t="border.default" wrap="truncate-end">{`─ events ${'─'.repeat(Math.max(0, width - 9))}`}</Txt>
			{shown.length === 0 ? <Txt t="text.muted">no events yet</Txt> : null}
			{shown.map((item) => (
				<Box key={item.id} height={1} flexShrink={0}>
					<Text wrap="truncate-end">
						<Txt t="text.muted">{`${timeOfDay(item.time)} `}</Txt>
						<Txt t={levelToken[item.level]}>{item.text}</Txt>
					</Text>
				</Box>
			))}
		</Box>
	);
});
