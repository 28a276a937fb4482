import type {FastifyPluginAsyncZod} from 'fastify-type-provider-zod';
import {endView, viewAgent} from '../../../core/actions/view-size.js';
import {log} from '../../../core/log.js';
import {ApiError, ok} from '../../envelope.js';
import {WorkspaceAgentParams} from '../../schemas/common.js';
import {ScreenQuery, ViewParams} from '../../schemas/reads.js';

let views = 0;

/**
 * `GET /v1/agents/{ws}/{agent}/screen/stream` — the agent's live screen for focus mode, as SSE
 * `event: screen` frames (`ScreenFrame`: ANSI text with colours for xterm.js, size, cursor).
 * The current screen comes first, then at most 10 frames a second while it changes. Frames carry
 * no id: a reconnecting client simply gets the current screen again. With `cols` and `rows`, the
 * agent's window takes that size while the stream is open (the CLI reflows to the viewer's box
 * instead of being cropped) and gets its own size back when the stream closes — or when the
 * viewer, which names itself with `view`, deletes `screen/views/{view}`.
 */
export const screenRoutes: FastifyPluginAsyncZod = async (fastify) => {
	const {tutti} = fastify;
	fastify.get('/v1/agents/:ws/:agent/screen/stream', {config: {action: 'agent.screen'}, schema: {params: WorkspaceAgentParams, querystring: ScreenQuery}}, async (request, reply) => {
		const ctx = tutti.workspace('agent.screen', request.params.ws);
		const agent = tutti.agent('agent.screen', ctx, request.params.agent);
		if (tutti.sse.full) throw new ApiError('agent.screen', 'too_many_streams', `too many open streams (${tutti.sse.limits.maxClients})`);
		const {cols, rows, view} = request.query;
		const viewId = view === undefined ? `screen-stream-${++views}` : `viewer:${view}`;
		if (cols !== undefined && rows !== undefined) {
			// Before the first frame, so the viewer's first screen is already drawn at its size.
			await viewAgent(ctx, agent.name, viewId, {cols, rows}).catch((error: unknown) => log.warn('could not size the agent for its viewer', {agent: agent.name, error: String(error)}));
		}
		reply.hijack();
		const connection = tutti.sse.open(reply.raw, {'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer'});
		connection.onClose(() => void endView(ctx, agent.name, viewId).catch(() => undefined));
		tutti.screens.subscribe(ctx.name, agent.name, connection);
	});

	// A viewer that stops looking says so: a closed stream is not always seen at once (a proxy
	// may keep its upstream connection open), and the agent should get its size back now.
	fastify.delete('/v1/agents/:ws/:agent/screen/views/:view', {config: {action: 'agent.screen'}, schema: {params: ViewParams}}, async (request) => {
		const ctx = tutti.workspace('agent.screen', request.params.ws);
		const agent = tutti.agent('agent.screen', ctx, request.params.agent);
		await endView(ctx, agent.name, `viewer:${request.params.view}`);
		return ok('agent.screen', {workspace: ctx.name, agent: agent.name, view: request.params.view, ended: true});
	});
};
