import {useEffect, useRef} from 'react';
import type {WatchActions} from '../../actions.js';
import {log} from '../../../core/log.js';

/** How long the view's size must hold before the agent's window follows (a resize drag sends many). */
const settleMs = 250;

/**
 * While focus shows a running agent, its window takes the terminal view's size, so the CLI
 * reflows to what is on screen instead of being cropped; leaving focus (or another agent) gives
 * the agent its own size back.
 */
export function useAgentFollowsView(actions: WatchActions, agentKey: string, size: {cols: number; rows: number}, running: boolean): void {
	const viewing = useRef<string | undefined>(undefined);
	useEffect(() => {
		if (!running) return;
		const timer = setTimeout(() => {
			viewing.current = agentKey;
			actions.view(agentKey, size).catch((error: unknown) => log.warn('could not size the agent for focus', {agent: agentKey, error: String(error)}));
		}, settleMs);
		return () => clearTimeout(timer);
	}, [actions, agentKey, size.cols, size.rows, running]);
	useEffect(
		() => () => {
			if (viewing.current !== agentKey) return;
			viewing.current = undefined;
			actions.endView(agentKey).catch(() => undefined);
		},
		[actions, agentKey],
	);
}
