import {Box, Text} from 'ink';
import {memo, useMemo} from 'react';
import {useServices} from '../../app-context.js';
import {CtxBar} from '../../components/CtxBar.js';
import {StateBadge} from '../../components/StateBadge.js';
import {Txt} from '../../components/Txt.js';
import {formatDuration, formatTokens, resourcesText} from '../../data/agent-view.js';
import {useUi, useWatch} from '../../hooks/use-store.js';
import type {CommandId} from '../../keys/commands.js';
import {commandKeysLabel} from '../../keys/match.js';
import {useTheme} from '../../theme/context.js';
import type {AgentView} from '../../types.js';
import type {Panels} from '../../ui-state.js';
import {DiffPanel} from './DiffPanel.js';
import {EventsPanel} from './EventsPanel.js';
import {TerminalView} from './TerminalView.js';
import {useAgentFollowsView} from './use-view-size.js';
import {UsagePanel} from './UsagePanel.js';
import {useDiff} from './use-diff.js';
import {useFocusScreen} from './use-focus-screen.js';

export type FocusGeometry = {
	terminal: {width: number; height: number};
	side: {width: number; usage: number; events: number; diff: number};
	/** Panels go under the terminal (narrow screens) instead of beside it. */
	below: boolean;
};

/** A panel is its title row and at least one line: a bare title would only take a row from the terminal. */
const minPanel = 2;

/** Splits the focus body between the terminal and the enabled panels (beside it when wide, under it when narrow). */
export function focusGeometry(width: number, height: number, panels: Panels): FocusGeometry {
	const below = width < 110;
	if (!panels.usage && !panels.events && !panels.diff) return {terminal: {width, height}, side: {width: 0, usage: 0, events: 0, diff: 0}, below};
	const sideWidth = below ? width : Math.min(72, Math.max(36, Math.floor(width * 0.36)));
	const room = below ? Math.max(0, Math.min(Math.floor(height / 2), height - 6)) : height;
	const usage = panels.usage && room >= minPanel ? Math.min(below ? 7 : 10, room) : 0;
	const rest = room - usage;
	let events = 0;
	let diff = 0;
	if (panels.diff && panels.events) {
		// Too little room for two panels: the diff keeps it (events are on the floor's ticker too).
		events = rest >= 2 * minPanel ? Math.max(minPanel, Math.min(9, Math.floor(rest / 3))) : 0;
		diff = rest - events;
	} else if (panels.diff) diff = rest;
	else if (panels.events) events = rest;
	if (diff < minPanel) diff = 0;
	if (events < minPanel) events = 0;
	const terminal = below ? {width, height: height - usage - events - diff} : {width: width - sideWidth - 1, height};
	return {terminal, side: {width: sideWidth, usage, events, diff}, below};
}

/**
 * A panel toggle, `■ 1 usage` when shown and `□ 1 usage` when hidden: the box glyph and reverse
 * video against muted text tell on from off without colour (no-color theme, colour-blind eyes).
 */
function PanelToggle({command, label, on}: {command: CommandId; label: string; on: boolean}) {
	const key = commandKeysLabel(command, 1);
	return (
		<>
			{' '}
			{on ? (
				<Txt t="text.inverse" bold>{`■ ${key} ${label}`}</Txt>
			) : (
				<Txt t="text.muted">{`□ ${key} ${label}`}</Txt>
			)}
		</>
	);
}

const FocusHeader = memo(function FocusHeader({agent, width, now, panels}: {agent: AgentView; width: number; now: number; panels: Panels}) {
	return (
		<Box width={width} height={1} flexShrink={0} justifyContent="space-between">
			<Box flexShrink={1}>
				<Text wrap="truncate-end">
					<Txt t="text.muted">◂ Esc </Txt>
					{agent.attention ? <Txt t="attention">⚑ </Txt> : null}
					<Txt t="header.title">{agent.name}</Txt>
					<Txt t="text.secondary">{` ${agent.runtime} · `}</Txt>
					<StateBadge state={agent.state} exitStatus={agent.exitStatus} />
					<Txt t="text.secondary">{` ${formatDuration(now - agent.since)}`}</Txt>
					{agent.hasWorktree ? <Txt t="text.secondary">{` · Δ${agent.changes ?? 0}${agent.ahead ? ` ↑${agent.ahead}` : ''}`}</Txt> : null}
					<Txt t="text.secondary">{` · ${formatTokens(agent.tokens)} tok · `}</Txt>
					{agent.rssBytes === null ? null : <Txt t="text.secondary">{`${resourcesText(agent)} · `}</Txt>}
					<CtxBar pct={agent.contextPct} />
				</Text>
			</Box>
			<Box flexShrink={0}>
				<Text>
					<PanelToggle command="focus.toggle-usage" label="usage" on={panels.usage} />
					<PanelToggle command="focus.toggle-diff" label="diff" on={panels.diff} />
					<PanelToggle command="focus.toggle-events" label="events" on={panels.events} />
				</Text>
			</Box>
		</Box>
	);
});

/** Agent Focus Mode: live terminal, usage, diff, events. The prompt bar is drawn by the app. */
export function Focus({agentKey, width, height}: {agentKey: string; width: number; height: number}) {
	const {store, ui, actions, refs} = useServices();
	const theme = useTheme();
	const agent = useWatch(store, (snapshot) => snapshot.agents.find((candidate) => candidate.key === agentKey));
	const now = useWatch(store, (snapshot) => snapshot.now);
	const eventsVersion = useWatch(store, (snapshot) => snapshot.eventsVersion);
	const panels = useUi(ui, (state) => state.panels);
	const scroll = useUi(ui, (state) => state.scroll);
	const diffScroll = useUi(ui, (state) => state.diffScroll);
	const geometry = focusGeometry(width, Math.max(1, height - 1), panels);
	const screen = useFocusScreen(store, agentKey, {width: geometry.terminal.width, height: Math.max(1, geometry.terminal.height - 1)}, scroll, theme.color);
	useAgentFollowsView(actions, agentKey, {cols: geometry.terminal.width, rows: Math.max(1, geometry.terminal.height - 1)}, agent !== undefined && agent.state !== 'stopped');
	const diff = useDiff(actions, agentKey, panels.diff);
	const usage = useMemo(() => store.usage(agentKey), [store, agentKey, agent]);
	const events = useMemo(() => (panels.events ? store.agentEvents(agentKey, 40) : []), [store, agentKey, panels.events, eventsVersion]);
	refs.focusMaxScroll = screen.maxScroll;
	refs.focusPage = Math.max(1, geometry.terminal.height - 2);
	refs.diffMax = 5000;

	if (!agent) {
		return (
			<Box width={width} flexShrink={0} height={height} flexDirection="column">
				<Txt t="toast.error">{`${agentKey} is gone from the configuration.`}</Txt>
				<Txt t="text.muted">Esc returns to the floor.</Txt>
			</Box>
		);
	}
	const side = (
		<Box flexDirection="column" width={geometry.side.width}>
			{geometry.side.usage > 0 ? <UsagePanel usage={usage} width={geometry.side.width} height={geometry.side.usage} /> : null}
			{geometry.side.events > 0 ? <EventsPanel events={events} width={geometry.side.width} height={geometry.side.events} /> : null}
			{geometry.side.diff > 0 ? <DiffPanel state={diff} width={geometry.side.width} height={geometry.side.diff} scroll={diffScroll} /> : null}
		</Box>
	);
	return (
		<Box width={width} flexShrink={0} height={height} flexDirection="column">
			<FocusHeader agent={agent} width={width} now={now} panels={panels} />
			<Box flexDirection={geometry.below ? 'column' : 'row'} flexShrink={0} height={height - 1}>
				<TerminalView screen={screen} width={geometry.terminal.width} height={geometry.terminal.height} scroll={scroll} name={agent.name} />
				{geometry.side.width > 0 ? (
					<Box marginLeft={geometry.below ? 0 : 1} flexDirection="column">
						{side}
					</Box>
				) : null}
			</Box>
		</Box>
	);
}
