import type http from 'node:http';

/** Types shared by the mock model server and its API dialects. */

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
	/**
	 * A prompt containing `marker` is answered with `calls`, one tool call per request (each
	 * after the previous one's result came back), then `text`; any other prompt gets `text`.
	 * Spoken by the Anthropic dialect (Claude Code: MCP tools are `mcp__<server>__<tool>`).
	 */
	| {kind: 'script'; marker: string; calls: Array<{name: string; input: Record<string, unknown>}>; text: string; delayMs?: number}
	/** An HTTP error for the main turn (401, 429, 500, 503, 529 …). */
	| {kind: 'status'; status: number; message?: string; delayMs?: number};

export type LoggedRequest = {
	at: number;
	/** When the answer was written out (the stream ended). */
	endedAt?: number;
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

/** What the server hands a dialect for one request. */
export type DialectContext = {
	/** The mode of this dialect's client kind when the request came in. */
	mode: MockMode;
	keepBodies: boolean;
	chunkDelayMs: number;
	/** The model named in answers when the request names none. */
	defaultModel: string;
	log(entry: Omit<LoggedRequest, 'at'>): void;
	nextId(prefix: string): string;
};

/** Answers one request of a dialect; `body` is the parsed JSON body, if any. */
export type Dialect = (ctx: DialectContext, url: URL, method: string, body: Record<string, unknown> | undefined, response: http.ServerResponse) => Promise<void>;
