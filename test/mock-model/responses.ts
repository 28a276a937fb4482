import type http from 'node:http';
import type {DialectContext} from './types.js';
import {chunks, estimateTokens, json, openAiError, openSse, shorten, sideAnswer, sleep, textOf} from './wire.js';

/**
 * The OpenAI Responses dialect (`POST /v1/responses`, `GET /v1/models`), spoken by Codex. Every
 * answer is streamed as `response.*` events; a request without tools (a session title) is a side request.
 */

type OpenAiItem = {type?: string; role?: string; content?: string | Array<{type?: string; text?: string}>};
type OutputItem = {type: 'message'; text: string} | {type: 'function_call'; name: string; arguments: string; namespace?: string};

export async function answerResponses(ctx: DialectContext, url: URL, method: string, body: Record<string, unknown> | undefined, response: http.ServerResponse): Promise<void> {
	const keep = ctx.keepBodies ? {body} : {};
	const model = typeof body?.['model'] === 'string' ? body['model'] : ctx.defaultModel;
	if (url.pathname.endsWith('/models') && method === 'GET') {
		ctx.log({client: 'openai', method, path: url.pathname, role: 'side', status: 200, ...keep});
		return json(response, 200, {object: 'list', data: [{id: ctx.defaultModel, object: 'model', created: 1_700_000_000, owned_by: 'mock'}]});
	}
	if (!url.pathname.endsWith('/responses') || method !== 'POST') {
		ctx.log({client: 'openai', method, path: url.pathname, role: 'unknown', status: 404, ...keep});
		return json(response, 404, {error: {message: 'mock: unknown endpoint', type: 'invalid_request_error', code: 'not_found'}});
	}
	const input = Array.isArray(body?.['input']) ? (body['input'] as OpenAiItem[]) : [];
	const prompt = lastOpenAiUserText(input);
	const inputTokens = estimateTokens(body);
	// Codex names side threads (session titles) with a request that carries no tools.
	const isMain = Array.isArray(body?.['tools']) && (body['tools'] as unknown[]).length > 0;
	if (!isMain) {
		ctx.log({client: 'openai', method, path: url.pathname, role: 'side', status: 200, prompt, ...keep});
		return sendResponse(ctx, response, {model, inputTokens, delayMs: 0, items: [{type: 'message', text: sideAnswer(body)}]});
	}
	const {mode} = ctx;
	if (mode.kind === 'status') {
		ctx.log({client: 'openai', method, path: url.pathname, role: 'main', mode: mode.kind, status: mode.status, prompt, ...keep});
		await sleep(mode.delayMs ?? 0);
		return json(response, mode.status, {error: openAiError(mode.status, mode.message)}, {'x-request-id': ctx.nextId('req')});
	}
	ctx.log({client: 'openai', method, path: url.pathname, role: 'main', mode: mode.kind, status: 200, prompt, ...keep});
	const step = mode.kind === 'script' ? responsesScriptStep(input, mode.marker) : undefined;
	const call = mode.kind === 'script' && step !== undefined ? mode.calls[step] : undefined;
	if (call) {
		return sendResponse(ctx, response, {model, inputTokens, delayMs: mode.delayMs ?? 200, items: [{type: 'function_call', ...toolNamed(body, call.name), arguments: JSON.stringify(call.input)}]});
	}
	if (mode.kind === 'tool' && !lastOpenAiItemIsToolOutput(input)) {
		const tool = shellToolOf(body);
		return sendResponse(ctx, response, {
			model,
			inputTokens,
			delayMs: mode.delayMs ?? 200,
			items: [{type: 'function_call', name: tool.name, arguments: JSON.stringify(tool.args(mode.command))}],
		});
	}
	const text = mode.kind === 'tool' ? (mode.text ?? 'The command ran.') : mode.text;
	return sendResponse(ctx, response, {model, inputTokens, delayMs: mode.delayMs ?? 0, items: [{type: 'message', text}]});
}

async function sendResponse(ctx: DialectContext, response: http.ServerResponse, options: {model: string; inputTokens: number; delayMs: number; items: OutputItem[]}): Promise<void> {
	const id = ctx.nextId('resp');
	const created = Math.floor(Date.now() / 1000);
	let sequence = 0;
	const base = {id, object: 'response', created_at: created, model: options.model, parallel_tool_calls: true, tool_choice: 'auto', tools: [], error: null, incomplete_details: null};
	await sleep(options.delayMs);
	const sse = openSse(response, {'x-request-id': ctx.nextId('req'), 'openai-model': options.model});
	const send = (type: string, data: Record<string, unknown>) => sse.event(type, {type, sequence_number: sequence++, ...data});
	send('response.created', {response: {...base, status: 'in_progress', output: []}});
	send('response.in_progress', {response: {...base, status: 'in_progress', output: []}});
	const output: unknown[] = [];
	let outputChars = 0;
	for (const [outputIndex, item] of options.items.entries()) {
		if (item.type === 'message') {
			const itemId = ctx.nextId('msg');
			send('response.output_item.added', {output_index: outputIndex, item: {id: itemId, type: 'message', status: 'in_progress', role: 'assistant', content: []}});
			send('response.content_part.added', {item_id: itemId, output_index: outputIndex, content_index: 0, part: {type: 'output_text', text: '', annotations: []}});
			for (const piece of chunks(item.text, 24)) {
				await sleep(ctx.chunkDelayMs);
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
			const itemId = ctx.nextId('fc');
			const callId = ctx.nextId('call');
			send('response.output_item.added', {output_index: outputIndex, item: {id: itemId, type: 'function_call', status: 'in_progress', name: item.name, ...(item.namespace ? {namespace: item.namespace} : {}), call_id: callId, arguments: ''}});
			send('response.function_call_arguments.delta', {item_id: itemId, output_index: outputIndex, delta: item.arguments});
			send('response.function_call_arguments.done', {item_id: itemId, output_index: outputIndex, arguments: item.arguments});
			const done = {id: itemId, type: 'function_call', status: 'completed', name: item.name, ...(item.namespace ? {namespace: item.namespace} : {}), call_id: callId, arguments: item.arguments};
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

/**
 * For a `script` turn: how many tool outputs came back since the prompt that holds `marker` (the
 * index of the next call), or undefined when the turn's prompt does not hold it.
 */
function responsesScriptStep(input: readonly OpenAiItem[], marker: string): number | undefined {
	let outputs = 0;
	for (let index = input.length - 1; index >= 0; index--) {
		const item = input[index];
		if (item?.type === 'function_call_output' || item?.type === 'custom_tool_call_output') outputs++;
		else if (item?.role === 'user' && (item.type === undefined || item.type === 'message')) {
			const text = textOf(item.content);
			if (text.trimStart().startsWith('<')) continue;
			return text.includes(marker) ? outputs : undefined;
		}
	}
	return undefined;
}

/**
 * How to call the tool `wanted` (`mcp__<server>__<tool>`) among the tools the client offered:
 * Codex 0.17x groups an MCP server's tools in a `namespace` tool (`mcp__<server>`) and takes the
 * call as `{namespace, name}`; a flat function of that name is called by its name.
 */
function toolNamed(body: Record<string, unknown> | undefined, wanted: string): {name: string; namespace?: string} {
	type Offered = {type?: string; name?: string; tools?: Offered[]};
	const tools = Array.isArray(body?.['tools']) ? (body['tools'] as Offered[]) : [];
	const cut = wanted.lastIndexOf('__');
	const [space, short] = cut > 0 ? [wanted.slice(0, cut), wanted.slice(cut + 2)] : ['', wanted];
	const grouped = tools.find((tool) => tool.type === 'namespace' && tool.name === space && (tool.tools ?? []).some((inner) => inner.name === short));
	return grouped ? {namespace: space, name: short} : {name: wanted};
}
