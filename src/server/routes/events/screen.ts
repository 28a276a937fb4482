import type {FastifyPluginAsyncZod} from 'fastify-type-provider-zod';
import {ApiError} from '../../envelope.js';
import {WorkspaceAgentParams} from '../../schemas/common.js';

/**
 * `GET /v1/agents/{ws}/{agent}/screen/stream` — the agent's live screen for focus mode, as SSE
 * `event: screen` frames (`ScreenFrame`: ANSI text with colours for xterm.js, size, cursor).
 * The current screen comes first, then at most 10 frames a second while it changes. Frames carry
 * no id: a reconnecting client simply gets the current screen again.
 */
export const screenRoutes: FastifyPluginAsyncZod = async (fastify) => {
	const {tutti} = fastify;
	fastify.get('/v1/agents/:ws/:agent/screen/stream', {config: {action: 'agent.screen'}, schema: {params: WorkspaceAgentParams}}, async (request, reply) => {
		const ctx = tutti.workspace('agent.screen', request.params.ws);
		const agent = tutti.agent('agent.screen', ctx, request.params.agent);
		if (tutti.sse.full) throw new ApiError('agent.screen', 'too_many_streams', `too many open streams (${tutti.sse.limits.maxClients})`);
		reply.hijack();
		const connection = tutti.sse.open(reply.raw, {'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer'});
		tutti.screens.subscribe(ctx.name, agent.name, connection);
	});
};
