import {Box} from 'ink';
import {memo, useMemo, type ReactNode} from 'react';
import {AgentCard} from '../../components/AgentCard.js';
import {Rows} from '../../components/Rows.js';
import {Txt} from '../../components/Txt.js';
import {formatDuration} from '../../data/agent-view.js';
import {span} from '../../paint/rows.js';
import {useServices} from '../../app-context.js';
import {useUi, useWatch} from '../../hooks/use-store.js';
import type {AgentView} from '../../types.js';
import {filterLabels} from '../../ui-state.js';
import {groupAgents} from './groups.js';
import {computeFloorLayout, type PlacedHeader} from './layout.js';

const StageHeader = memo(function StageHeader({header, arrow}: {header: PlacedHeader; arrow: boolean}) {
	const rows = useMemo(() => {
		const label = `${header.stage.toUpperCase()} (${header.count})`;
		return [{left: [span(label, 'text.accent'), span(` ${'─'.repeat(Math.max(0, header.w - label.length - (arrow ? 3 : 1)))}${arrow ? '▶ ' : ''}`, 'border.default')]}];
	}, [header.stage, header.count, header.w, arrow]);
	return <Rows rows={rows} width={header.w} />;
});

/** The factory floor body: stage headers and agent cards, placed by computeFloorLayout. */
export function Floor({width, height}: {width: number; height: number}) {
	const {store, ui, refs} = useServices();
	const agents = useWatch(store, (snapshot) => snapshot.agents);
	const stages = useWatch(store, (snapshot) => snapshot.stages);
	const now = useWatch(store, (snapshot) => snapshot.now);
	const filter = useUi(ui, (state) => state.filter);
	const selected = useUi(ui, (state) => state.selected);
	const groups = useMemo(() => groupAgents(agents, stages, filter), [agents, stages, filter]);
	const layout = useMemo(() => computeFloorLayout(groups, width, height, selected), [groups, width, height, selected]);
	const byKey = useMemo(() => new Map<string, AgentView>(agents.map((agent) => [agent.key, agent])), [agents]);
	refs.floor = layout;
	const showWorkspace = useMemo(() => new Set(agents.map((agent) => agent.workspace)).size > 1, [agents]);

	if (agents.length === 0) {
		return (
			<Box width={width} flexShrink={0} height={height} flexDirection="column" paddingX={1}>
				<Txt t="text.secondary">No agents in this workspace.</Txt>
				<Txt t="text.muted">Add [[agent]] entries to tutti.toml (tt init writes a team), then start them with tt up.</Txt>
			</Box>
		);
	}
	if (layout.order.length === 0) {
		return (
			<Box width={width} flexShrink={0} height={height} paddingX={1}>
				<Txt t="text.muted">{`No agent matches the filter "${filterLabels[filter]}" right now · f changes the filter`}</Txt>
			</Box>
		);
	}
	// Rows of the body, top to bottom: headers and cards sharing a y are laid out side by side.
	const rows = new Map<number, Array<{x: number; node: ReactNode}>>();
	const put = (y: number, x: number, node: ReactNode) => {
		const row = rows.get(y) ?? [];
		row.push({x, node});
		rows.set(y, row);
	};
	layout.headers.forEach((header) => put(header.y, header.x, <StageHeader key={`h-${header.stage}`} header={header} arrow={layout.mode === 'columns' && header.index < groups.length - 1} />));
	if (layout.mode === 'columns') {
		// Columns: each stage is a column of cards under its header.
		return (
			<Box width={width} flexShrink={0} height={height} flexDirection="column">
				<Box height={1} flexShrink={0}>{(rows.get(0) ?? []).map((item, index) => <Box key={index} marginLeft={index === 0 ? 0 : 1}>{item.node}</Box>)}</Box>
				<Box flexDirection="row">
					{groups.map((group, index) => {
						const cards = layout.cards.filter((card) => group.keys.includes(card.key));
						return (
							<Box key={group.stage} flexDirection="column" width={cards[0]?.w ?? 1} marginLeft={index === 0 ? 0 : 1}>
								{cards.map((card) => {
									const agent = byKey.get(card.key);
									return agent ? <AgentCard key={card.key} agent={agent} width={card.w} mode={layout.card} selected={card.key === selected} since={formatDuration(now - agent.since)} showWorkspace={showWorkspace} /> : null;
								})}
							</Box>
						);
					})}
				</Box>
			</Box>
		);
	}
	layout.cards.forEach((card) => {
		const agent = byKey.get(card.key);
		if (agent) put(card.y, card.x, <AgentCard key={card.key} agent={agent} width={card.w} mode={layout.card} selected={card.key === selected} since={formatDuration(now - agent.since)} showWorkspace={showWorkspace} />);
	});
	const ys = [...rows.keys()].sort((a, b) => a - b);
	const lastY = ys.at(-1) ?? 0;
	const contentEnd = ys.length === 0 ? 0 : lastY + rowHeight(layout, lastY);
	return (
		<Box width={width} flexShrink={0} height={height} flexDirection="column">
			{ys.map((y, index) => {
				const items = (rows.get(y) ?? []).sort((a, b) => a.x - b.x);
				const previous = index === 0 ? 0 : (ys[index - 1] ?? 0) + rowHeight(layout, ys[index - 1] ?? 0);
				return (
					<Box key={y} marginTop={Math.max(0, y - previous)} flexDirection="row">
						{items.map((item, position) => (
							<Box key={position} marginLeft={position === 0 ? 0 : 1}>
								{item.node}
							</Box>
						))}
					</Box>
				);
			})}
			{layout.hiddenAbove + layout.hiddenBelow > 0 ? (
				<Box marginTop={Math.max(0, height - 1 - contentEnd)} width={width} height={1} flexShrink={0} justifyContent="flex-end">
					<Txt t="text.muted">{`${layout.hiddenAbove > 0 ? `↑ ${layout.hiddenAbove} more  ` : ''}${layout.hiddenBelow > 0 ? `↓ ${layout.hiddenBelow} more` : ''}`}</Txt>
				</Box>
			) : null}
		</Box>
	);
}

function rowHeight(layout: {cards: ReadonlyArray<{y: number; h: number}>}, y: number): number {
	return layout.cards.find((card) => card.y === y)?.h ?? 1;
}
