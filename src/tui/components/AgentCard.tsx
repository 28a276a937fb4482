import {Box, Text} from 'ink';
import {memo} from 'react';
import {formatDuration, formatTokens} from '../data/agent-view.js';
import {borderColorOf, useTheme} from '../theme/context.js';
import type {AgentView} from '../types.js';
import {CtxBar} from './CtxBar.js';
import {StateBadge} from './StateBadge.js';
import {Txt} from './Txt.js';

export type CardMode = 'full' | 'compact' | 'row';

export type AgentCardProps = {agent: AgentView; width: number; mode: CardMode; selected: boolean; now: number; showWorkspace: boolean};

function Changes({agent}: {agent: AgentView}) {
	if (!agent.hasWorktree) return null;
	return <Txt t="text.secondary">{`Δ${agent.changes ?? 0}${agent.ahead ? ` ↑${agent.ahead}` : ''}`}</Txt>;
}

function Name({agent, showWorkspace, selected}: {agent: AgentView; showWorkspace: boolean; selected: boolean}) {
	return (
		<Txt t={selected ? 'selection' : 'text.primary'} bold>
			{showWorkspace ? `${agent.workspace}/` : ''}
			{agent.name}
		</Txt>
	);
}

/**
 * One agent. Selection and attention show without colour too: the selected card has a double
 * border (`▌` marker in the dense modes), an agent that needs you a heavy border and `⚑`.
 */
export const AgentCard = memo(function AgentCard({agent, width, mode, selected, now, showWorkspace}: AgentCardProps) {
	const theme = useTheme();
	const since = formatDuration(now - agent.since);
	const flag = agent.attention ? <Txt t="attention">⚑ </Txt> : null;
	if (mode === 'row' || mode === 'compact') {
		const marker = <Txt t={selected ? 'selection' : 'text.muted'}>{selected ? '▌' : ' '}</Txt>;
		const line1 = (
			<Box width={width} height={1} flexShrink={0}>
				<Text wrap="truncate-end">
					{marker}
					{flag}
					<StateBadge state={agent.state} label={false} /> <Name agent={agent} showWorkspace={showWorkspace} selected={selected} /> <StateBadge state={agent.state} exitStatus={agent.exitStatus} /> <Txt t="text.secondary">{since}</Txt> <Changes agent={agent} />
					{mode === 'row' ? (
						<>
							{' '}
							<Txt t="text.secondary">{formatTokens(agent.tokens)}</Txt> <CtxBar pct={agent.contextPct} cells={3} /> <Txt t="text.muted">{agent.activity}</Txt>
						</>
					) : (
						<Txt t="text.muted">{` ${agent.runtime}`}</Txt>
					)}
				</Text>
			</Box>
		);
		if (mode === 'row') return line1;
		return (
			<Box width={width} flexShrink={0} height={2} flexDirection="column">
				{line1}
				<Box width={width} height={1} flexShrink={0}>
					<Box flexGrow={1} flexShrink={1}>
						<Text wrap="truncate-end">
							{'  '}
							<Txt t="text.muted">{agent.activity || ' '}</Txt>
						</Text>
					</Box>
					<Box flexShrink={0}>
						<Text>
							{' '}
							<Txt t="text.secondary">{formatTokens(agent.tokens)}</Txt> <CtxBar pct={agent.contextPct} cells={3} />
						</Text>
					</Box>
				</Box>
			</Box>
		);
	}
	const border = selected ? 'border.selected' : agent.attention ? 'border.attention' : 'border.default';
	return (
		<Box width={width} flexShrink={0} height={6} flexDirection="column" borderStyle={selected ? 'double' : agent.attention ? 'bold' : 'round'} borderColor={borderColorOf(theme, border)} paddingX={1}>
			<Box justifyContent="space-between">
				<Box flexShrink={1}>
					<Text wrap="truncate-end">
						{flag}
						<StateBadge state={agent.state} label={false} /> <Name agent={agent} showWorkspace={showWorkspace} selected={selected} />
					</Text>
				</Box>
				<Box flexShrink={0} marginLeft={1}>
					<Txt t="text.muted">{agent.runtime}</Txt>
				</Box>
			</Box>
			<Box justifyContent="space-between">
				<Box flexShrink={1}>
					<Text wrap="truncate-end">
						<StateBadge state={agent.state} exitStatus={agent.exitStatus} /> <Txt t="text.secondary">{since}</Txt>
					</Text>
				</Box>
				<Box flexShrink={0} marginLeft={1}>
					<Changes agent={agent} />
				</Box>
			</Box>
			<Box>
				<Txt t="text.muted" wrap="truncate-end">
					{agent.activity || ' '}
				</Txt>
			</Box>
			<Box justifyContent="space-between">
				<Txt t="text.secondary">{`${formatTokens(agent.tokens)} tok`}</Txt>
				<CtxBar pct={agent.contextPct} />
			</Box>
		</Box>
	);
});
