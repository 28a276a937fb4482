import {randomBytes} from 'node:crypto';
import http from 'node:http';
import type {AddressInfo, Socket} from 'node:net';
import {answerChatCompletion} from './chat-completions.js';
import {chunks, estimateTokens, json, openAiError, openSse, parseJson, readBody, shorten, sideAnswer, sleep, textOf} from './wire.js';

/**
 * A mock model server for the end-to-end tests: one node:http server on 127.0.0.1 that speaks
 * the Anthropic Messages API (Claude Code), the OpenAI Responses API (Codex), the Gemini API
 * (Gemini CLI) and OpenAI Chat Completions (Qwen Code, opencode, Copilot CLI), with a control API that tells each kind of client what to answer next.
 *
 * Main turns (Anthropic and Chat Completions requests carrying `tools`, every Responses request,
 * Gemini `streamGenerateContent`) follow the client's mode; side requests (title generation, routers,
 * token counts) always get a valid short answer, so a CLI never stalls on them.
 */

/** `openai` is the Responses API (Codex), `chat` OpenAI Chat Completions. */
export type ClientKind = 'anthropic' | 'openai' | 'gemini' | 'chat';

export type MockMode =
	/** A normal reply: wait `delayMs`, then stream `text`. */
	| {kind: 'reply'; text: string; delayMs?: number}
	/**
	 * A shell tool call that needs approval (`command`); once the tool's result comes back the
	 * turn ends with `text`.
	 */
	| {kind: 'tool'; command: string; text?: string; delayMs?: number}
	/** An HTTP error for the main turn (401, 429, 500, 503, 529 …). */
	| {kind: 'status'; status: number; message?: string; delayMs?: number};

export type LoggedRequest = {
	at: number;
	client: ClientKind | 'other';
	method: string;
	path: string;
	/** What the server made of it: `main`, `side`, `count_tokens`, `ping`, `unknown`. */
	role: 'main' | 'side' | 'count_tokens' | 'ping' | 'unknown';
	/** The mode that answered a main turn. */
	mode?: MockMode['kind'];
	status: number;
	/** The last user text of the request, shortened (for assertions and debugging). */
	prompt?: string;
	body?: unknown;
};

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
		if (client === 'anthropic') return this.#anthropic(url, method, parsed, response);
		if (client === 'openai') return this.#openai(url, method, parsed, response);
		if (client === 'gemini') return this.#gemini(url, method, parsed, response);
		if (client === 'chat') {
			const context = {
				mode: this.mode('chat'),
				keepBodies: this.#options.keepBodies ?? false,
				chunkDelayMs: this.#options.chunkDelayMs ?? 40,
				defaultModel: this.#options.models?.chat ?? 'mock-model',
				log: (entry: Omit<LoggedRequest, 'at'>) => this.#log(entry),
				nextId: (prefix: string) => this.#nextId(prefix),
			};
			return answerChatCompletion(context, url, method, parsed, response);
		}
		this.#log({client: 'other', method, path: url.pathname, role: 'unknown', status: 404, ...(this.#options.keepBodies ? {body: parsed} : {})});
		return json(response, 404, {error: {type: 'not_found_error', message: `mock model: no route for ${method} ${url.pathname}`}});
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

	#log(entry: Omit<LoggedRequest, 'at'>): void {
		this.requests.push({at: Date.now(), ...entry});
		if (this.requests.length > 5000) this.requests.splice(0, this.requests.length - 5000);
	}

	// ---------------------------------------------------------------- Anthropic Messages API

	async #anthropic(url: URL, method: string, body: Record<string, unknown> | undefined, response: http.ServerResponse): Promise<void> {
		const model = typeof body?.['model'] === 'string' ? body['model'] : (this.#options.models?.anthropic ?? 'claude-sonnet-4-5');
		const keep = this.#options.keepBodies ? {body} : {};
		if (url.pathname.endsWith('/count_tokens')) {
			this.#log({client: 'anthropic', method, path: url.pathname, role: 'count_tokens', status: 200, ...keep});
			return json(response, 200, {input_tokens: estimateTokens(body)});
		}
		if (!url.pathname.endsWith('/v1/messages') || method !== 'POST') {
			this.#log({client: 'anthropic', method, path: url.pathname, role: 'unknown', status: 404, ...keep});
			return json(response, 404, {type: 'error', error: {type: 'not_found_error', message: 'mock: unknown endpoint'}});
		}
		const messages = Array.isArray(body?.['messages']) ? (body['messages'] as AnthropicMessage[]) : [];
		const prompt = lastUserText(messages);
		const isMain = Array.isArray(body?.['tools']) && (body['tools'] as unknown[]).length > 0;
		const stream = body?.['stream'] === true;
		if (!isMain) {
			this.#log({client: 'anthropic', method, path: url.pathname, role: 'side', status: 200, prompt, ...keep});
			const text = sideAnswer(body);
			return this.#anthropicMessage(response, {model, stream, blocks: [{type: 'text', text}], stopReason: 'end_turn', inputTokens: estimateTokens(body), delayMs: 0});
		}
		const mode = this.mode('anthropic');
		const toolResult = lastMessageHasToolResult(messages);
		if (mode.kind === 'status') {
			this.#log({client: 'anthropic', method, path: url.pathname, role: 'main', mode: mode.kind, status: mode.status, prompt, ...keep});
			await sleep(mode.delayMs ?? 0);
			return json(response, mode.status, {type: 'error', error: anthropicError(mode.status, mode.message)}, {'request-id': this.#nextId('req'), ...(mode.status === 429 ? {'retry-after': '1'} : {})});
		}
		this.#log({client: 'anthropic', method, path: url.pathname, role: 'main', mode: mode.kind, status: 200, prompt, ...keep});
		const inputTokens = estimateTokens(body);
		if (mode.kind === 'tool' && !toolResult) {
			return this.#anthropicMessage(response, {
				model,
				stream,
				inputTokens,
				delayMs: mode.delayMs ?? 200,
				stopReason: 'tool_use',
				blocks: [
					{type: 'text', text: 'I will run a command.'},
					{type: 'tool_use', id: this.#nextId('toolu'), name: 'Bash', input: {command: mode.command, description: 'Run the command the test asked for'}},
				],
			});
		}
		const text = mode.kind === 'tool' ? (mode.text ?? 'The command ran.') : mode.text;
		return this.#anthropicMessage(response, {model, stream, inputTokens, delayMs: mode.delayMs ?? 0, stopReason: 'end_turn', blocks: [{type: 'text', text}]});
	}

	async #anthropicMessage(
		response: http.ServerResponse,
		options: {model: string; stream: boolean; blocks: AnthropicBlock[]; stopReason: string; inputTokens: number; delayMs: number},
	): Promise<void> {
		const id = this.#nextId('msg');
		const outputTokens = Math.max(1, Math.round(JSON.stringify(options.blocks).length / 4));
		// Claude Code sends a cached system prompt and tools: most input is a cache read.
		const cacheRead = Math.floor(options.inputTokens * 0.8);
		const usage = {input_tokens: options.inputTokens - cacheRead, cache_creation_input_tokens: 0, cache_read_input_tokens: cacheRead, output_tokens: outputTokens, service_tier: 'standard'};
		const headers = {'request-id': this.#nextId('req'), 'anthropic-organization-id': 'mock-org'};
		await sleep(options.delayMs);
		if (!options.stream) {
			return json(response, 200, {id, type: 'message', role: 'assistant', model: options.model, content: options.blocks, stop_reason: options.stopReason, stop_sequence: null, usage}, headers);
		}
		const sse = openSse(response, headers);
		sse.event('message_start', {type: 'message_start', message: {id, type: 'message', role: 'assistant', model: options.model, content: [], stop_reason: null, stop_sequence: null, usage: {...usage, output_tokens: 1}}});
		sse.event('ping', {type: 'ping'});
		for (const [index, block] of options.blocks.entries()) {
			if (block.type === 'text') {
				sse.event('content_block_start', {type: 'content_block_start', index, content_block: {type: 'text', text: ''}});
				for (const piece of chunks(block.text, 24)) {
					await sleep(this.#options.chunkDelayMs ?? 40);
					sse.event('content_block_delta', {type: 'content_block_delta', index, delta: {type: 'text_delta', text: piece}});
				}
			} else {
				sse.event('content_block_start', {type: 'content_block_start', index, content_block: {type: 'tool_use', id: block.id, name: block.name, input: {}}});
				sse.event('content_block_delta', {type: 'content_block_delta', index, delta: {type: 'input_json_delta', partial_json: JSON.stringify(block.input)}});
			}
			sse.event('content_block_stop', {type: 'content_block_stop', index});
		}
		sse.event('message_delta', {type: 'message_delta', delta: {stop_reason: options.stopReason, stop_sequence: null}, usage: {output_tokens: outputTokens}});
		sse.event('message_stop', {type: 'message_stop'});
		sse.end();
	}

	// ---------------------------------------------------------------- OpenAI Responses API

	async #openai(url: URL, method: string, body: Record<string, unknown> | undefined, response: http.ServerResponse): Promise<void> {
		const keep = this.#options.keepBodies ? {body} : {};
		const model = typeof body?.['model'] === 'string' ? body['model'] : (this.#options.models?.openai ?? 'mock-model');
		if (url.pathname.endsWith('/models') && method === 'GET') {
			this.#log({client: 'openai', method, path: url.pathname, role: 'side', status: 200, ...keep});
			return json(response, 200, {object: 'list', data: [{id: this.#options.models?.openai ?? 'mock-model', object: 'model', created: 1_700_000_000, owned_by: 'mock'}]});
		}
		if (!url.pathname.endsWith('/responses') || method !== 'POST') {
			this.#log({client: 'openai', method, path: url.pathname, role: 'unknown', status: 404, ...keep});
			return json(response, 404, {error: {message: 'mock: unknown endpoint', type: 'invalid_request_error', code: 'not_found'}});
		}
		const input = Array.isArray(body?.['input']) ? (body['input'] as OpenAiItem[]) : [];
		const prompt = lastOpenAiUserText(input);
		const inputTokens = estimateTokens(body);
		// Codex names side threads (session titles) with a request that carries no tools.
		const isMain = Array.isArray(body?.['tools']) && (body['tools'] as unknown[]).length > 0;
		if (!isMain) {
			this.#log({client: 'openai', method, path: url.pathname, role: 'side', status: 200, prompt, ...keep});
			return this.#openaiStream(response, {model, inputTokens, delayMs: 0, items: [{type: 'message', text: sideAnswer(body)}]});
		}
		const mode = this.mode('openai');
		if (mode.kind === 'status') {
			this.#log({client: 'openai', method, path: url.pathname, role: 'main', mode: mode.kind, status: mode.status, prompt, ...keep});
			await sleep(mode.delayMs ?? 0);
			return json(response, mode.status, {error: openAiError(mode.status, mode.message)}, {'x-request-id': this.#nextId('req')});
		}
		this.#log({client: 'openai', method, path: url.pathname, role: 'main', mode: mode.kind, status: 200, prompt, ...keep});
		if (mode.kind === 'tool' && !lastOpenAiItemIsToolOutput(input)) {
			const tool = shellToolOf(body);
			return this.#openaiStream(response, {
				model,
				inputTokens,
				delayMs: mode.delayMs ?? 200,
				items: [{type: 'function_call', name: tool.name, arguments: JSON.stringify(tool.args(mode.command))}],
			});
		}
		const text = mode.kind === 'tool' ? (mode.text ?? 'The command ran.') : mode.text;
		return this.#openaiStream(response, {model, inputTokens, delayMs: mode.delayMs ?? 0, items: [{type: 'message', text}]});
	}

	async #openaiStream(
		response: http.ServerResponse,
		options: {model: string; inputTokens: number; delayMs: number; items: Array<{type: 'message'; text: string} | {type: 'function_call'; name: string; arguments: string}>},
	): Promise<void> {
		const id = this.#nextId('resp');
		const created = Math.floor(Date.now() / 1000);
		let sequence = 0;
		const base = {id, object: 'response', created_at: created, model: options.model, parallel_tool_calls: true, tool_choice: 'auto', tools: [], error: null, incomplete_details: null};
		await sleep(options.delayMs);
		const sse = openSse(response, {'x-request-id': this.#nextId('req'), 'openai-model': options.model});
		const send = (type: string, data: Record<string, unknown>) => sse.event(type, {type, sequence_number: sequence++, ...data});
		send('response.created', {response: {...base, status: 'in_progress', output: []}});
		send('response.in_progress', {response: {...base, status: 'in_progress', output: []}});
		const output: unknown[] = [];
		let outputChars = 0;
		for (const [outputIndex, item] of options.items.entries()) {
			if (item.type === 'message') {
				const itemId = this.#nextId('msg');
				send('response.output_item.added', {output_index: outputIndex, item: {id: itemId, type: 'message', status: 'in_progress', role: 'assistant', content: []}});
				send('response.content_part.added', {item_id: itemId, output_index: outputIndex, content_index: 0, part: {type: 'output_text', text: '', annotations: []}});
				for (const piece of chunks(item.text, 24)) {
					await sleep(this.#options.chunkDelayMs ?? 40);
					send('response.output_text.delta', {item_id: itemId, output_index: outputIndex, content_index: 0, delta: piece, logprobs: []});
				}
				const part = {type: 'output_text', text: item.text, annotations: [], logprobs: []};
				send('response.output_text.done', {item_id: itemId, output_index: outputIndex, content_index: 0, text: item.text, logprobs: []});
				send('response.content_part.done', {item_id: itemId, output_index: outputIndex, content_index: 0, part});
				const done = {id: itemId, type: 'message', status: 'completed', role: 'assistant', content: [part]};
				send('response.output_item.done', {output_index: outputIndex, item: done});
				output.push(done);
				outputChars += item.text.length;
			} else {
				const itemId = this.#nextId('fc');
				const callId = this.#nextId('call');
				send('response.output_item.added', {output_index: outputIndex, item: {id: itemId, type: 'function_call', status: 'in_progress', name: item.name, call_id: callId, arguments: ''}});
				send('response.function_call_arguments.delta', {item_id: itemId, output_index: outputIndex, delta: item.arguments});
				send('response.function_call_arguments.done', {item_id: itemId, output_index: outputIndex, arguments: item.arguments});
				const done = {id: itemId, type: 'function_call', status: 'completed', name: item.name, call_id: callId, arguments: item.arguments};
				send('response.output_item.done', {output_index: outputIndex, item: done});
				output.push(done);
				outputChars += item.arguments.length;
			}
		}
		const outputTokens = Math.max(1, Math.round(outputChars / 4));
		const cached = Math.floor(options.inputTokens * 0.75);
		send('response.completed', {
			response: {
				...base,
				status: 'completed',
				output,
				usage: {
					input_tokens: options.inputTokens,
					input_tokens_details: {cached_tokens: cached},
					output_tokens: outputTokens,
					output_tokens_details: {reasoning_tokens: 0},
					total_tokens: options.inputTokens + outputTokens,
				},
			},
		});
		sse.end();
	}

	// ---------------------------------------------------------------- Gemini API

	async #gemini(url: URL, method: string, body: Record<string, unknown> | undefined, response: http.ServerResponse): Promise<void> {
		const keep = this.#options.keepBodies ? {body} : {};
		const match = /\/models\/([^/:]+):(\w+)$/.exec(url.pathname);
		const model = match?.[1] ?? this.#options.models?.gemini ?? 'gemini-2.5-flash';
		const action = match?.[2] ?? '';
		const contents = Array.isArray(body?.['contents']) ? (body['contents'] as GeminiContent[]) : [];
		const prompt = lastGeminiUserText(contents);
		const inputTokens = estimateTokens(body);
		if (action === 'countTokens') {
			this.#log({client: 'gemini', method, path: url.pathname, role: 'count_tokens', status: 200, ...keep});
			return json(response, 200, {totalTokens: inputTokens});
		}
		if (action === 'generateContent') {
			// The model router and other side calls: they expect JSON text back.
			this.#log({client: 'gemini', method, path: url.pathname, role: 'side', status: 200, prompt, ...keep});
			return json(response, 200, geminiChunk(model, [{text: sideAnswer(body)}], 'STOP', inputTokens, 8));
		}
		if (action !== 'streamGenerateContent') {
			this.#log({client: 'gemini', method, path: url.pathname, role: 'unknown', status: 404, ...keep});
			return json(response, 404, {error: {code: 404, message: 'mock: unknown endpoint', status: 'NOT_FOUND'}});
		}
		const mode = this.mode('gemini');
		if (mode.kind === 'status') {
			this.#log({client: 'gemini', method, path: url.pathname, role: 'main', mode: mode.kind, status: mode.status, prompt, ...keep});
			await sleep(mode.delayMs ?? 0);
			return json(response, mode.status, {error: geminiError(mode.status, mode.message)});
		}
		this.#log({client: 'gemini', method, path: url.pathname, role: 'main', mode: mode.kind, status: 200, prompt, ...keep});
		await sleep(mode.delayMs ?? 0);
		const sse = openSse(response, {});
		if (mode.kind === 'tool' && !lastGeminiIsFunctionResponse(contents)) {
			sse.data(geminiChunk(model, [{functionCall: {name: 'run_shell_command', args: {command: mode.command, description: 'Run the command the test asked for'}}}], 'STOP', inputTokens, 20));
			return sse.end();
		}
		const text = mode.kind === 'tool' ? (mode.text ?? 'The command ran.') : mode.text;
		const pieces = chunks(text, 40);
		for (const [index, piece] of pieces.entries()) {
			await sleep(this.#options.chunkDelayMs ?? 40);
			const last = index === pieces.length - 1;
			sse.data(geminiChunk(model, [{text: piece}], last ? 'STOP' : undefined, inputTokens, Math.max(1, Math.round(text.length / 4))));
		}
		sse.end();
	}
}

// ------------------------------------------------------------------ helpers

type AnthropicBlock = {type: 'text'; text: string} | {type: 'tool_use'; id: string; name: string; input: Record<string, unknown>};
type AnthropicMessage = {role?: string; content?: string | Array<{type?: string; text?: string}>};
type OpenAiItem = {type?: string; role?: string; content?: string | Array<{type?: string; text?: string}>};
type GeminiContent = {role?: string; parts?: Array<{text?: string; functionResponse?: unknown}>};

function clientOf(pathname: string): ClientKind | 'other' {
	if (pathname.includes('/v1/messages')) return 'anthropic';
	if (pathname.endsWith('/chat/completions')) return 'chat';
	if (pathname.endsWith('/responses') || pathname.endsWith('/v1/models')) return 'openai';
	if (pathname.includes('/models/') && pathname.includes(':')) return 'gemini';
	return 'other';
}

function lastUserText(messages: readonly AnthropicMessage[]): string | undefined {
	for (let index = messages.length - 1; index >= 0; index--) {
		const message = messages[index];
		if (message?.role !== 'user') continue;
		// Claude wraps reminders in <system-reminder>; the prompt is the last text part.
		const parts = typeof message.content === 'string' ? [message.content] : (message.content ?? []).filter((part) => part.type === 'text').map((part) => part.text ?? '');
		const real = parts.filter((part) => !part.trimStart().startsWith('<system-reminder>'));
		const text = real.at(-1) ?? parts.at(-1);
		if (text !== undefined) return shorten(text);
		return shorten(textOf(message.content));
	}
	return undefined;
}

function lastMessageHasToolResult(messages: readonly AnthropicMessage[]): boolean {
	const last = messages.at(-1);
	return last?.role === 'user' && Array.isArray(last.content) && last.content.some((part) => part.type === 'tool_result');
}

function lastOpenAiUserText(input: readonly OpenAiItem[]): string | undefined {
	for (let index = input.length - 1; index >= 0; index--) {
		const item = input[index];
		if (item?.role === 'user' && (item.type === undefined || item.type === 'message')) {
			const text = textOf(item.content);
			// Codex sends environment context and instructions as user messages too.
			if (!text.trimStart().startsWith('<')) return shorten(text);
		}
	}
	return undefined;
}

function lastOpenAiItemIsToolOutput(input: readonly OpenAiItem[]): boolean {
	const last = input.at(-1);
	return last?.type === 'function_call_output' || last?.type === 'custom_tool_call_output';
}

function lastGeminiUserText(contents: readonly GeminiContent[]): string | undefined {
	for (let index = contents.length - 1; index >= 0; index--) {
		const content = contents[index];
		if (content?.role !== 'user') continue;
		const text = (content.parts ?? []).map((part) => part.text ?? '').join(' ');
		if (text.trim() !== '') return shorten(text);
	}
	return undefined;
}

function lastGeminiIsFunctionResponse(contents: readonly GeminiContent[]): boolean {
	return (contents.at(-1)?.parts ?? []).some((part) => part.functionResponse !== undefined);
}

/**
 * Codex's shell tool and the arguments that make it ask for approval. 0.1xx offers
 * `exec_command` (`cmd`, `sandbox_permissions`, `justification`); older ones `shell`
 * (`command` as argv).
 */
function shellToolOf(body: Record<string, unknown> | undefined): {name: string; args: (command: string) => Record<string, unknown>} {
	const tools = Array.isArray(body?.['tools']) ? (body['tools'] as Array<{name?: string; type?: string}>) : [];
	const names = new Set(tools.map((tool) => tool.name ?? ''));
	if (names.has('exec_command') || !names.has('shell')) {
		return {name: 'exec_command', args: (command) => ({cmd: command, sandbox_permissions: 'require_escalated', justification: 'The test needs this command to run outside the sandbox.'})};
	}
	return {name: 'shell', args: (command) => ({command: ['bash', '-lc', command], with_escalated_permissions: true, justification: 'The test needs this command to run outside the sandbox.'})};
}

function anthropicError(status: number, message: string | undefined): {type: string; message: string} {
	switch (status) {
		case 400:
			return {type: 'invalid_request_error', message: message ?? 'Invalid request'};
		case 401:
			return {type: 'authentication_error', message: message ?? 'invalid x-api-key'};
		case 403:
			return {type: 'permission_error', message: message ?? 'Your API key does not have permission to use the specified resource.'};
		case 429:
			return {type: 'rate_limit_error', message: message ?? 'This request would exceed the rate limit for your organization of 50 requests per minute.'};
		case 529:
			return {type: 'overloaded_error', message: message ?? 'Overloaded'};
		default:
			return {type: 'api_error', message: message ?? 'Internal server error'};
	}
}

function geminiError(status: number, message: string | undefined): Record<string, unknown> {
	const statusName: Record<number, string> = {400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 403: 'PERMISSION_DENIED', 429: 'RESOURCE_EXHAUSTED', 500: 'INTERNAL', 503: 'UNAVAILABLE'};
	return {
		code: status,
		message: message ?? (status === 429 ? 'Resource has been exhausted (e.g. check quota).' : status === 401 || status === 403 ? 'API key not valid. Please pass a valid API key.' : 'The model is overloaded. Please try again later.'),
		status: statusName[status] ?? 'UNAVAILABLE',
	};
}

function geminiChunk(model: string, parts: unknown[], finishReason: string | undefined, inputTokens: number, outputTokens: number): Record<string, unknown> {
	return {
		candidates: [{content: {parts, role: 'model'}, ...(finishReason ? {finishReason} : {}), index: 0}],
		usageMetadata: {promptTokenCount: inputTokens, candidatesTokenCount: outputTokens, totalTokenCount: inputTokens + outputTokens, cachedContentTokenCount: Math.floor(inputTokens * 0.5)},
		modelVersion: model,
		responseId: `mock-${randomBytes(6).toString('hex')}`,
	};
}

/** Starts a server (for scripts and tests). */
export async function startMockModel(options: MockModelOptions = {}): Promise<MockModelServer> {
	const server = new MockModelServer(options);
	await server.start();
	return server;
}
