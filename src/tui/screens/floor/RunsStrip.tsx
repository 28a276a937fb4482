import {Box} from 'ink';
import {memo, useMemo} from 'react';
import {ago} from '../../../core/model/time.js';
import {Rows} from '../../components/Rows.js';
import {span, type Row} from '../../paint/rows.js';
import type {ThemeToken} from '../../theme/tokens.js';
import type {RunView, StepMark} from '../../types.js';

const markGlyph: Record<StepMark, string> = {done: '✓', active: '●', failed: '✗', pending: '·'};
const markToken: Record<StepMark, ThemeToken> = {done: 'run.done', active: 'run.active', failed: 'run.failed', pending: 'run.pending'};

/**
 * One run: `▶ ship ✓→✓→●→·→· 3/5 prompt @ implementer`, how many runs alike it stands for (`×3`)
 * and, at the right, how long ago it last moved.
 */
export function runRow(run: RunView, now: number): Row {
	const status = run.status === 'running' ? '▶' : run.status === 'completed' ? '✓' : '✗';
	const statusToken: ThemeToken = run.status === 'running' ? 'run.active' : run.status === 'completed' ? 'run.done' : 'run.failed';
	const position = run.current === undefined ? '' : `${run.current + 1}/${run.steps.length}`;
	return {
		left: [
			span(`${status} ${run.name} `, statusToken),
			...(run.count > 1 ? [span(`×${run.count} `, 'text.secondary')] : []),
			...run.steps.map((mark, index) => span(`${markGlyph[mark]}${index < run.steps.length - 1 ? '→' : ''}`, markToken[mark])),
			span(` ${position}`, 'text.secondary'),
			...(run.agent ? [span(` ${run.stepType ?? 'step'} @ ${run.agent}`, 'text.accent')] : []),
			...(run.stage && run.stage !== run.agent ? [span(` [${run.stage}]`, 'text.muted')] : []),
		],
		right: [span(ago(new Date(run.updatedAt).toISOString(), now), 'text.muted')],
		gap: 2,
	};
}

const noRuns: Row[] = [{left: [span('runs ', 'text.secondary'), span('no runs · w picks a workflow', 'text.muted')]}];

/** The workflow runs strip: active runs first; `no runs` when there are none. */
export const RunsStrip = memo(function RunsStrip({runs, width, lines, now}: {runs: readonly RunView[]; width: number; lines: number; now: number}) {
	const rows = useMemo(() => (runs.length === 0 ? noRuns : runs.slice(0, lines).map((run) => runRow(run, now))), [runs, lines, now]);
	return (
		<Box width={width} flexShrink={0} height={lines} flexDirection="column">
			<Rows rows={rows} width={width} />
		</Box>
	);
});
