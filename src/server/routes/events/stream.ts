import type {FastifyPluginAsyncZod} from 'fastify-type-provider-zod';
import type {Store, StoredEvent} from '../../../core/store/store.js';
import {ApiError} from '../../envelope.js';
import {CursorError, formatCursor, parseCursor, type Cursor} from '../../events/cursor.js';
import type {HubEvent} from '../../events/hub.js';
import {eventsPage} from '../../events/query.js';
import {sseFrame, type SseConnection} from '../../events/sse.js';
import {workspaceSummary} from '../../state.js';
import {StreamQuery} from '../../schemas/reads.js';

/** Events a resuming client may be behind by; further behind it gets `resync` and starts over. */
const maxReplay = 10_000;
/** History sent with the snapshot of a fresh (not resuming) client, for its timeline. */
const recentCount = 200;

/**
 * `GET /v1/events/stream?workspace=&cursor=` — Server-Sent Events:
 * 1. `event: snapshot` — the current state (workspaces, stages, agents; recent events when not resuming);
 * 2. when resuming (`Last-Event-ID` header, else `cursor`), the events missed since, in order;
 * 3. every new event as `id: <cursor>` / `event: <name>` / `data: <event JSON>`, live;
 * plus `: keepalive` comments. Ids are store ids (serving several workspaces, a cursor vector).
 */
export const streamRoutes: FastifyPluginAsyncZod = async (fastify) => {
	const {tutti} = fastify;
	fastify.get('/v1/events/stream', {config: {action: 'events.stream'}, schema: {querystring: StreamQuery}}, async (request, reply) => {
		const selected = tutti.select('events.stream', request.query.workspace);
		const stores = new Map<string, Store>(selected.map((ctx) => [ctx.name, ctx.store]));
		const names = [...stores.keys()];
		const header = request.headers['last-event-id'];
		const lastEventId = typeof header === 'string' && header.trim() !== '' ? header : undefined;
		let resume: Cursor | undefined;
		try {
			// A Last-Event-ID this server cannot read (another server's) starts afresh; a bad ?cursor= is an error.
			resume = lastEventId !== undefined ? tryParse(lastEventId, stores) : request.query.cursor?.trim() ? parseCursor(request.query.cursor, stores) : undefined;
		} catch (error) {
			if (error instanceof CursorError) throw new ApiError('events.stream', 'bad_request', error.message);
			throw error;
		}
		if (tutti.sse.full) throw new ApiError('events.stream', 'too_many_streams', `too many open streams (${tutti.sse.limits.maxClients})`, {hint: 'Close other dashboards or raise the limit.'});

		reply.hijack();
		const connection = tutti.sse.open(reply.raw, {'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer'});
		const cursor: Cursor = new Map(resume ?? [...tutti.hub.head()].filter(([name]) => stores.has(name)));
		/** Frames of the events this client has not had yet (its cursor moves past them). */
		const framesOf = (items: ReadonlyArray<{event: StoredEvent; json: string; frame?: string}>): string => {
			let text = '';
			for (const {event, json, frame} of items) {
				if (!stores.has(event.workspace) || event.id <= (cursor.get(event.workspace) ?? 0)) continue;
				cursor.set(event.workspace, event.id);
				text += names.length === 1 && frame !== undefined ? frame : sseFrame(event.event, json, names.length === 1 ? String(event.id) : formatCursor(cursor, names));
			}
			return text;
		};
		const send = (items: ReadonlyArray<{event: StoredEvent; json: string; frame?: string}>): boolean => {
			const text = framesOf(items);
			return text === '' || connection.write(text);
		};

		// Live events that arrive while the snapshot is being built wait here, then follow it.
		let buffer: HubEvent[] | undefined = [];
		const unsubscribe = tutti.hub.subscribe((items) => {
			if (buffer) {
				buffer.push(...items);
				if (buffer.length > maxReplay) connection.end();
				return;
			}
			if (!send(items)) unsubscribe();
		});
		connection.onClose(unsubscribe);

		try {
			const workspaces = [];
			for (const ctx of selected) workspaces.push(await workspaceSummary(tutti.core, ctx));
			if (connection.closed) return;
			const recent = resume === undefined ? eventsPage(stores, new Map([...tutti.hub.head()].filter(([name]) => stores.has(name)).map(([name, id]) => [name, Math.max(0, id - recentCount)])), {limit: recentCount * names.length}).events.slice(-recentCount) : [];
			connection.write(sseFrame('snapshot', JSON.stringify({cursor: formatCursor(cursor, names), resumed: resume !== undefined, workspaces, recent})));
			if (resume !== undefined) replay(stores, cursor, tutti.hub.head(), send, connection);
			const pending = buffer;
			buffer = undefined;
			send(pending);
		} catch (error) {
			connection.write(sseFrame('error', JSON.stringify({message: error instanceof Error ? error.message : String(error)})));
			connection.end();
		}
	});
};

function tryParse(text: string, stores: ReadonlyMap<string, Store>): Cursor | undefined {
	try {
		return parseCursor(text, stores);
	} catch {
		return undefined;
	}
}

/** Sends the events between the client's cursor and the hub's head, or `resync` when too many. */
function replay(stores: ReadonlyMap<string, Store>, cursor: Cursor, head: Cursor, send: (items: ReadonlyArray<{event: StoredEvent; json: string}>) => boolean, connection: SseConnection): void {
	let sent = 0;
	for (const [name, store] of stores) {
		const until = head.get(name) ?? 0;
		let after = cursor.get(name) ?? 0;
		while (after < until) {
			const batch = store.eventsAfter(after, {limit: 500}).filter((event) => event.id <= until);
			if (batch.length === 0) break;
			sent += batch.length;
			if (sent > maxReplay) {
				// Too far behind to catch up event by event: start again from a fresh snapshot.
				connection.write(sseFrame('resync', JSON.stringify({reason: 'too_far_behind'})));
				connection.end();
				return;
			}
			if (!send(batch.map((event) => ({event, json: JSON.stringify(event)})))) return;
			after = batch.at(-1)?.id ?? until;
		}
	}
}
