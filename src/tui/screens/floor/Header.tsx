import {memo, useMemo} from 'react';
import {statePresentation} from '../../../core/model/presentation.js';
import {windowsLine, windowsPct, windowTone} from '../../../core/model/windows-text.js';
import type {WindowsView} from '../../data/usage.js';
import type {ThemeToken} from '../../theme/tokens.js';
import {Rows} from '../../components/Rows.js';
import {span, type Row, type Span} from '../../paint/rows.js';
import {plainWidth} from '../../paint/width.js';
import type {Totals} from '../../types.js';
import {filterLabels, type FilterId} from '../../ui-state.js';

export type HeaderProps = {workspaces: readonly string[]; totals: Totals; filter: FilterId; now: number; width: number; notice: string | undefined; windows?: readonly WindowsView[] | undefined};

const toneToken = {ok: 'text.secondary', warn: 'ctx.warn', high: 'ctx.critical', unknown: 'text.secondary'} as const satisfies Record<string, ThemeToken>;

/** Each profile's plan windows, `work MAX 5h 35% ↻2h13m · wk 10% ↻3d05h`, coloured by the fuller one. */
function windowSpans(windows: readonly WindowsView[], now: number): Span[] {
	return windows.flatMap((entry) => [span(windowsLine(entry, now), toneToken[windowTone(windowsPct(entry))]), span('  ')]);
}

function clock(now: number): string {
	const date = new Date(now);
	return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}

/** The header line (the clock and filter on the right). */
export function headerRow({workspaces, totals, filter, clock: time, narrow, notice, windows = [], now = 0}: Omit<HeaderProps, 'now' | 'width'> & {clock: string; narrow: boolean; now?: number}): Row {
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
		...(totals.unread > 0 ? [span(`  ● ${totals.unread} unread`, 'attention')] : []),
		...(notice ? [span(`  ${notice}`, 'toast.error')] : []),
	];
	return {left, right: [...(filter === 'all' ? [] : [span(`filter: ${filterLabels[filter]}  `, 'text.accent')]), ...windowSpans(windows, now), span(time, 'text.secondary')], gap: clockGap};
}

/** Cells kept free before the clock, so a cut left part never runs into it. */
const clockGap = 2;

const rowWidth = (row: Row) => [...row.left, ...(row.right ?? [])].reduce((sum, part) => sum + plainWidth(part.text), clockGap);

/**
 * The fullest line that fits: counts with their words and the plan windows; then the glyphs and
 * numbers with the windows; then without the windows (the counts matter most).
 */
export function fittingHeaderRow(props: Omit<HeaderProps, 'width'> & {clock: string}, width: number): Row {
	const candidates = [headerRow({...props, narrow: false}), headerRow({...props, narrow: true}), headerRow({...props, windows: [], narrow: false})];
	return candidates.find((row) => rowWidth(row) <= width) ?? headerRow({...props, windows: [], narrow: true});
}

/** `tutti ▸ shop · ● 3 working  ✋ 1 waiting for you  ✗ 0 blocked  ■ 2 stopped  ○ 1 idle · ⚑ 2 need you` */
export const Header = memo(function Header({workspaces, totals, filter, now, width, notice, windows}: HeaderProps) {
	const time = clock(now);
	// Times to reset move by the minute, as the clock does: recompute with it, not every second.
	const minute = Math.floor(now / 60_000) * 60_000;
	const rows = useMemo(() => [fittingHeaderRow({workspaces, totals, filter, clock: time, notice, windows, now: minute}, width)], [workspaces, totals, filter, time, width, notice, windows, minute]);
	return <Rows rows={rows} width={width} />;
});
