import {Box, Text} from 'ink';
import {memo} from 'react';
import {Panel} from '../../components/Panel.js';
import {Txt} from '../../components/Txt.js';
import type {ThemeToken} from '../../theme/tokens.js';
import type {TickerItem} from '../../types.js';
import {timeOfDay} from '../floor/Ticker.js';

const levelToken: Record<TickerItem['level'], ThemeToken> = {info: 'text.secondary', attention: 'attention', error: 'toast.error'};

/** The agent's recent events, newest at the bottom. */
export const EventsPanel = memo(function EventsPanel({events, width, height}: {events: readonly TickerItem[]; width: number; height: number}) {
	// Not `slice(-0)`: that is every event, drawn past the panel over whatever lies below it.
	const room = Math.max(0, height - 1);
	const shown = room === 0 ? [] : events.slice(-room);
	return (
		<Panel title="events" width={width} height={height}>
			{shown.length === 0 ? <Txt t="text.muted">no events</Txt> : null}
			{shown.map((item) => (
				<Box key={item.id} height={1} flexShrink={0}>
					<Text wrap="truncate-end">
						<Txt t="text.muted">{`${timeOfDay(item.time)} `}</Txt>
						<Txt t={levelToken[item.level]}>{item.text.replace(/^[^:]+: /, '')}</Txt>
					</Text>
				</Box>
			))}
		</Panel>
	);
});
