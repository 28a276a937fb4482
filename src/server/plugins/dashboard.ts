import {existsSync} from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type {FastifyInstance} from 'fastify';
import {entryScript} from '../../core/entry-script.js';
import {fail} from '../envelope.js';

/** Where the built dashboard is: `dashboard/` beside the running bundle (`dist/tt.js` → `dist/dashboard`). */
export function defaultDashboardDir(entry: string | undefined = process.argv[1]): string {
	return path.join(path.dirname(entryScript(entry)), 'dashboard');
}

/** Headers on every response; the CSP only on dashboard pages. */
export async function securityHeaders(fastify: FastifyInstance): Promise<void> {
	fastify.addHook('onSend', async (request, reply, payload) => {
		reply.header('X-Content-Type-Options', 'nosniff');
		reply.header('Referrer-Policy', 'no-referrer');
		reply.header('X-Frame-Options', 'DENY');
		if (!request.url.startsWith('/v1')) reply.header('Content-Security-Policy', dashboardCsp);
		return payload;
	});
}

/** The content security policy of the dashboard: own scripts and connections only. */
export const dashboardCsp = ["default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:", "font-src 'self' data:", "connect-src 'self'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'none'"].join('; ');

/**
 * Serves the dashboard's static files (`index.html`, `app.js`, `app.css`) at `/`. The assets hold
 * no secrets and are served without the token: the page reads the token from the URL fragment
 * and sends it with every API request. When the assets are not built, `/` answers 404 with a hint.
 */
export async function dashboardPlugin(fastify: FastifyInstance, options: {dir: string | null}): Promise<void> {
	// Everything this plugin serves is the page and its assets: no secrets, no actions. The security
	// plugin lets exactly these routes through without the token (the page sends it itself).
	fastify.addHook('onRoute', (route) => {
		route.config = {...route.config, public: true};
	});
	const dir = options.dir;
	if (dir === null || !existsSync(path.join(dir, 'index.html'))) {
		fastify.get('/', {config: {action: 'dashboard'}}, async (_request, reply) =>
			reply.code(404).send(fail('dashboard', {code: 'not_found', message: 'the dashboard assets are not built', hint: 'Run `npm run build` (it writes dist/dashboard/).'})),
		);
		return;
	}
	await fastify.register(fastifyStatic, {root: dir, prefix: '/', index: ['index.html'], wildcard: true, cacheControl: true, maxAge: 0, etag: true});
}
