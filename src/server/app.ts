import Fastify, {type FastifyInstance} from 'fastify';
import {serializerCompiler, validatorCompiler, type ZodTypeProvider} from 'fastify-type-provider-zod';
import type {ServerContextOptions} from './context.js';
import {corePlugin} from './plugins/core.js';
import {dashboardPlugin, defaultDashboardDir, securityHeaders} from './plugins/dashboard.js';
import {errorsPlugin} from './plugins/errors.js';
import {securityPlugin} from './plugins/security.js';
import {streamRoutes} from './routes/events/stream.js';
import {screenRoutes} from './routes/events/screen.js';
import {actionRoutes} from './routes/rest/actions.js';
import {eventRoutes} from './routes/rest/events.js';
import {focusRoutes} from './routes/rest/focus.js';
import {readRoutes} from './routes/rest/read.js';
import {webhookRoutes} from './routes/rest/webhooks.js';
import {ok} from './envelope.js';
import type {ServerCore} from './types.js';

export type ServerOptions = ServerContextOptions & {
	/** Bearer token for `/v1`; required (by the CLI) for any bind other than loopback. */
	token?: string | undefined;
	/** Where the token came from, in words for the 401 hint (`it is in <file>`, `from TUTTI_SERVE_TOKEN`). */
	tokenOrigin?: string | undefined;
	/** Host names accepted without a token besides localhost/127.0.0.1/::1. */
	allowedHosts?: readonly string[] | undefined;
	/** Origins (besides the server's own) allowed to send mutating requests. */
	allowedOrigins?: readonly string[] | undefined;
	/** Built dashboard assets; null serves none. @default `dashboard/` beside the running bundle */
	dashboardDir?: string | null | undefined;
	/** Largest request body in bytes. @default 1 MiB */
	bodyLimit?: number | undefined;
};

/**
 * The Fastify app over a core: `/v1` REST + SSE and the dashboard. It does not listen: the CLI
 * (or a test) calls `listen`, or `inject`s requests. Close it with `app.close()`, which ends open
 * streams first.
 */
export async function buildServer(core: ServerCore, options: ServerOptions = {}): Promise<FastifyInstance> {
	const app = Fastify({
		logger: false,
		bodyLimit: options.bodyLimit ?? 1024 * 1024,
		// Resolve `/v1/x/` like `/v1/x`.
		routerOptions: {ignoreTrailingSlash: true},
		// Streams hold connections open; closing must not wait for idle keep-alive sockets.
		forceCloseConnections: true,
	}).withTypeProvider<ZodTypeProvider>();
	app.setValidatorCompiler(validatorCompiler);
	app.setSerializerCompiler(serializerCompiler);

	await app.register(errorsPlugin);
	await app.register(corePlugin, {core, context: options});
	await app.register(securityPlugin, {token: options.token, tokenOrigin: options.tokenOrigin, allowedHosts: options.allowedHosts, allowedOrigins: options.allowedOrigins});
	await securityHeaders(app);

	// Every /v1 route, for the index at GET /v1/ (what `tt serve` prints as the API's address).
	const endpoints: Array<{method: string; path: string}> = [];
	app.addHook('onRoute', (route) => {
		if (!route.url.startsWith('/v1/')) return;
		for (const method of [route.method].flat()) if (method !== 'HEAD') endpoints.push({method, path: route.url});
	});
	await app.register(readRoutes);
	await app.register(eventRoutes);
	await app.register(focusRoutes);
	await app.register(actionRoutes);
	await app.register(webhookRoutes, {token: options.token});
	await app.register(streamRoutes);
	await app.register(screenRoutes);
	app.get('/v1', {config: {action: 'index'}}, async () => ok('index', {endpoints: [...endpoints].sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method))}));
	await app.register(dashboardPlugin, {dir: options.dashboardDir === undefined ? defaultDashboardDir() : options.dashboardDir});
	return app;
}
