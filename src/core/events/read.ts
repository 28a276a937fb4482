import {agentStates} from '../state/types.js';
import type {StateChangeData} from './types.js';

/** An event as the store and the SSE stream carry it (name and payload; other fields vary by reader). */
type EventLike = {event: string; data: Record<string, unknown> | null};

const knownStates: ReadonlySet<string> = new Set(agentStates);

/**
 * The state change an event records, read from its payload (`Store.recordState` writes `to`,
 * `from`, `source`, `rule`, `detail`), never parsed back out of the event's name; undefined for
 * every other event.
 */
export function stateChangeOf(event: EventLike): StateChangeData | undefined {
	const to = event.data?.['to'];
	if (typeof to !== 'string' || !knownStates.has(to) || event.event !== `agent.${to}`) return undefined;
	return event.data as StateChangeData;
}

