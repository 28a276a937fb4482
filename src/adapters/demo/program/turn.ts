/**
 * What a turn looks like, decided up front from the prompt alone (pure and deterministic): how
 * long it works, which tool calls it shows while working, and the summary answer for chat.
 */

import type {Command, FailureKind} from './commands.js';
import {firstWords} from './commands.js';
import {fnv1a} from './text.js';

/** One tool call as shown in the transcript (`⏺ Name(label)` + `⎿ result`) and logged as tool_use. */
export type ToolCall = {name: string; label: string; input: Record<string, string>; result: string};

export type TurnPlan = {
	/** How long the working phase lasts, in ms. */
	workMs: number;
	/** Tool calls shown during the working phase, spread over it. */
	tools: ToolCall[];
};

/** The "short working phase" before a failure or a dialog. */
export const shortWorkMs = 500;

const sampleFiles = ['src/index.ts', 'package.json', 'README.md', 'src/app.ts', 'src/utils.ts', 'test/app.test.ts'] as const;
const sampleCommands = ['git status', 'npm test', 'ls src', 'git log --oneline -5'] as const;

function pick<T>(items: readonly T[], seed: number): T {
	return items[seed % items.length] as T;
}

export function readTool(file: string, seed: number): ToolCall {
	return {name: 'Read', label: file, input: {file_path: file}, result: `Read ${20 + (seed % 180)} lines`};
}

export function bashTool(command: string, result = '(No content)'): ToolCall {
	return {name: 'Bash', label: command, input: {command}, result};
}

function searchTool(word: string, seed: number): ToolCall {
	const n = 1 + (seed % 7);
	return {name: 'Search', label: `pattern: "${word}"`, input: {pattern: word}, result: `Found ${n} file${n === 1 ? '' : 's'}`};
}

/** 1–3 plausible tool calls that depend on the prompt's words. */
export function chatTools(prompt: string): ToolCall[] {
	const seed = fnv1a(prompt);
	const words = prompt.split(/\s+/).filter((word) => word !== '');
	const pathLike = words.find((word) => /^[\w.-]+\/[\w./-]*$|^[\w-]+\.[A-Za-z]{1,4}$/.test(word));
	const count = 1 + (seed % 3);
	const tools = [readTool(pathLike ?? pick(sampleFiles, seed >>> 3), seed >>> 5)];
	if (count >= 2) {
		const word = [...words].sort((a, b) => b.length - a.length)[0]?.replace(/[^\w-]/g, '') || 'TODO';
		tools.push(searchTool(word, seed >>> 7));
	}
	if (count >= 3) tools.push(bashTool(pick(sampleCommands, seed >>> 11)));
	return tools;
}

/** Plans the working phase for a command (not used for `exit`, which ends at once). */
export function planTurn(command: Command, defaultWorkMs: number): TurnPlan {
	const short = Math.min(shortWorkMs, defaultWorkMs);
	switch (command.kind) {
		case 'sleep':
			return {workMs: Math.round(command.seconds * 1000), tools: [bashTool(`sleep ${command.seconds}`)]};
		case 'fail':
		case 'ask':
			return {workMs: short, tools: []};
		case 'invalid':
		case 'echo':
		case 'exit':
		case 'write':
			return {workMs: defaultWorkMs, tools: []};
		case 'append':
			return {workMs: defaultWorkMs, tools: [readTool(command.path, fnv1a(command.path))]};
		case 'commit':
			return {workMs: defaultWorkMs, tools: [bashTool('git status'), bashTool('git diff --stat')]};
		case 'merge':
			return {workMs: defaultWorkMs, tools: [bashTool('git status')]};
		case 'chat':
			return {workMs: defaultWorkMs, tools: chatTools(command.prompt)};
		case 'chain': {
			const plans = command.steps.map((step) => planTurn(step, defaultWorkMs));
			const sleeping = plans.filter((_, index) => command.steps[index]?.kind === 'sleep').reduce((sum, plan) => sum + plan.workMs, 0);
			return {workMs: Math.max(defaultWorkMs, sleeping), tools: plans.flatMap((plan) => plan.tools)};
		}
	}
}

/** The summary answer for a prompt that is not a command. */
export function chatAnswer(prompt: string): string {
	return `Done: looked into "${firstWords(prompt).replace(/"/g, "'")}" — no changes needed.`;
}

/** Formats seconds as given (`1.5` → `1.5`, `2` → `2`). */
export function formatSeconds(seconds: number): string {
	return String(Math.round(seconds * 1000) / 1000);
}

export type ApiFailure = {
	/** What the transcript shows after `⎿ `. */
	line: string;
	/** The `error` field Claude Code writes on the synthetic log line. */
	error: 'authentication_failed' | 'rate_limit' | 'server_error';
};

export const apiFailures: Readonly<Record<FailureKind, ApiFailure>> = {
	auth: {
		line: 'API Error: 401 {"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}} · Please run /login',
		error: 'authentication_failed',
	},
	ratelimit: {line: 'API Error: Request rejected (429) · rate limit exceeded, retry after 60s', error: 'rate_limit'},
	provider: {line: 'API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}', error: 'server_error'},
};

/** The failure as printed; a rate limit can say when it resets (`fail ratelimit 5`). */
export function apiFailureOf(kind: FailureKind, retryAfterS?: number): ApiFailure {
	const failure = apiFailures[kind];
	return retryAfterS === undefined ? failure : {...failure, line: failure.line.replace(/retry after \d+s/, `retry after ${retryAfterS}s`)};
}
