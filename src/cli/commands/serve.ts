import type {AddressInfo} from 'node:net';
import {workflowEngine} from '../../core/workflow/index.js';
import type {GlobalConfig} from '../../core/config/index.js';
import {TuttiError} from '../../core/errors.js';
import {assertSafeBind, buildServer, dashboardUrl, isLoopbackHost, loadOrCreateToken, readTokenFile, serveTokenFile, startRecorder, type UsageReader, type WorkflowRunner} from '../../server/index.js';
import {paint} from '../output.js';
import {handler, intOption, type Register} from '../program.js';
import {logUsageReader} from '../usage-source.js';

type ServeFlags = {workspace?: string; all?: boolean; port?: number; bind?: string; token?: string | boolean; tokenFile?: string};

/** What `tt serve` is wired to besides the core (the workflow engine and usage, when built). */
export type ServeDependencies = {
	workflows?: WorkflowRunner;
	/** A reader, or how to make one from the global config (the profiles' plan windows need it). */
	usage?: UsageReader | ((global: GlobalConfig, env: NodeJS.ProcessEnv) => UsageReader);
	/** Stops the server when aborted (tests); by default SIGINT or SIGTERM does. */
	stop?: AbortSignal;
};

/**
 * `tt serve`: the control API and the dashboard over the workspaces, plus the recorder role
 * (state events, schedules) while it runs. Stops on SIGINT/SIGTERM: streams end, observers stop.
 */
export function createServeCommand(dependencies: ServeDependencies = {}): Register {
	return (program, runtime) => {
		const storedTokenFile = serveTokenFile(runtime.env);
		program
			.command('serve')
			.description('serve the control API (REST + SSE) and the dashboard; records agent states while it runs')
			.option('-w, --workspace <name>', 'a registered workspace instead of the current directory')
			.option('--all', 'every registered workspace')
			.option('--port <port>', 'port (default: [dashboard] port of the global config, else 4040)', intOption('--port', 0, 65535))
			.option('--bind <address>', 'address to listen on (default: [serve] bind, else 127.0.0.1); any other than loopback needs --token')
			.option('--token [token]', `require a bearer token; without a value, the one in ${storedTokenFile} (generated when missing). A value given here shows in \`ps\`: prefer --token-file or TUTTI_SERVE_TOKEN`)
			.option('--token-file <file>', 'require the bearer token stored in this file (its first line)')
			.addHelpText('after', '\nThe token can also come from the TUTTI_SERVE_TOKEN environment variable.\n\nExamples:\n  tt serve                                  http://127.0.0.1:4040/ for this workspace\n  tt serve --all --port 8080                 every registered workspace\n  tt serve --bind 0.0.0.0 --token            reachable from the network, with a generated token\n  tt serve --bind 0.0.0.0 --token-file ~/t   with a token of your own, kept off the command line')
			.action(
				handler(runtime, async (flags: ServeFlags) => {
					const {output} = runtime;
					const services = await runtime.services();
					const port = flags.port ?? services.global.dashboard.port;
					const bind = flags.bind ?? services.global.serve.bind;
					let token: string | undefined;
					let tokenNote: string | undefined;
					let tokenOrigin: string | undefined;
					const fromEnv = services.env['TUTTI_SERVE_TOKEN'];
					if (typeof flags.token === 'string') {
						token = flags.token;
						tokenOrigin = 'given with --token';
					} else if (flags.tokenFile !== undefined) {
						token = readTokenFile(flags.tokenFile);
						tokenOrigin = `it is in ${flags.tokenFile}`;
					} else if (fromEnv !== undefined && fromEnv !== '') {
						token = fromEnv.trim();
						tokenOrigin = 'from TUTTI_SERVE_TOKEN';
					} else if (flags.token === true || services.global.serve.auth === 'bearer') {
						const stored = loadOrCreateToken(storedTokenFile);
						token = stored.token;
						tokenOrigin = `it is in ${stored.file}`;
						if (stored.created) tokenNote = `a new bearer token was generated and stored in ${stored.file} (mode 0600)`;
					}
					assertSafeBind(bind, token, storedTokenFile);

					const contexts = flags.all ? await runtime.allWorkspaces() : [await runtime.workspace({workspace: flags.workspace})];
					// Whatever happens from here on, the process ends: a fatal start-up error or a signal
					// must never leave a server that stopped listening but stays alive.
					const exitSoon = () => {
						if (!dependencies.stop) setTimeout(() => process.exit(process.exitCode ?? 0), 200).unref();
					};
					let recorder: Awaited<ReturnType<typeof startRecorder>>;
					try {
						const usage = typeof dependencies.usage === 'function' ? dependencies.usage((await runtime.services()).global, runtime.env) : dependencies.usage;
						recorder = await startRecorder(contexts, {...dependencies, usage});
					} catch (error) {
						exitSoon();
						throw error;
					}
					let app: Awaited<ReturnType<typeof buildServer>>;
					try {
						app = await buildServer(recorder.core, {token, tokenOrigin, allowedHosts: isLoopbackHost(bind) ? [] : [bind]});
					} catch (error) {
						await shutDown({close: async () => undefined}, recorder);
						exitSoon();
						throw error;
					}
					try {
						await app.listen({port, host: bind});
					} catch (error) {
						await shutDown(app, recorder);
						exitSoon();
						const code = (error as NodeJS.ErrnoException).code;
						if (code === 'EADDRINUSE') throw new TuttiError('ERR_USAGE', `port ${port} on ${bind} is already in use`, {hint: 'Pick another with --port <port>.'});
						if (code === 'EADDRNOTAVAIL') throw new TuttiError('ERR_USAGE', `cannot listen on ${bind}: no such local address`, {hint: 'Use --bind 127.0.0.1, 0.0.0.0 or an address of this machine.'});
						if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME' || code === 'EAI_FAIL') {
							throw new TuttiError('ERR_USAGE', `cannot listen on ${bind}: the name does not resolve to an address`, {hint: 'Use --bind 127.0.0.1, 0.0.0.0 or an IP address of this machine.'});
						}
						if (code === 'EACCES') throw new TuttiError('ERR_USAGE', `cannot listen on ${bind}:${port}: permission denied (ports below 1024 need privileges)`, {hint: 'Pick a port above 1024 with --port.'});
						throw error;
					}
					const address = app.server.address() as AddressInfo;
					output.out(`${paint(output, 'bold', 'tt serve')} — ${contexts.map((ctx) => ctx.name).join(', ')}`);
					output.out(`  dashboard  ${dashboardUrl(bind, address.port, token)}`);
					output.out(`  api        http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}/v1/${token === undefined ? '' : '  (Authorization: Bearer <token>)'}`);
					if (tokenNote) output.out(`  ${tokenNote}`);
					output.out('  Ctrl-C stops the server (the agents keep running).');

					await new Promise<void>((resolve) => {
						const signal = dependencies.stop;
						if (signal) {
							if (signal.aborted) resolve();
							else signal.addEventListener('abort', () => resolve(), {once: true});
							return;
						}
						const stop = () => {
							process.off('SIGINT', stop);
							process.off('SIGTERM', stop);
							// A second signal while shutting down ends the process at once.
							const now = () => process.exit(130);
							process.once('SIGINT', now);
							process.once('SIGTERM', now);
							resolve();
						};
						process.on('SIGINT', stop);
						process.on('SIGTERM', stop);
					});
					await shutDown(app, recorder);
					exitSoon();
				}),
			);
	};
}

/** How long `tt serve` waits for streams and control clients to close before it exits anyway. */
const shutdownDeadlineMs = 1500;

/** Closes the server and the recorder, bounded: a stuck stream or client never holds the exit. */
async function shutDown(app: {close(): Promise<unknown>}, recorder: {stop(): Promise<void>}): Promise<void> {
	let timer: NodeJS.Timeout | undefined;
	await Promise.race([Promise.allSettled([app.close(), recorder.stop()]), new Promise<void>((resolve) => (timer = setTimeout(resolve, shutdownDeadlineMs)))]);
	clearTimeout(timer);
}

/** `tt serve` with the workflow engine and token usage from the CLIs' logs. */
export const registerServe: Register = createServeCommand({workflows: workflowEngine, usage: logUsageReader});
