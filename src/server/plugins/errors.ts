import type {FastifyError, FastifyInstance, FastifyReply, FastifyRequest} from 'fastify';
import fp from 'fastify-plugin';
import {hasZodFastifySchemaValidationErrors} from 'fastify-type-provider-zod';
import {log} from '../../core/log.js';
import {ApiError, fail, toApiError, type ApiErrorBody} from '../envelope.js';

declare module 'fastify' {
	interface FastifyRequest {
		/** The request body as received (JSON requests), for webhook signatures. */
		rawBody?: string;
	}
}

function actionOf(request: FastifyRequest): string {
	const config = request.routeOptions.config;
	if (config.action) return config.action;
	const params = request.params as {name?: unknown} | undefined;
	return typeof params?.name === 'string' ? params.name : 'route';
}

/** Maps every failure to the envelope `{ok: false, action, error: {code, message, …}, data: null}`. */
export function toEnvelopeError(request: FastifyRequest, error: FastifyError | Error): ApiError {
	const action = actionOf(request);
	if (error instanceof ApiError) return error;
	if (hasZodFastifySchemaValidationErrors(error)) {
		const issues = error.validation.map((issue) => ({path: [error.validationContext, ...(issue.instancePath.split('/').filter(Boolean))].filter(Boolean).join('.'), message: issue.message ?? 'invalid'}));
		const first = issues[0];
		return new ApiError(action, 'bad_request', first ? `${first.path}: ${first.message}` : 'invalid request', {issues});
	}
	const code = (error as FastifyError).code;
	if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new ApiError(action, 'payload_too_large', 'request body is too large', {hint: 'Bodies are limited to 1 MiB.'});
	if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return new ApiError(action, 'unsupported_media_type', 'send the body as application/json');
	if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || error instanceof SyntaxError) return new ApiError(action, 'invalid_json', `malformed JSON body: ${error.message.slice(0, 200)}`);
	const status = (error as FastifyError).statusCode;
	if (status !== undefined && status >= 400 && status < 500) return new ApiError(action, status === 413 ? 'payload_too_large' : 'bad_request', error.message);
	return toApiError(action, error);
}

/** Error handler, 404 handler and a JSON body parser that keeps the raw text and maps errors. */
export const errorsPlugin = fp(
	async (fastify: FastifyInstance) => {
		// JSON is the only body the API takes: without Fastify's text/plain parser a `text/plain`
		// body (what an HTML form or a "simple" cross-site fetch can send) is a 415, never a string.
		fastify.removeAllContentTypeParsers();
		fastify.addContentTypeParser('application/json', {parseAs: 'string'}, (request, body, done) => {
			const text = typeof body === 'string' ? body : body.toString('utf8');
			request.rawBody = text;
			if (text.trim() === '') {
				done(new ApiError(actionOf(request), 'invalid_json', 'the JSON body is empty', {hint: 'Send a JSON object, at least {}.'}), undefined);
				return;
			}
			try {
				done(null, JSON.parse(text) as unknown);
			} catch (error) {
				done(new ApiError(actionOf(request), 'invalid_json', `malformed JSON body: ${error instanceof Error ? error.message.slice(0, 200) : 'parse error'}`), undefined);
			}
		});

		// A POST without a body would otherwise reach the handler as if it had sent `{}` (a body-less
		// `down` stopped every agent): every mutating request must carry a JSON body.
		fastify.addHook('preValidation', async (request) => {
			if (request.is404 || (request.method !== 'POST' && request.method !== 'PUT' && request.method !== 'PATCH' && request.method !== 'DELETE')) return;
			if (request.rawBody === undefined) {
				throw new ApiError(actionOf(request), 'unsupported_media_type', 'this request needs a JSON body (Content-Type: application/json)', {hint: 'Send a JSON object, at least {}.'});
			}
		});

		fastify.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
			const apiError = toEnvelopeError(request, error);
			if (apiError.status >= 500) log.error('request failed', {method: request.method, url: request.url.slice(0, 200), error: String(error), stack: error.stack});
			const body: ApiErrorBody = apiError.body;
			return reply.code(apiError.status).type('application/json; charset=utf-8').send(fail(apiError.action, body));
		});

		fastify.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
			const api = request.url.startsWith('/v1/') || request.url === '/v1';
			const action = api ? 'route' : 'dashboard';
			const message = api ? `unknown endpoint: ${request.method} ${request.url.split('?')[0]?.slice(0, 200)}` : `not found: ${request.url.split('?')[0]?.slice(0, 200)}`;
			return reply.code(404).type('application/json; charset=utf-8').send(fail(action, {code: 'not_found', message}));
		});
	},
	{name: 'tutti-errors', fastify: '5.x'},
);
