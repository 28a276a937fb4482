import {randomBytes} from 'node:crypto';
import http from 'node:http';
import type {AddressInfo, Socket} from 'node:net';
import {answerAnthropicMessages} from './anthropic.js';
import {answerChatCompletion} from './chat-completions.js';
import {answerGemini} from './gemini.js';
import {answerResponses} from './responses.js';
import type {ClientKind, Dialect, DialectContext, LoggedRequest, MockMode} from './types.js';
import {json, parseJson, readBody, sleep} from './wire.js';

export type {ClientKind, LoggedRequest, MockMode} from './types.js';

/**
 * A mock model server for the end-to-end tests: one node:http server on 127.0.0.1 that speaks
 * the Anthropic Messages API (Claude Code), the OpenAI Responses API (Codex), the Gemini API
 * (Gemini CLI) and OpenAI Chat Completions (Qwen Code, opencode, Copilot CLI), with a control API that tells each kind of client what to answer next.
 *
 * Main turns (Anthropic and Chat Completions requests carrying `tools`, every Responses request,
 * Gemini `streamGenerateContent`) follow the client's mode; side requests (title generation, routers,
 * token counts) always get a valid short answer, so a CLI never stalls on them. Each dialect lives in
 * its own module (anthropic.ts, responses.ts, gemini.ts, chat-completions.ts); this one routes, logs and throttles.
 */

export type MockModelOptions = {
	/** Keep request bodies in the log (large). @default false */
	keepBodies?: boolean;
	/** Requests per second per client kind above which answers are held back. @default 20 */
	throttlePerSecond?: number;
	/** Model names reported back. */
	models?: Partial<Record<ClientKind, string>>;
	/** Delay between streamed chunks. @default 40 */
	chunkDelayMs?: number;
};

const defaultMode: MockMode = {kind: 'reply', text: 'Hello from the mock model.', delayMs: 300};

const dialects: Record<ClientKind, Dialect> = {anthropic: answerAnthropicMessages, openai: answerResponses, gemini: answerGemini, chat: answerChatCompletion};

/** The model named in answers when neither the request nor `MockModelOptions.models` names one. */
const defaultModels: Record<ClientKind, string> = {anthropic: 'claude-sonnet-4-5', openai: 'mock-model', gemini: 'gemini-2.5-flash', chat: 'mock-model'};

export class MockModelServer {
	readonly requests: LoggedRequest[] = [];
	readonly #server: http.Server;
	readonly #modes = new Map<ClientKind, MockMode>();
	readonly #options: MockModelOptions;
	readonly #recent = new Map<string, number[]>();
	readonly #sockets = new Set<Socket>();
	#port = 0;
	#ids = 0;

	constructor(options: MockModelOptions = {}) {
		this.#options = options;
		this.#server = http.createServer((request, response) => {
			void this.#handle(request, response).catch((error: unknown) => {
				if (!response.headersSent) response.writeHead(500, {'content-type': 'application/json'});
				response.end(JSON.stringify({error: {message: String(error)}}));
			});
		});
		this.#server.on('connection', (socket) => {
			this.#sockets.add(socket);
			socket.on('close', () => this.#sockets.delete(socket));
		});
	}

	/** Listens on 127.0.0.1 (port 0 = any free port); returns the base URL. */
	async start(port = 0): Promise<string> {
		await new Promise<void>((resolve, reject) => {
			this.#server.once('error', reject);
			this.#server.listen(port, '127.0.0.1', () => resolve());
		});
		this.#port = (this.#server.address() as AddressInfo).port;
		return this.url;
	}

	get port(): number {
		return this.#port;
	}

	get url(): string {
		return `http://127.0.0.1:${this.#port}`;
	}

	/** What the next main turns of this kind of client get (stays until changed). */
	setMode(client: ClientKind | 'all', mode: MockMode): void {
		for (const kind of client === 'all' ? (['anthropic', 'openai', 'gemini', 'chat'] as const) : [client]) this.#modes.set(kind, mode);
	}

	mode(client: ClientKind): MockMode {
		return this.#modes.get(client) ?? defaultMode;
	}

	/** Main-turn requests of one client kind, oldest first. */
	mainTurns(client: ClientKind): LoggedRequest[] {
		return this.requests.filter((entry) => entry.client === client && entry.role === 'main');
	}

	async close(): Promise<void> {
		for (const socket of this.#sockets) socket.destroy();
		await new Promise<void>((resolve) => this.#server.close(() => resolve()));
	}

	#nextId(prefix: string): string {
		this.#ids++;
		return `${prefix}_${randomBytes(8).toString('hex')}${this.#ids.toString(36)}`;
	}

	async #handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
		const url = new URL(request.url ?? '/', 'http://127.0.0.1');
		const body = await readBody(request);
		const method = request.method ?? 'GET';
		const client = clientOf(url.pathname);
		await this.#throttle(client);

		// Control API, for tests in another process and for recording by hand.
		if (url.pathname === '/_mock/mode' && method === 'POST') {
			const {client: target, mode} = (parseJson(body) ?? {}) as {client?: ClientKind | 'all'; mode?: MockMode};
			if (!mode || !target) return json(response, 400, {error: 'client and mode are required'});
			this.setMode(target, mode);
			return json(response, 200, {ok: true});
		}
		if (url.pathname === '/_mock/requests' && method === 'GET') return json(response, 200, this.requests);

		if (method === 'HEAD' || (method === 'GET' && url.pathname === '/')) {
			this.#log({client: 'other', method, path: url.pathname, role: 'ping', status: 200});
			response.writeHead(200, {'content-type': 'text/plain'});
			return void response.end(method === 'HEAD' ? undefined : 'ok');
		}
		const parsed = parseJson(body) as Record<string, unknown> | undefined;
		if (client !== 'other') {
			const logged: LoggedRequest[] = [];
			// When the answer was written out: the ground truth of "the model finished" (bench/live-truth.ts).
			response.once('finish', () => {
				for (const entry of logged) entry.endedAt = Date.now();
			});
			return dialects[client](this.#context(client, logged), url, method, parsed, response);
		}
		this.#log({client: 'other', method, path: url.pathname, role: 'unknown', status: 404, ...(this.#options.keepBodies ? {body: parsed} : {})});
		return json(response, 404, {error: {type: 'not_found_error', message: `mock model: no route for ${method} ${url.pathname}`}});
	}

	#context(client: ClientKind, logged: LoggedRequest[]): DialectContext {
		return {
			mode: this.mode(client),
			keepBodies: this.#options.keepBodies ?? false,
			chunkDelayMs: this.#options.chunkDelayMs ?? 40,
			defaultModel: this.#options.models?.[client] ?? defaultModels[client],
			log: (entry) => logged.push(this.#log(entry)),
			nextId: (prefix) => this.#nextId(prefix),
		};
	}

	/** Holds answers back while a client sends more than the limit per second (retry storms). */
	async #throttle(client: string): Promise<void> {
		const limit = this.#options.throttlePerSecond ?? 20;
		const now = Date.now();
		const recent = (this.#recent.get(client) ?? []).filter((at) => now - at < 1000);
		recent.push(now);
		this.#recent.set(client, recent);
		if (recent.length > limit) await sleep(1000);
	}

	#log(entry: Omit<LoggedRequest, 'at'>): LoggedRequest {
		const logged = {at: Date.now(), ...entry};
		this.requests.push(logged);
		if (this.requests.length > 5000) this.requests.splice(0, this.requests.length - 5000);
		return logged;
	}
}

/** Which dialect a path belongs to. */
function clientOf(pathname: string): ClientKind | 'other' {
	if (pathname.includes('/v1/messages')) return 'anthropic';
	if (pathname.endsWith('/chat/completions')) return 'chat';
	if (pathname.endsWith('/responses') || pathname.endsWith('/v1/models')) return 'openai';
	if (pathname.includes('/models/') && pathname.includes(':')) return 'gemini';
	return 'other';
}

/** Starts a server (for scripts and tests). */
export async function startMockModel(options: MockModelOptions = {}): Promise<MockModelServer> {
	const server = new MockModelServer(options);
	await server.start();
	return server;
}
