import type http from 'node:http';
import type {DialectContext} from './types.js';
import {chunks, estimateTokens, json, openAiError, openSse, shorten, sideAnswer, sleep, textOf} from './wire.js';

/**
 * The OpenAI Chat Completions dialect (`POST /v1/chat/completions`), spoken by Qwen Code,
 * opencode (`@ai-sdk/openai-compatible`), Copilot CLI's bring-your-own-key provider and OpenClaw.
 * Streamed as `chat.completion.chunk` events ending in `data: [DONE]` (plus a usage chunk when
 * `stream_options.include_usage` asks for one), or one `chat.completion` JSON when not streamed.
 */

type ChatMessage = {role?: string; content?: string | Array<{type?: string; text?: string}> | null; tool_calls?: unknown[]};
type ChatTool = {type?: string; function?: {name?: string; parameters?: {properties?: Record<string, {type?: string}>; required?: string[]}}};
type ToolCall = {id: string; name: string; arguments: string};
type ChatAnswer = {text?: string; toolCall?: ToolCall};

export async function answerChatCompletion(ctx: DialectContext, url: URL, method: string, body: Record<string, unknown> | undefined, response: http.ServerResponse): Promise<void> {
	const keep = ctx.keepBodies ? {body} : {};
	if (!url.pathname.endsWith('/chat/completions') || method !== 'POST') {
		ctx.log({client: 'chat', method, path: url.pathname, role: 'unknown', status: 404, ...keep});
		return json(response, 404, {error: {message: 'mock: unknown endpoint', type: 'invalid_request_error', code: 'not_found'}});
	}
	const model = typeof body?.['model'] === 'string' ? body['model'] : ctx.defaultModel;
	const messages = Array.isArray(body?.['messages']) ? (body['messages'] as ChatMessage[]) : [];
	const tools = Array.isArray(body?.['tools']) ? (body['tools'] as ChatTool[]) : [];
	const prompt = lastChatUserText(messages);
	const stream = body?.['stream'] === true;
	const includeUsage = (body?.['stream_options'] as {include_usage?: boolean} | undefined)?.include_usage === true;
	const reply = {model, stream, includeUsage, inputTokens: estimateTokens(body)};
	// Title generation, next-speaker checks and summaries come without tools: a side request.
	if (tools.length === 0) {
		ctx.log({client: 'chat', method, path: url.pathname, role: 'side', status: 200, prompt, ...keep});
		return sendChat(ctx, response, {...reply, delayMs: 0, answer: {text: chatSideAnswer(body)}});
	}
	const {mode} = ctx;
	if (mode.kind === 'status') {
		ctx.log({client: 'chat', method, path: url.pathname, role: 'main', mode: mode.kind, status: mode.status, prompt, ...keep});
		await sleep(mode.delayMs ?? 0);
		// Rate limits and overloads say when to come back, as real providers do: opencode then retries
		// after 1 s instead of its exponential back-off (Qwen Code ignores the header).
		const retryAfter: Record<string, string> = mode.status === 429 || mode.status >= 500 ? {'retry-after': '1'} : {};
		return json(response, mode.status, {error: openAiError(mode.status, mode.message)}, {'x-request-id': ctx.nextId('req'), ...retryAfter});
	}
	ctx.log({client: 'chat', method, path: url.pathname, role: 'main', mode: mode.kind, status: 200, prompt, ...keep});
	const step = mode.kind === 'script' ? chatScriptStep(messages, mode.marker) : undefined;
	const call = mode.kind === 'script' && step !== undefined ? mode.calls[step] : undefined;
	if (call) {
		return sendChat(ctx, response, {...reply, delayMs: mode.delayMs ?? 200, answer: {toolCall: {id: ctx.nextId('call'), name: offeredName(tools, call.name), arguments: JSON.stringify(call.input)}}});
	}
	if (mode.kind === 'tool' && messages.at(-1)?.role !== 'tool') {
		const tool = shellToolCall(tools, mode.command);
		if (!tool) throw new Error(`mock: the request offers no shell tool (tools: ${tools.map((entry) => entry.function?.name ?? '?').join(', ')})`);
		return sendChat(ctx, response, {...reply, delayMs: mode.delayMs ?? 200, answer: {toolCall: {id: ctx.nextId('call'), ...tool}}});
	}
	const text = mode.kind === 'tool' ? (mode.text ?? 'The command ran.') : mode.text;
	return sendChat(ctx, response, {...reply, delayMs: mode.delayMs ?? 0, answer: {text}});
}

async function sendChat(
	ctx: DialectContext,
	response: http.ServerResponse,
	options: {model: string; stream: boolean; includeUsage: boolean; inputTokens: number; delayMs: number; answer: ChatAnswer},
): Promise<void> {
	const id = ctx.nextId('chatcmpl');
	const created = Math.floor(Date.now() / 1000);
	const {text, toolCall} = options.answer;
	const finishReason = toolCall ? 'tool_calls' : 'stop';
	const outputTokens = Math.max(1, Math.round(((text ?? '').length + (toolCall?.arguments.length ?? 0)) / 4));
	const cached = Math.floor(options.inputTokens * 0.75);
	const usage = {prompt_tokens: options.inputTokens, completion_tokens: outputTokens, total_tokens: options.inputTokens + outputTokens, prompt_tokens_details: {cached_tokens: cached}};
	await sleep(options.delayMs);
	if (!options.stream) {
		const toolCalls = toolCall ? [{id: toolCall.id, type: 'function', function: {name: toolCall.name, arguments: toolCall.arguments}}] : undefined;
		const message = {role: 'assistant', content: text ?? null, ...(toolCalls ? {tool_calls: toolCalls} : {})};
		return json(response, 200, {id, object: 'chat.completion', created, model: options.model, choices: [{index: 0, message, finish_reason: finishReason}], usage});
	}
	const sse = openSse(response, {});
	const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
		sse.data({id, object: 'chat.completion.chunk', created, model: options.model, choices: [{index: 0, delta, finish_reason: finish}]});
	chunk({role: 'assistant', content: ''});
	if (text !== undefined) {
		for (const piece of chunks(text, 24)) {
			await sleep(ctx.chunkDelayMs);
			chunk({content: piece});
		}
	}
	if (toolCall) {
		chunk({tool_calls: [{index: 0, id: toolCall.id, type: 'function', function: {name: toolCall.name, arguments: ''}}]});
		chunk({tool_calls: [{index: 0, function: {arguments: toolCall.arguments}}]});
	}
	chunk({}, finishReason);
	if (options.includeUsage) sse.data({id, object: 'chat.completion.chunk', created, model: options.model, choices: [], usage});
	sse.raw('data: [DONE]\n\n');
	sse.end();
}

/** Shell tools by the names the CLIs give them: Qwen's (Gemini's) `run_shell_command`, opencode's and Copilot's `bash`. */
const shellToolNames = ['run_shell_command', 'bash', 'shell', 'exec'];

/** A call of the request's shell tool with `command`; other required string fields get a plain description. */
export function shellToolCall(tools: readonly ChatTool[], command: string): Omit<ToolCall, 'id'> | undefined {
	const byName = new Map(tools.map((tool) => [tool.function?.name ?? '', tool.function]));
	const name = shellToolNames.find((candidate) => byName.has(candidate));
	if (!name) return undefined;
	const parameters = byName.get(name)?.parameters;
	const args: Record<string, unknown> = {};
	const properties = parameters?.properties ?? {};
	args['cmd' in properties && !('command' in properties) ? 'cmd' : 'command'] = command;
	if ('description' in properties) args['description'] = 'Run the command the test asked for';
	for (const field of parameters?.required ?? []) {
		if (field in args) continue;
		const type = properties[field]?.type;
		args[field] = type === 'boolean' ? false : type === 'number' || type === 'integer' ? 0 : 'Run the command the test asked for';
	}
	return {name, arguments: JSON.stringify(args)};
}

/** The last real user text: OpenClaw appends internal context as a user message after tool results. */
export function lastChatUserText(messages: readonly ChatMessage[]): string | undefined {
	for (let index = messages.length - 1; index >= 0; index--) {
		const message = messages[index];
		if (message?.role !== 'user') continue;
		// Copilot CLI puts `<current_datetime>…</current_datetime>` before the prompt.
		const text = textOf(message.content ?? undefined).replace(/^(?:\s*<([a-z][a-z_-]*)>[\s\S]*?<\/\1>)+/, '');
		if (text.trimStart().startsWith('<<<BEGIN_OPENCLAW_INTERNAL_CONTEXT>>>')) continue;
		if (text.trim() !== '') return shorten(text);
	}
	return undefined;
}

/**
 * Qwen Code (a Gemini CLI fork) asks who speaks next after a turn and expects JSON; opencode's
 * title generator wants the bare title.
 */
function chatSideAnswer(body: Record<string, unknown> | undefined): string {
	const text = JSON.stringify(body ?? {});
	if (text.includes('next_speaker')) return JSON.stringify({reasoning: 'The model answered; the user speaks next.', next_speaker: 'user'});
	if (text.includes('You are a title generator')) return 'Mock session';
	return sideAnswer(body);
}

/**
 * For a `script` turn: how many tool results came back since the prompt that holds `marker` (the
 * index of the next call), or undefined when the turn's prompt does not hold it.
 */
function chatScriptStep(messages: readonly ChatMessage[], marker: string): number | undefined {
	let results = 0;
	for (let index = messages.length - 1; index >= 0; index--) {
		const message = messages[index];
		if (message?.role === 'tool') results++;
		if (message?.role !== 'user') continue;
		const text = textOf(message.content ?? undefined);
		if (text.includes(marker)) return results;
		// Context a CLI adds as a user message of its own (OpenClaw, reminders) is passed over.
		if (text.trimStart().startsWith('<')) continue;
		return undefined;
	}
	return undefined;
}

/** The offered function that is the MCP tool `wanted` (`mcp__<server>__<tool>`): each CLI spells it its own way (`tutti_list_agents`, `tutti-list_agents`, …). */
function offeredName(tools: readonly ChatTool[], wanted: string): string {
	const names = tools.map((tool) => tool.function?.name ?? '');
	const short = wanted.split('__').at(-1) ?? wanted;
	return names.find((name) => name === wanted) ?? names.find((name) => name.includes('tutti') && name.endsWith(short)) ?? wanted;
}
