import {Box, Text} from 'ink';
import {memo} from 'react';
import {stateLabels} from '../../../core/state/presentation.js';
import {Txt} from '../../components/Txt.js';
import type {Totals} from '../../types.js';
import {filterLabels, type FilterId} from '../../ui-state.js';

export type HeaderProps = {workspaces: readonly string[]; totals: Totals; filter: FilterId; now: number; width: number; notice: string | undefined};

function clock(now: number): string {
	const date = new Date(now);
	return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}

/** `tutti ▸ shop · ● 3 working  ✋ 1 waiting for you  ✗ 0 blocked  ■ 2 stopped  ○ 1 idle · ⚑ 2 need you` */
export const Header = memo(function Header({workspaces, totals, filter, now, width, notice}: HeaderProps) {
	const narrow = width < 100;
	const where = workspaces.length === 1 ? workspaces[0] : `${workspaces.length} workspaces`;
	return (
		<Box width={width} height={1} flexShrink={0} justifyContent="space-between">
			<Box flexShrink={1}>
				<Text wrap="truncate-end">
					<Txt t="header.title">tutti</Txt>
					<Txt t="text.secondary">{` ▸ ${where ?? '–'}  `}</Txt>
					<Txt t="status.working">{`${stateLabels.working.glyph} ${totals.working}${narrow ? '' : ' working'}`}</Txt>
					{'  '}
					<Txt t="status.needs_input">{`${stateLabels.needs_input.glyph} ${totals.waiting}${narrow ? '' : ' waiting for you'}`}</Txt>
					{'  '}
					<Txt t="status.auth_failed">{`${stateLabels.auth_failed.glyph} ${totals.blocked}${narrow ? '' : ' blocked'}`}</Txt>
					{'  '}
					<Txt t="status.stopped">{`${stateLabels.stopped.glyph} ${totals.stopped}${narrow ? '' : ' stopped'}`}</Txt>
					{'  '}
					<Txt t="status.idle">{`${stateLabels.idle.glyph} ${totals.idle}${narrow ? '' : ' idle'}`}</Txt>
					{totals.attention > 0 ? <Txt t="attention">{`  ⚑ ${totals.attention} need${totals.attention === 1 ? 's' : ''} you`}</Txt> : null}
					{notice ? <Txt t="toast.error">{`  ${notice}`}</Txt> : null}
				</Text>
			</Box>
			<Box flexShrink={0}>
				<Text>
					{filter === 'all' ? null : <Txt t="text.accent">{`filter: ${filterLabels[filter]}  `}</Txt>}
					<Txt t="text.secondary">{clock(now)}</Txt>
				</Text>
			</Box>
		</Box>
	);
});
