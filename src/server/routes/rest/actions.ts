import type {FastifyPluginAsyncZod} from 'fastify-type-provider-zod';
import {runAction} from '../../actions.js';
import {ApiError, ok, toApiError, type Envelope} from '../../envelope.js';
import {ActionParams, actionBodies, actionNames, type ActionBody, type ActionName} from '../../schemas/actions.js';

/** The key from the `Idempotency-Key` header or the body's `idempotency_key` (header wins). */
function idempotencyKey(action: string, header: string | string[] | undefined, field: string | undefined): string | undefined {
	const value = (Array.isArray(header) ? header[0] : header)?.trim() || field;
	if (value !== undefined && value.length > 255) throw new ApiError(action, 'bad_request', 'Idempotency-Key is longer than 255 characters');
	return value === '' ? undefined : value;
}

/**
 * `POST /v1/actions/{up,down,send,approve,deny,run,verify,review,land,handoff,ack,message}` with a JSON body validated per action;
 * the answer is the envelope `{ok, action, error, data}`. Replays carry `Idempotency-Replayed: true`.
 */
export const actionRoutes: FastifyPluginAsyncZod = async (fastify) => {
	const {tutti} = fastify;
	// A POST without a body is an empty object (`{}`), as in the reference.
	fastify.addHook('preValidation', async (request) => {
		request.body ??= {};
	});

	for (const name of actionNames) {
		fastify.post(`/v1/actions/${name}`, {config: {action: name}, schema: {body: actionBodies[name]}}, async (request, reply) => {
			const body = request.body as ActionBody<ActionName>;
			const ctx = tutti.target(name, body.workspace);
			const execute = async (): Promise<Envelope> => {
				try {
					return ok(name, await runAction(tutti, name, ctx, body as never));
				} catch (error) {
					throw toApiError(name, error);
				}
			};
			const key = idempotencyKey(name, request.headers['idempotency-key'], body.idempotency_key);
			if (key === undefined) return execute();
			const {reply: envelope, replayed} = await tutti.idempotency.run(ctx.store, key, name, execute);
			if (replayed) reply.header('Idempotency-Replayed', 'true');
			return envelope;
		});
	}

	fastify.post('/v1/actions/', {config: {action: 'action'}}, async () => {
		throw new ApiError('action', 'not_found', 'no action named: POST /v1/actions/<name>', {hint: `Actions: ${actionNames.join(', ')}.`});
	});
	fastify.post('/v1/actions/:name', {config: {action: 'action'}, schema: {params: ActionParams}}, async (request) => {
		throw new ApiError(request.params.name.slice(0, 100), 'action_failed', `unknown action "${request.params.name.slice(0, 100)}"`, {hint: `Actions: ${actionNames.join(', ')}.`});
	});
};
