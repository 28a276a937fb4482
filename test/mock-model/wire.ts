import type http from 'node:http';

/** HTTP, SSE and text helpers shared by the mock model's API dialects. */

export function readBody(request: http.IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const parts: Buffer[] = [];
		request.on('data', (part: Buffer) => parts.push(part));
		request.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
		request.on('error', reject);
	});
}

export function parseJson(text: string): unknown {
	try {
		return text.trim() === '' ? undefined : JSON.parse(text);
	} catch {
		return undefined;
	}
}

export function json(response: http.ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
	const text = JSON.stringify(value);
	response.writeHead(status, {'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers});
	response.end(text);
}

export function openSse(response: http.ServerResponse, headers: Record<string, string>) {
	response.writeHead(200, {'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', ...headers});
	return {
		event(name: string, data: unknown): void {
			response.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
		},
		data(data: unknown): void {
			response.write(`data: ${JSON.stringify(data)}\n\n`);
		},
		raw(text: string): void {
			response.write(text);
		},
		end(): void {
			response.end();
		},
	};
}

export function sleep(ms: number): Promise<void> {
	return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

export function chunks(text: string, size: number): string[] {
	const pieces: string[] = [];
	for (let index = 0; index < text.length; index += size) pieces.push(text.slice(index, index + size));
	return pieces.length > 0 ? pieces : [''];
}

/** About four characters per token, as a rough tokenizer would give. */
export function estimateTokens(body: unknown): number {
	return Math.max(1, Math.round(JSON.stringify(body ?? '').length / 4));
}

export function textOf(content: string | ReadonlyArray<{type?: string; text?: string}> | undefined): string {
	if (typeof content === 'string') return content;
	if (!Array.isArray(content)) return '';
	return content.map((part) => (typeof part.text === 'string' ? part.text : '')).join(' ');
}

export function shorten(text: string): string {
	const clean = text.replaceAll(/\s+/g, ' ').trim();
	return clean.length > 200 ? `${clean.slice(0, 200)}…` : clean;
}

/** Short valid answers for side requests: titles, JSON outputs, routers. */
export function sideAnswer(body: Record<string, unknown> | undefined): string {
	const text = JSON.stringify(body ?? {}).toLowerCase();
	if (text.includes('model_choice')) return JSON.stringify({reasoning: 'A simple request.', model_choice: 'flash'});
	if (text.includes('json')) {
		if (text.includes('"title"') || text.includes('title')) return JSON.stringify({title: 'Mock session', isNewTopic: true});
		return '{}';
	}
	return 'Mock session';
}

export function openAiError(status: number, message: string | undefined): Record<string, unknown> {
	switch (status) {
		case 401:
			return {message: message ?? 'Incorrect API key provided: mock-key. You can find your API key at https://platform.openai.com/account/api-keys.', type: 'invalid_request_error', param: null, code: 'invalid_api_key'};
		case 429:
			return {message: message ?? 'Rate limit reached for requests. Please try again in 20s.', type: 'requests', param: null, code: 'rate_limit_exceeded'};
		default:
			return {message: message ?? 'The server is overloaded or not ready yet.', type: 'server_error', param: null, code: null};
	}
}
