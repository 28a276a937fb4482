import {Box} from 'ink';
import {memo, useMemo} from 'react';
import {Rows} from '../../components/Rows.js';
import {span, type Row} from '../../paint/rows.js';
import type {ThemeToken} from '../../theme/tokens.js';
import type {TickerItem} from '../../types.js';

const levelToken: Record<TickerItem['level'], ThemeToken> = {info: 'text.secondary', attention: 'attention', error: 'toast.error'};

export function timeOfDay(time: number): string {
	const date = new Date(time);
	return [date.getHours(), date.getMinutes(), date.getSeconds()].map((part) => String(part).padStart(2, '0')).join(':');
}

/** The rule and the last `lines` events, newest at the bottom. */
export function tickerRows(items: readonly TickerItem[], width: number, lines: number): Row[] {
	const shown = items.slice(-lines);
	const rule: Row = {left: [span(`─ events ${'─'.repeat(Math.max(0, width - 9))}`, 'border.default')]};
	if (shown.length === 0) return [rule, {left: [span('no events yet', 'text.muted')]}];
	return [rule, ...shown.map((item) => ({left: [span(`${timeOfDay(item.time)} `, 'text.muted'), span(item.text, levelToken[item.level])]}))];
}

/** The last events, newest at the bottom, under a rule. */
export const Ticker = memo(function Ticker({items, width, lines}: {items: readonly TickerItem[]; width: number; lines: number}) {
	const rows = useMemo(() => tickerRows(items, width, lines), [items, width, lines]);
	return (
		<Box width={width} flexShrink={0} height={lines + 1} flexDirection="column">
			<Rows rows={rows} width={width} />
		</Box>
	);
});
