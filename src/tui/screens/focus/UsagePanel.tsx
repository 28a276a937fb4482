import {Box, Text} from 'ink';
import {memo} from 'react';
import {CtxBar} from '../../components/CtxBar.js';
import {Panel} from '../../components/Panel.js';
import {Txt} from '../../components/Txt.js';
import {formatTokens} from '../../data/agent-view.js';
import {totalTokens} from '../../../core/usage/agent-usage.js';
import type {AgentUsage} from '../../types.js';

const grouped = (value: number) => value.toLocaleString('en-US');

function Row({label, value, width}: {label: string; value: string; width: number}) {
	return (
		<Box width={width} justifyContent="space-between">
			<Txt t="text.secondary">{label}</Txt>
			<Txt t="text.primary">{value}</Txt>
		</Box>
	);
}

/** Token usage (input / output / cache read / cache write, per model) and the context health bar. */
export const UsagePanel = memo(function UsagePanel({usage, width, height}: {usage: AgentUsage | undefined; width: number; height: number}) {
	const inner = Math.max(10, width - 1);
	if (!usage) {
		return (
			<Panel title="usage" width={width} height={height}>
				<Txt t="text.muted" wrap="wrap">
					No token usage for this agent yet.
				</Txt>
				<CtxBar pct={undefined} />
			</Panel>
		);
	}
	const models = Object.entries(usage.by_model);
	return (
		<Panel title="usage" width={width} height={height}>
			<Row label="input" value={grouped(usage.input_tokens)} width={inner} />
			<Row label="output" value={grouped(usage.output_tokens)} width={inner} />
			<Row label="cache read" value={grouped(usage.cache_read_tokens)} width={inner} />
			<Row label="cache write" value={grouped(usage.cache_creation_tokens)} width={inner} />
			{models.map(([model, counts]) => (
				<Box key={model} width={inner} justifyContent="space-between">
					<Box flexShrink={1}>
						<Txt t="text.muted" wrap="truncate-end">
							{model}
						</Txt>
					</Box>
					<Text>{formatTokens(totalTokens(counts))}</Text>
				</Box>
			))}
			<CtxBar pct={usage.context_pct ?? undefined} cells={Math.max(5, Math.min(20, inner - 10))} />
		</Panel>
	);
});
