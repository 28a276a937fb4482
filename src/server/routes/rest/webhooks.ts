import {createHmac, timingSafeEqual} from 'node:crypto';
import type {FastifyPluginAsyncZod} from 'fastify-type-provider-zod';
import {ApiError, ok, toApiError, type Envelope} from '../../envelope.js';
import {tokenMatches} from '../../plugins/security.js';
import {WebhookBody} from '../../schemas/actions.js';
import {dispatchWebhook, fnv1a64, type Dispatch} from '../../webhooks.js';

function header(value: string | string[] | undefined): string | undefined {
	const text = (Array.isArray(value) ? value[0] : value)?.trim();
	return text === '' ? undefined : text;
}

/** GitHub's `X-Hub-Signature-256: sha256=<hex>` over the raw body, keyed with the server token. */
function signatureValid(token: string, raw: string, signature: string): boolean {
	const expected = Buffer.from(`sha256=${createHmac('sha256', token).update(raw).digest('hex')}`);
	const given = Buffer.from(signature);
	return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * `POST /v1/webhooks/generic` (reference §7.6). Body `{source, event, payload, workspace?}`; a body
 * without `payload` is the payload itself, and GitHub's `X-GitHub-Event` names the event. Repeats
 * are answered from the first reply: the dedup key is `X-GitHub-Delivery`, else `Idempotency-Key`,
 * else a hash of the body. With a token, a valid `X-Hub-Signature-256` may stand in for the bearer.
 */
export const webhookRoutes: FastifyPluginAsyncZod<{token?: string | undefined}> = async (fastify, options) => {
	const {tutti} = fastify;
	fastify.post('/v1/webhooks/generic', {config: {action: 'webhook', webhook: true}, bodyLimit: 1024 * 1024}, async (request, reply) => {
		const raw = request.rawBody ?? '';
		if (options.token !== undefined && !tokenMatches(options.token, request.headers.authorization)) {
			const signature = header(request.headers['x-hub-signature-256']);
			if (signature === undefined || !signatureValid(options.token, raw, signature)) throw new ApiError('webhook', 'unauthorized', 'missing or wrong webhook signature');
		}
		const parsed = WebhookBody.safeParse(request.body ?? {});
		if (!parsed.success) throw new ApiError('webhook', 'bad_request', parsed.error.issues[0]?.message ?? 'invalid webhook body', {issues: parsed.error.issues.map((issue) => ({path: issue.path.join('.'), message: issue.message}))});
		const body = parsed.data;
		const githubEvent = header(request.headers['x-github-event']);
		const hasPayload = typeof request.body === 'object' && request.body !== null && 'payload' in request.body;
		const input = {
			source: githubEvent && !(typeof request.body === 'object' && request.body !== null && 'source' in request.body) ? 'github' : body.source,
			event: githubEvent && !(typeof request.body === 'object' && request.body !== null && 'event' in request.body) ? githubEvent : body.event,
			payload: hasPayload ? body.payload : request.body,
		};
		const targets = tutti.select('webhook', body.workspace);
		const first = targets[0];
		if (!first) throw new ApiError('webhook', 'not_found', 'this server serves no workspace');
		const delivery = header(request.headers['x-github-delivery']);
		const idempotency = header(request.headers['idempotency-key']);
		const key = delivery ? `webhook:${delivery}` : idempotency ? `webhook:${idempotency}` : `webhook:hash:${fnv1a64(raw)}`;
		const execute = async (): Promise<Envelope> => {
			try {
				const dispatched: Dispatch[] = [];
				let matched = 0;
				for (const ctx of targets) {
					const result = await dispatchWebhook(tutti, ctx, input);
					matched += result.matched;
					dispatched.push(...result.dispatched);
				}
				tutti.hub.kick();
				return ok('webhook.received', {source: input.source, event: input.event, matched: matched > 0, triggers_fired: dispatched.length, dispatched});
			} catch (error) {
				throw toApiError('webhook', error, 'webhook_failed');
			}
		};
		const result = await tutti.idempotency.run(first.store, key, 'webhook', execute);
		if (result.replayed) reply.header('Idempotency-Replayed', 'true');
		return result.reply;
	});
};
