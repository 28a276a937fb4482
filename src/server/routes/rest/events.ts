import type {FastifyPluginAsyncZod} from 'fastify-type-provider-zod';
import type {Store} from '../../../core/store/store.js';
import {ApiError} from '../../envelope.js';
import {CursorError, parseCursor, type Cursor} from '../../events/cursor.js';
import {eventsPage} from '../../events/query.js';
import {EventsQuery} from '../../schemas/reads.js';

/**
 * `GET /v1/events?cursor=&workspace=&agent=&limit=`: stored events after the cursor, oldest first.
 * The envelope carries `next_cursor` beside `data`; pass it back to read on.
 */
export const eventRoutes: FastifyPluginAsyncZod = async (fastify) => {
	const {tutti} = fastify;
	fastify.get('/v1/events', {config: {action: 'events.list'}, schema: {querystring: EventsQuery}}, async (request) => {
		const {workspace, agent, limit} = request.query;
		const selected = tutti.select('events.list', workspace);
		const stores = new Map<string, Store>(selected.map((ctx) => [ctx.name, ctx.store]));
		let cursor: Cursor = new Map(selected.map((ctx) => [ctx.name, 0]));
		if (request.query.cursor !== undefined && request.query.cursor.trim() !== '') {
			try {
				cursor = parseCursor(request.query.cursor, stores);
			} catch (error) {
				if (error instanceof CursorError) throw new ApiError('events.list', 'bad_request', error.message);
				throw error;
			}
		}
		const page = eventsPage(stores, cursor, {limit, agent});
		return {ok: true, action: 'events.list', error: null, data: page.events, next_cursor: page.nextText};
	});
};
