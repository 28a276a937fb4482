import {timingSafeEqual} from 'node:crypto';
import type {FastifyReply, FastifyRequest} from 'fastify';
import fp from 'fastify-plugin';
import {ApiError} from '../envelope.js';

export type SecurityOptions = {
	/** Bearer token every `/v1` request must carry; undefined: no token (loopback only). */
	token?: string | undefined;
	/** Host names accepted besides the loopback names (used when there is no token). */
	allowedHosts?: readonly string[] | undefined;
	/** Origins allowed to send mutating requests besides the server's own. */
	allowedOrigins?: readonly string[] | undefined;
	/** Where the token came from, in words for the 401 hint: `it is in /home/me/.config/tutti/serve-token`. */
	tokenOrigin?: string | undefined;
};

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** `localhost`, `*.localhost`, 127.0.0.0/8 and ::1. */
export function isLoopbackHost(host: string): boolean {
	const name = host.toLowerCase().replace(/^\[|\]$/g, '');
	return name === 'localhost' || name.endsWith('.localhost') || name === '::1' || /^127(?:\.\d{1,3}){3}$/.test(name) || name === '::ffff:127.0.0.1';
}

/** The host name of a Host header (`[::1]:4040` → `::1`), lower-cased. */
export function hostName(header: string): string {
	const value = header.trim().toLowerCase();
	if (value.startsWith('[')) return value.slice(1, value.indexOf(']') === -1 ? undefined : value.indexOf(']'));
	const colon = value.lastIndexOf(':');
	return colon === -1 ? value : value.slice(0, colon);
}

export function tokenMatches(expected: string, header: string | undefined): boolean {
	const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
	if (!match?.[1]) return false;
	const given = Buffer.from(match[1]);
	const wanted = Buffer.from(expected);
	return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/**
 * Guards every route except the dashboard's static files (routes marked `config.public`), and
 * requests that match no route. The decision is made on the route Fastify matched — never on the
 * raw URL — so percent-encoding (`/%761/status`), double slashes or an absolute-form request
 * target (`GET http://x/v1/status`) reach no route unguarded; absolute-form and `*` targets are
 * refused outright (400).
 * - with a token, every request needs `Authorization: Bearer <token>` (401 `unauthorized`);
 * - without one (loopback binds only), the Host header must name this machine, so a page on a
 *   DNS-rebound domain cannot read or drive the agents (403 `forbidden_host`);
 * - mutating requests from a browser must come from the server's own origin: a foreign `Origin`
 *   or `Sec-Fetch-Site: cross-site` is refused (403 `forbidden_origin`), so no CSRF.
 * Webhook routes (`config.webhook`) may authenticate with a GitHub-style HMAC signature instead
 * (checked by the route).
 */
export const securityPlugin = fp<SecurityOptions>(
	async (fastify, options) => {
		const extraHosts = new Set((options.allowedHosts ?? []).map((host) => hostName(host)));
		const origins = new Set((options.allowedOrigins ?? []).map((origin) => origin.toLowerCase().replace(/\/$/, '')));
		fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
			const config = request.routeOptions.config;
			const action = config.action ?? 'auth';
			if (!(request.raw.url ?? '').startsWith('/')) {
				throw new ApiError(action, 'bad_request', 'the request target must be a path (absolute-form and asterisk targets are refused)', {hint: 'Send `GET /v1/... HTTP/1.1` with a Host header.'});
			}
			if (config.public === true) return;
			const host = request.headers.host ?? '';
			if (options.token === undefined && !isLoopbackHost(hostName(host)) && !extraHosts.has(hostName(host))) {
				throw new ApiError(action, 'forbidden_host', `requests for host "${hostName(host).slice(0, 100)}" are refused: this server answers to localhost only`, {hint: 'Open the dashboard at http://127.0.0.1:<port>/ (or serve with --bind and --token).'});
			}
			if (!safeMethods.has(request.method)) {
				const origin = request.headers.origin;
				if (origin !== undefined && !sameOrigin(origin, host) && !origins.has(origin.toLowerCase())) {
					throw new ApiError(action, 'forbidden_origin', `cross-origin request from ${origin.slice(0, 100)} refused`, {hint: 'Only the dashboard served by this server may send actions.'});
				}
				if (origin === undefined && request.headers['sec-fetch-site'] === 'cross-site') {
					throw new ApiError(action, 'forbidden_origin', 'cross-site request refused');
				}
			}
			if (options.token !== undefined && !tokenMatches(options.token, request.headers.authorization)) {
				const webhookSigned = config.webhook === true && typeof request.headers['x-hub-signature-256'] === 'string';
				if (!webhookSigned) {
					reply.header('WWW-Authenticate', 'Bearer realm="tutti"');
					throw new ApiError('auth', 'unauthorized', 'missing or wrong bearer token', {hint: `Send Authorization: Bearer <token> (the token tt serve was started with${options.tokenOrigin ? `: ${options.tokenOrigin}` : ''}).`});
				}
			}
		});
	},
	{name: 'tutti-security', fastify: '5.x'},
);

function sameOrigin(origin: string, host: string): boolean {
	const value = origin.toLowerCase();
	return value === `http://${host.toLowerCase()}` || value === `https://${host.toLowerCase()}`;
}
