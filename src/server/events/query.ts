import type {Store, StoredEvent} from '../../core/store/store.js';
import {formatCursor, type Cursor} from './cursor.js';

export type EventPage = {events: StoredEvent[]; next: Cursor; nextText: string};

/**
 * Events after `cursor` across several stores, oldest first (by timestamp, then workspace and id),
 * at most `limit`; `next` resumes right after the last one returned.
 */
export function eventsPage(stores: ReadonlyMap<string, Store>, cursor: Cursor, options: {limit: number; agent?: string | undefined}): EventPage {
	const merged: StoredEvent[] = [];
	for (const [name, store] of stores) {
		merged.push(...store.eventsAfter(cursor.get(name) ?? 0, {limit: options.limit, ...(options.agent === undefined ? {} : {agent: options.agent})}));
	}
	if (stores.size > 1) merged.sort((a, b) => a.timestamp.localeCompare(b.timestamp) || a.workspace.localeCompare(b.workspace) || a.id - b.id);
	const events = merged.slice(0, options.limit);
	const next: Cursor = new Map(cursor);
	for (const event of events) next.set(event.workspace, Math.max(next.get(event.workspace) ?? 0, event.id));
	return {events, next, nextText: formatCursor(next, [...stores.keys()])};
}
