import {memo, useMemo} from 'react';
import {statePresentation} from '../../../core/model/presentation.js';
import {Rows} from '../../components/Rows.js';
import {span, type Row, type Span} from '../../paint/rows.js';
import {plainWidth} from '../../paint/width.js';
import type {Totals} from '../../types.js';
import {filterLabels, type FilterId} from '../../ui-state.js';

export type HeaderProps = {workspaces: readonly string[]; totals: Totals; filter: FilterId; now: number; width: number; notice: string | undefined};

function clock(now: number): string {
	const date = new Date(now);
	return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}

/** The header line (the clock and filter on the right). */
export function headerRow({workspaces, totals, filter, clock: time, narrow, notice}: Omit<HeaderProps, 'now' | 'width'> & {clock: string; narrow: boolean}): Row {
	const where = workspaces.length === 1 ? workspaces[0] : `${workspaces.length} workspaces`;
	const count = (state: 'working' | 'needs_input' | 'auth_failed' | 'stopped' | 'idle', value: number, label: string): Span => span(`${statePresentation[state].glyph} ${value}${narrow ? '' : ` ${label}`}`, `status.${state}`);
	const left = [
		span('tutti', 'header.title'),
		span(` ▸ ${where ?? '–'}  `, 'text.secondary'),
		count('working', totals.working, 'working'),
		span('  '),
		count('needs_input', totals.waiting, 'waiting for you'),
		span('  '),
		count('auth_failed', totals.blocked, 'blocked'),
		span('  '),
		count('stopped', totals.stopped, 'stopped'),
		span('  '),
		count('idle', totals.idle, 'idle'),
		...(totals.attention > 0 ? [span(`  ⚑ ${totals.attention} need${totals.attention === 1 ? 's' : ''} you`, 'attention')] : []),
		...(notice ? [span(`  ${notice}`, 'toast.error')] : []),
	];
	return {left, right: [...(filter === 'all' ? [] : [span(`filter: ${filterLabels[filter]}  `, 'text.accent')]), span(time, 'text.secondary')], gap: clockGap};
}

/** Cells kept free before the clock, so a cut left part never runs into it. */
const clockGap = 2;

const rowWidth = (row: Row) => [...row.left, ...(row.right ?? [])].reduce((sum, part) => sum + plainWidth(part.text), clockGap);

/** The counts with their words when the whole line fits the width, else the glyphs and numbers alone. */
export function fittingHeaderRow(props: Omit<HeaderProps, 'now' | 'width'> & {clock: string}, width: number): Row {
	const full = headerRow({...props, narrow: false});
	return rowWidth(full) <= width ? full : headerRow({...props, narrow: true});
}

/** `tutti ▸ shop · ● 3 working  ✋ 1 waiting for you  ✗ 0 blocked  ■ 2 stopped  ○ 1 idle · ⚑ 2 need you` */
export const Header = memo(function Header({workspaces, totals, filter, now, width, notice}: HeaderProps) {
	const time = clock(now);
	const rows = useMemo(() => [fittingHeaderRow({workspaces, totals, filter, clock: time, notice}, width)], [workspaces, totals, filter, time, width, notice]);
	return <Rows rows={rows} width={width} />;
});
