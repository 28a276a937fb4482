import type http from 'node:http';
import type {DialectContext} from './types.js';
import {chunks, estimateTokens, json, openSse, shorten, sideAnswer, sleep, textOf} from './wire.js';

/**
 * The Anthropic Messages dialect (`POST /v1/messages`, `/v1/messages/count_tokens`), spoken by
 * Claude Code. A request carrying `tools` is a main turn; others (titles, summaries) are side requests.
 */

type AnthropicBlock = {type: 'text'; text: string} | {type: 'tool_use'; id: string; name: string; input: Record<string, unknown>};
type AnthropicMessage = {role?: string; content?: string | Array<{type?: string; text?: string}>};

export async function answerAnthropicMessages(ctx: DialectContext, url: URL, method: string, body: Record<string, unknown> | undefined, response: http.ServerResponse): Promise<void> {
	const model = typeof body?.['model'] === 'string' ? body['model'] : ctx.defaultModel;
	const keep = ctx.keepBodies ? {body} : {};
	if (url.pathname.endsWith('/count_tokens')) {
		ctx.log({client: 'anthropic', method, path: url.pathname, role: 'count_tokens', status: 200, ...keep});
		return json(response, 200, {input_tokens: estimateTokens(body)});
	}
	if (!url.pathname.endsWith('/v1/messages') || method !== 'POST') {
		ctx.log({client: 'anthropic', method, path: url.pathname, role: 'unknown', status: 404, ...keep});
		return json(response, 404, {type: 'error', error: {type: 'not_found_error', message: 'mock: unknown endpoint'}});
	}
	const messages = Array.isArray(body?.['messages']) ? (body['messages'] as AnthropicMessage[]) : [];
	const prompt = lastUserText(messages);
	const isMain = Array.isArray(body?.['tools']) && (body['tools'] as unknown[]).length > 0;
	const stream = body?.['stream'] === true;
	if (!isMain) {
		ctx.log({client: 'anthropic', method, path: url.pathname, role: 'side', status: 200, prompt, ...keep});
		const text = sideAnswer(body);
		return sendMessage(ctx, response, {model, stream, blocks: [{type: 'text', text}], stopReason: 'end_turn', inputTokens: estimateTokens(body), delayMs: 0});
	}
	const {mode} = ctx;
	const toolResult = lastMessageHasToolResult(messages);
	if (mode.kind === 'status') {
		ctx.log({client: 'anthropic', method, path: url.pathname, role: 'main', mode: mode.kind, status: mode.status, prompt, ...keep});
		await sleep(mode.delayMs ?? 0);
		return json(response, mode.status, {type: 'error', error: anthropicError(mode.status, mode.message)}, {'request-id': ctx.nextId('req'), ...(mode.status === 429 ? {'retry-after': '1'} : {})});
	}
	ctx.log({client: 'anthropic', method, path: url.pathname, role: 'main', mode: mode.kind, status: 200, prompt, ...keep});
	const inputTokens = estimateTokens(body);
	const step = mode.kind === 'script' ? scriptStep(messages, mode.marker) : undefined;
	const call = mode.kind === 'script' && step !== undefined ? mode.calls[step] : undefined;
	if (call) {
		const blocks: AnthropicBlock[] = [{type: 'text', text: `Step ${(step ?? 0) + 1}: ${call.name}.`}, {type: 'tool_use', id: ctx.nextId('toolu'), name: call.name, input: call.input}];
		return sendMessage(ctx, response, {model, stream, inputTokens, delayMs: mode.delayMs ?? 200, stopReason: 'tool_use', blocks});
	}
	if (mode.kind === 'tool' && !toolResult) {
		return sendMessage(ctx, response, {
			model,
			stream,
			inputTokens,
			delayMs: mode.delayMs ?? 200,
			stopReason: 'tool_use',
			blocks: [
				{type: 'text', text: 'I will run a command.'},
				{type: 'tool_use', id: ctx.nextId('toolu'), name: 'Bash', input: {command: mode.command, description: 'Run the command the test asked for'}},
			],
		});
	}
	const text = mode.kind === 'tool' ? (mode.text ?? 'The command ran.') : mode.text;
	return sendMessage(ctx, response, {model, stream, inputTokens, delayMs: mode.delayMs ?? 0, stopReason: 'end_turn', blocks: [{type: 'text', text}]});
}

async function sendMessage(
	ctx: DialectContext,
	response: http.ServerResponse,
	options: {model: string; stream: boolean; blocks: AnthropicBlock[]; stopReason: string; inputTokens: number; delayMs: number},
): Promise<void> {
	const id = ctx.nextId('msg');
	const outputTokens = Math.max(1, Math.round(JSON.stringify(options.blocks).length / 4));
	// Claude Code sends a cached system prompt and tools: most input is a cache read.
	const cacheRead = Math.floor(options.inputTokens * 0.8);
	const usage = {input_tokens: options.inputTokens - cacheRead, cache_creation_input_tokens: 0, cache_read_input_tokens: cacheRead, output_tokens: outputTokens, service_tier: 'standard'};
	const headers = {'request-id': ctx.nextId('req'), 'anthropic-organization-id': 'mock-org'};
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
				await sleep(ctx.chunkDelayMs);
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

type AnthropicPart = {type?: string; text?: string};

/**
 * For a `script` turn: how many tool results came back since the prompt that holds `marker`
 * (the index of the next call), or undefined when the turn's prompt does not hold it.
 */
function scriptStep(messages: readonly AnthropicMessage[], marker: string): number | undefined {
	let results = 0;
	for (let index = messages.length - 1; index >= 0; index--) {
		const message = messages[index];
		if (message?.role !== 'user') continue;
		const parts: AnthropicPart[] = typeof message.content === 'string' ? [{type: 'text', text: message.content}] : (message.content ?? []);
		if (parts.some((part) => part.type === 'tool_result')) {
			results++;
			continue;
		}
		if (parts.some((part) => part.type === 'text' && (part.text ?? '').includes(marker))) return results;
		// A reminder Claude Code adds as a message of its own is passed over, as lastUserText does.
		if (parts.every((part) => part.type !== 'text' || (part.text ?? '').trimStart().startsWith('<system-reminder>'))) continue;
		return undefined;
	}
	return undefined;
}
