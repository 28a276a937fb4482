/**
 * The demo agent's session log, in Claude Code's JSONL shape, so tutti's usage and log readers
 * can be tested against it: `<home>/projects/<cwd slug>/<session id>.jsonl`, one JSON object per
 * line, appended and never rewritten. A reply with tool calls is written as two assistant lines
 * that repeat the same `message.id`, `requestId` and usage, exactly as Claude Code does, so
 * readers must deduplicate by `message.id` + `requestId`.
 */

import {randomBytes, randomUUID} from 'node:crypto';
import {appendFileSync, mkdirSync} from 'node:fs';
import path from 'node:path';
import type {ToolCall} from './turn.js';
import {fnv1a} from './text.js';

export type Usage = {
	input_tokens: number;
	cache_creation_input_tokens: number;
	cache_read_input_tokens: number;
	output_tokens: number;
	service_tier: 'standard';
};

/** Claude Code's project directory name: every non-alphanumeric character becomes `-`. */
export function projectSlug(cwd: string): string {
	return cwd.replace(/[^a-zA-Z0-9]/g, '-');
}

export function sessionLogPath(home: string, cwd: string, sessionId: string): string {
	return path.join(home, 'projects', projectSlug(cwd), `${sessionId}.jsonl`);
}

/**
 * Deterministic, realistic token counts: input ≈ 3 + prompt/4, output ≈ answer/4 + 20 (+ tools),
 * a cache read of ~15k on the first turn (the system prompt) that grows with the conversation.
 */
export class UsageModel {
	private previous: Usage | undefined;

	next(prompt: string, answer: string, toolCount: number): Usage {
		const input = 3 + Math.ceil(prompt.length / 4);
		const output = 20 + Math.ceil(answer.length / 4) + 30 * toolCount;
		const seed = fnv1a(prompt);
		const usage: Usage = this.previous
			? {
					input_tokens: input,
					cache_creation_input_tokens: this.previous.input_tokens + this.previous.output_tokens,
					cache_read_input_tokens: this.previous.cache_read_input_tokens + this.previous.cache_creation_input_tokens,
					output_tokens: output,
					service_tier: 'standard',
				}
			: {
					input_tokens: input,
					cache_creation_input_tokens: 300 + (seed % 200),
					cache_read_input_tokens: 15_000 + ((seed >>> 8) % 500),
					output_tokens: output,
					service_tier: 'standard',
				};
		this.previous = usage;
		return usage;
	}
}

export const zeroUsage: Usage = {
	input_tokens: 0,
	cache_creation_input_tokens: 0,
	cache_read_input_tokens: 0,
	output_tokens: 0,
	service_tier: 'standard',
};

/** Id sources, injectable so tests get stable ids. */
export type Ids = {uuid: () => string; messageId: () => string; requestId: () => string; toolUseId: () => string};

const base62 = (bytes: number) => randomBytes(bytes).toString('base64url').replace(/[-_]/g, 'x');

export const randomIds: Ids = {
	uuid: () => randomUUID(),
	messageId: () => `msg_01${base62(18)}`,
	requestId: () => `req_011${base62(18)}`,
	toolUseId: () => `toolu_01${base62(18)}`,
};

export type LogContext = {sessionId: string; cwd: string; model: string; version: string};
export type Entry = Record<string, unknown>;

function common(context: LogContext, uuid: string, parentUuid: string | null, timestamp: string): Entry {
	return {
		parentUuid,
		isSidechain: false,
		userType: 'external',
		cwd: context.cwd,
		sessionId: context.sessionId,
		version: context.version,
		uuid,
		timestamp,
	};
}

export function userEntry(context: LogContext, ids: Ids, parentUuid: string | null, content: string, timestamp: string): Entry {
	return {...common(context, ids.uuid(), parentUuid, timestamp), type: 'user', message: {role: 'user', content}};
}

/**
 * One assistant reply: a tool_use line (when tools were shown) and a text line, both carrying the
 * same message id, request id and usage.
 */
export function assistantEntries(
	context: LogContext,
	ids: Ids,
	parentUuid: string | null,
	reply: {text: string; tools: readonly ToolCall[]; usage: Usage},
	timestamp: string,
): Entry[] {
	const messageId = ids.messageId();
	const requestId = ids.requestId();
	const blocks: unknown[][] = [];
	if (reply.tools.length > 0)
		blocks.push(reply.tools.map((tool) => ({type: 'tool_use', id: ids.toolUseId(), name: tool.name, input: tool.input})));
	blocks.push([{type: 'text', text: reply.text}]);
	const entries: Entry[] = [];
	let parent = parentUuid;
	for (const content of blocks) {
		const uuid = ids.uuid();
		entries.push({
			...common(context, uuid, parent, timestamp),
			type: 'assistant',
			requestId,
			message: {
				id: messageId,
				type: 'message',
				role: 'assistant',
				model: context.model,
				content,
				stop_reason: content === blocks[blocks.length - 1] ? 'end_turn' : 'tool_use',
				stop_sequence: null,
				usage: {...reply.usage},
			},
		});
		parent = uuid;
	}
	return entries;
}

/** The synthetic line Claude Code writes for an API error (no request reached the model). */
export function apiErrorEntry(
	context: LogContext,
	ids: Ids,
	parentUuid: string | null,
	failure: {text: string; error: string},
	timestamp: string,
): Entry {
	return {
		...common(context, ids.uuid(), parentUuid, timestamp),
		type: 'assistant',
		message: {
			id: ids.uuid(),
			type: 'message',
			role: 'assistant',
			model: '<synthetic>',
			content: [{type: 'text', text: failure.text}],
			stop_reason: 'stop_sequence',
			stop_sequence: '',
			usage: {...zeroUsage},
		},
		isApiErrorMessage: true,
		error: failure.error,
	};
}

/** Appends a session's entries to its JSONL file, one `appendFileSync` per line. */
export class SessionLog {
	private readonly usage = new UsageModel();
	private failed = false;

	/** `parent`: the last entry of a resumed session, so the chain of `parentUuid`s continues. */
	constructor(
		readonly file: string,
		private readonly context: LogContext,
		private readonly ids: Ids = randomIds,
		private readonly now: () => Date = () => new Date(),
		private parent: string | null = null,
	) {}

	user(prompt: string): void {
		this.write([userEntry(this.context, this.ids, this.parent, prompt, this.now().toISOString())]);
	}

	/** Claude Code's marker for a turn stopped with Esc. */
	interrupted(): void {
		this.user('[Request interrupted by user]');
	}

	assistant(prompt: string, text: string, tools: readonly ToolCall[]): void {
		const usage = this.usage.next(prompt, text, tools.length);
		this.write(assistantEntries(this.context, this.ids, this.parent, {text, tools, usage}, this.now().toISOString()));
	}

	apiError(text: string, error: string): void {
		this.write([apiErrorEntry(this.context, this.ids, this.parent, {text, error}, this.now().toISOString())]);
	}

	private write(entries: readonly Entry[]): void {
		if (this.failed) return;
		try {
			mkdirSync(path.dirname(this.file), {recursive: true});
			for (const entry of entries) {
				appendFileSync(this.file, `${JSON.stringify(entry)}\n`);
				this.parent = typeof entry['uuid'] === 'string' ? entry['uuid'] : this.parent;
			}
		} catch {
			// A log we cannot write must not break the agent; stop trying.
			this.failed = true;
		}
	}
}
