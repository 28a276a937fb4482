import type {Store} from '../../core/store/store.js';

/**
 * A position in the event streams of the served workspaces: the last store id seen per workspace.
 * Serving one workspace, a cursor is that store's event id as it is (`"42"`), so SSE ids are store
 * ids. Serving several, it is `ws1:12,ws2:40` (names percent-encoded): each store numbers its events
 * on its own. An RFC 3339 timestamp is accepted too (events strictly after it), as in the reference.
 */
export type Cursor = Map<string, number>;

export class CursorError extends Error {}

const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i;

export function formatCursor(cursor: Cursor, workspaces: readonly string[]): string {
	if (workspaces.length === 1) return String(cursor.get(workspaces[0] ?? '') ?? 0);
	return workspaces.map((name) => `${encodeURIComponent(name)}:${cursor.get(name) ?? 0}`).join(',');
}

/**
 * Parses a cursor for the given workspaces (name → store). Workspaces the cursor does not name
 * start at 0 (everything). Throws CursorError for anything malformed.
 */
export function parseCursor(text: string, stores: ReadonlyMap<string, Store>): Cursor {
	const names = [...stores.keys()];
	const cursor: Cursor = new Map(names.map((name) => [name, 0]));
	const value = text.trim();
	if (/^\d{1,15}$/.test(value)) {
		if (names.length !== 1) throw new CursorError('a numeric cursor names one workspace; add workspace=<name> or pass the cursor the stream sent');
		cursor.set(names[0] ?? '', Number(value));
		return cursor;
	}
	if (rfc3339.test(value)) {
		const time = Date.parse(value);
		if (Number.isNaN(time)) throw new CursorError(`invalid timestamp cursor: ${value}`);
		const iso = new Date(time).toISOString();
		for (const [name, store] of stores) cursor.set(name, store.lastIdAtOrBefore(iso));
		return cursor;
	}
	for (const part of value.split(',')) {
		const colon = part.lastIndexOf(':');
		const id = part.slice(colon + 1);
		if (colon <= 0 || !/^\d{1,15}$/.test(id)) throw new CursorError(`invalid cursor: ${value.slice(0, 80)}`);
		let name: string;
		try {
			name = decodeURIComponent(part.slice(0, colon));
		} catch {
			throw new CursorError(`invalid cursor: ${value.slice(0, 80)}`);
		}
		// A workspace outside the selection is ignored: the same cursor serves filtered streams.
		if (cursor.has(name)) cursor.set(name, Number(id));
	}
	return cursor;
}


/** The newest id of every store: "from now on". */
export function headCursor(stores: ReadonlyMap<string, Store>): Cursor {
	const cursor: Cursor = new Map();
	for (const [name, store] of stores) cursor.set(name, store.lastEvents(1)[0]?.id ?? 0);
	return cursor;
}
