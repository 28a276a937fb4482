import {Box} from 'ink';
import {memo, useMemo} from 'react';
import {formatTokens, resourcesText} from '../data/agent-view.js';
import {span, type Row, type Span} from '../paint/rows.js';
import {borderColorOf, stateToken, useTheme} from '../theme/context.js';
import type {AgentView} from '../types.js';
import {ctxSpans} from './CtxBar.js';
import {Rows} from './Rows.js';
import {badgeSpan} from './StateBadge.js';

export type CardMode = 'full' | 'compact' | 'row';

export type AgentCardProps = {
	agent: AgentView;
	width: number;
	mode: CardMode;
	selected: boolean;
	/** Time in state as shown (`25s`): a string, so a clock tick re-renders only cards whose text moved. */
	since: string;
	showWorkspace: boolean;
};

/** Changed files and commits ahead; `✕bob` when its work conflicts with bob's (or the target's). */
function changes(agent: AgentView): Span[] {
	const collisions = agent.collisions === undefined ? [] : [span(` ✕${agent.collisions}`, 'attention')];
	return agent.hasWorktree ? [span(`Δ${agent.changes ?? 0}${agent.ahead ? ` ↑${agent.ahead}` : ''}`, 'text.secondary'), ...collisions] : collisions;
}

/** Memory and CPU of a running agent (`812M 3%`); nothing for one that is stopped or unknown. */
function resources(agent: AgentView, before: string): Span[] {
	return agent.rssBytes === null ? [] : [span(`${before}${resourcesText(agent)}`, 'text.secondary')];
}

/** `@gpu-box` after the name of an agent on a `[[host]]`; nothing for one on this machine. */
function hostTag(agent: AgentView): Span[] {
	return agent.host === undefined ? [] : [span(` @${agent.host}`, 'text.secondary')];
}

/** The card's lines (inside the border in full mode). */
export function cardRows({agent, mode, selected, since, showWorkspace}: Omit<AgentCardProps, 'width'>): Row[] {
	// ⚑ it needs you now; ● news about it nobody has seen yet (opening it up close marks it seen).
	const flag = [...(agent.attention ? [span('⚑ ', 'attention')] : []), ...(agent.unread ? [span('● ', 'attention')] : [])];
	const name = span(`${showWorkspace ? `${agent.workspace}/` : ''}${agent.name}`, selected ? 'selection' : 'text.primary', true);
	const glyph = span(badgeSpan(agent.state, false).text, stateToken(agent.state));
	const state = badgeSpan(agent.state, true, agent.exitStatus);
	if (mode === 'full') {
		return [
			{left: [...flag, glyph, span(' '), name, ...hostTag(agent)], right: [span(agent.runtime, 'text.muted')], gap: 1},
			{left: [state, span(' '), span(since, 'text.secondary')], right: changes(agent), gap: 1},
			{left: [span(agent.activity || ' ', 'text.muted')]},
			{left: [span(`${formatTokens(agent.tokens)} tok`, 'text.secondary'), ...resources(agent, ' · ')], right: ctxSpans(agent.contextPct), gap: 0},
		];
	}
	const marker = span(selected ? '▌' : ' ', selected ? 'selection' : 'text.muted');
	const head = [marker, ...flag, glyph, span(' '), name, ...hostTag(agent), span(' '), state, span(' '), span(since, 'text.secondary'), span(' '), ...changes(agent)];
	const tokens = span(formatTokens(agent.tokens), 'text.secondary');
	if (mode === 'row') return [{left: [...head, span(' '), tokens, span(' '), ...ctxSpans(agent.contextPct, 3), ...resources(agent, ' '), span(' '), span(agent.activity, 'text.muted')]}];
	return [
		{left: [...head, span(` ${agent.runtime}`, 'text.muted')]},
		{left: [span('  '), span(agent.activity || ' ', 'text.muted')], right: [...resources(agent, ' '), span(' '), tokens, span(' '), ...ctxSpans(agent.contextPct, 3)], gap: 0},
	];
}

/**
 * One agent. Selection and attention show without colour too: the selected card has a double
 * border (`▌` marker in the dense modes), an agent that needs you a heavy border and `⚑`.
 */
export const AgentCard = memo(function AgentCard({agent, width, mode, selected, since, showWorkspace}: AgentCardProps) {
	const theme = useTheme();
	const rows = useMemo(() => cardRows({agent, mode, selected, since, showWorkspace}), [agent, mode, selected, since, showWorkspace]);
	if (mode !== 'full') return <Rows rows={rows} width={width} />;
	const border = selected ? 'border.selected' : agent.attention ? 'border.attention' : 'border.default';
	return (
		<Box width={width} flexShrink={0} height={6} flexDirection="column" borderStyle={selected ? 'double' : agent.attention ? 'bold' : 'round'} borderColor={borderColorOf(theme, border)} paddingX={1}>
			<Rows rows={rows} width={Math.max(0, width - 4)} />
		</Box>
	);
});
