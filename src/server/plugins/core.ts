import fp from 'fastify-plugin';
import {ServerContext, type ServerContextOptions} from '../context.js';
import type {ServerCore} from '../types.js';

declare module 'fastify' {
	interface FastifyInstance {
		/** The served core: workspaces, event hub, streams, screens, idempotency keys. */
		tutti: ServerContext;
	}
	interface FastifyContextConfig {
		/** The `action` of this route's envelopes (e.g. `status.list`). */
		action?: string;
		/** Served to anyone who reaches the port (the dashboard's static files): no token, Host or Origin check. */
		public?: boolean;
		/** A webhook receiver: a valid `X-Hub-Signature-256` may stand in for the bearer token. */
		webhook?: boolean;
	}
}

export type CorePluginOptions = {core: ServerCore; context?: ServerContextOptions | undefined};

/**
 * Attaches the core as `fastify.tutti` for every plugin (fastify-plugin: not encapsulated).
 * Starts the event hub when the server is ready; ends every stream before the server closes.
 */
export const corePlugin = fp<CorePluginOptions>(
	async (fastify, options) => {
		const context = new ServerContext(options.core, options.context);
		fastify.decorate('tutti', context);
		fastify.addHook('onReady', async () => context.start());
		// Open streams would keep `close()` waiting: end them first.
		fastify.addHook('preClose', async () => context.close());
	},
	{name: 'tutti-core', fastify: '5.x'},
);
