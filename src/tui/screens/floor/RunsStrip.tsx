import {Box, Text} from 'ink';
import {memo} from 'react';
import {Txt} from '../../components/Txt.js';
import type {ThemeToken} from '../../theme/tokens.js';
import type {RunView, StepMark} from '../../types.js';

const markGlyph: Record<StepMark, string> = {done: '✓', active: '●', failed: '✗', pending: '·'};
const markToken: Record<StepMark, ThemeToken> = {done: 'run.done', active: 'run.active', failed: 'run.failed', pending: 'run.pending'};

/** One run: `▶ ship  ✓ ✓ ● · ·  3/5 prompt → implementer (implementer stage)`. */
function RunLine({run, width}: {run: RunView; width: number}) {
	const status = run.status === 'running' ? '▶' : run.status === 'completed' ? '✓' : '✗';
	const statusToken: ThemeToken = run.status === 'running' ? 'run.active' : run.status === 'completed' ? 'run.done' : 'run.failed';
	const position = run.current === undefined ? '' : `${run.current + 1}/${run.steps.length}`;
	return (
		<Box width={width} height={1} flexShrink={0}>
			<Text wrap="truncate-end">
				<Txt t={statusToken}>{`${status} ${run.name} `}</Txt>
				{run.steps.map((mark, index) => (
					<Txt key={index} t={markToken[mark]}>
						{`${markGlyph[mark]}${index < run.steps.length - 1 ? '→' : ''}`}
					</Txt>
				))}
				<Txt t="text.secondary">{` ${position}`}</Txt>
				{run.agent ? <Txt t="text.accent">{` ${run.stepType ?? 'step'} @ ${run.agent}`}</Txt> : null}
				{run.stage && run.stage !== run.agent ? <Txt t="text.muted">{` [${run.stage}]`}</Txt> : null}
			</Text>
		</Box>
	);
}

/** The workflow runs strip: active runs first; `no runs` when there are none. */
export const RunsStrip = memo(function RunsStrip({runs, width, lines}: {runs: readonly RunView[]; width: number; lines: number}) {
	if (runs.length === 0) {
		return (
			<Box width={width} flexShrink={0} height={lines}>
				<Text wrap="truncate-end">
					<Txt t="text.secondary">runs </Txt>
					<Txt t="text.muted">no runs · w picks a workflow</Txt>
				</Text>
			</Box>
		);
	}
	return (
		<Box width={width} flexShrink={0} height={lines} flexDirection="column">
			{runs.slice(0, lines).map((run) => (
				<RunLine key={run.id} run={run} width={width} />
			))}
		</Box>
	);
});
