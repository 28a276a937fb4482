import {randomBytes} from 'node:crypto';
import type http from 'node:http';
import type {DialectContext} from './types.js';
import {chunks, estimateTokens, json, openSse, shorten, sideAnswer, sleep} from './wire.js';

/**
 * The Gemini dialect (`…/models/<model>:<action>`), spoken by Gemini CLI.
 * `streamGenerateContent` is the main turn; `generateContent` (the model router and other side
 * calls) and `countTokens` always get a valid short answer.
 */

type GeminiContent = {role?: string; parts?: Array<{text?: string; functionResponse?: unknown}>};

export async function answerGemini(ctx: DialectContext, url: URL, method: string, body: Record<string, unknown> | undefined, response: http.ServerResponse): Promise<void> {
	const keep = ctx.keepBodies ? {body} : {};
	const match = /\/models\/([^/:]+):(\w+)$/.exec(url.pathname);
	const model = match?.[1] ?? ctx.defaultModel;
	const action = match?.[2] ?? '';
	const contents = Array.isArray(body?.['contents']) ? (body['contents'] as GeminiContent[]) : [];
	const prompt = lastGeminiUserText(contents);
	const inputTokens = estimateTokens(body);
	if (action === 'countTokens') {
		ctx.log({client: 'gemini', method, path: url.pathname, role: 'count_tokens', status: 200, ...keep});
		return json(response, 200, {totalTokens: inputTokens});
	}
	if (action === 'generateContent') {
		// The model router and other side calls: they expect JSON text back.
		ctx.log({client: 'gemini', method, path: url.pathname, role: 'side', status: 200, prompt, ...keep});
		return json(response, 200, geminiChunk(model, [{text: sideAnswer(body)}], 'STOP', inputTokens, 8));
	}
	if (action !== 'streamGenerateContent') {
		ctx.log({client: 'gemini', method, path: url.pathname, role: 'unknown', status: 404, ...keep});
		return json(response, 404, {error: {code: 404, message: 'mock: unknown endpoint', status: 'NOT_FOUND'}});
	}
	const {mode} = ctx;
	if (mode.kind === 'status') {
		ctx.log({client: 'gemini', method, path: url.pathname, role: 'main', mode: mode.kind, status: mode.status, prompt, ...keep});
		await sleep(mode.delayMs ?? 0);
		return json(response, mode.status, {error: geminiError(mode.status, mode.message)});
	}
	ctx.log({client: 'gemini', method, path: url.pathname, role: 'main', mode: mode.kind, status: 200, prompt, ...keep});
	await sleep(mode.delayMs ?? 0);
	const sse = openSse(response, {});
	const step = mode.kind === 'script' ? geminiScriptStep(contents, mode.marker) : undefined;
	const call = mode.kind === 'script' && step !== undefined ? mode.calls[step] : undefined;
	if (call) {
		sse.data(geminiChunk(model, [{functionCall: {name: declaredName(body, call.name), args: call.input}}], 'STOP', inputTokens, 20));
		return sse.end();
	}
	if (mode.kind === 'tool' && !lastGeminiIsFunctionResponse(contents)) {
		sse.data(geminiChunk(model, [{functionCall: {name: 'run_shell_command', args: {command: mode.command, description: 'Run the command the test asked for'}}}], 'STOP', inputTokens, 20));
		return sse.end();
	}
	const text = mode.kind === 'tool' ? (mode.text ?? 'The command ran.') : mode.text;
	const pieces = chunks(text, 40);
	for (const [index, piece] of pieces.entries()) {
		await sleep(ctx.chunkDelayMs);
		const last = index === pieces.length - 1;
		sse.data(geminiChunk(model, [{text: piece}], last ? 'STOP' : undefined, inputTokens, Math.max(1, Math.round(text.length / 4))));
	}
	sse.end();
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

/**
 * For a `script` turn: how many function responses came back since the prompt that holds
 * `marker` (the index of the next call), or undefined when the turn's prompt does not hold it.
 */
function geminiScriptStep(contents: readonly GeminiContent[], marker: string): number | undefined {
	let responses = 0;
	for (let index = contents.length - 1; index >= 0; index--) {
		const content = contents[index];
		if (content?.role !== 'user') continue;
		const parts = content.parts ?? [];
		if (parts.some((part) => part.functionResponse !== undefined)) {
			responses++;
			continue;
		}
		// Gemini CLI sends its session context as the first part of the first user content.
		if (parts.some((part) => (part.text ?? '').includes(marker))) return responses;
		if (parts.every((part) => (part.text ?? '').trim() === '' || (part.text ?? '').trimStart().startsWith('<'))) continue;
		return undefined;
	}
	return undefined;
}

/** The declared function that is the MCP tool `wanted` (`mcp__<server>__<tool>`): Gemini CLI names it its own way, so match by the tool's name. */
function declaredName(body: Record<string, unknown> | undefined, wanted: string): string {
	const tools = Array.isArray(body?.['tools']) ? (body['tools'] as Array<{functionDeclarations?: Array<{name?: string}>}>) : [];
	const names = tools.flatMap((tool) => (tool.functionDeclarations ?? []).map((declaration) => declaration.name ?? ''));
	const short = wanted.split('__').at(-1) ?? wanted;
	return names.find((name) => name === wanted) ?? names.find((name) => name.endsWith(`__${short}`) || name.endsWith(`_${short}`) || name === short) ?? wanted;
}
