/** Where a usage record was read from. `demo` is tutti's simulated agent (Claude-format logs). */
export const usageSources = ['claude-code', 'codex', 'gemini-cli', 'demo'] as const;
export type UsageSource = (typeof usageSources)[number];

/**
 * One model reply's token usage, in one convention for every CLI:
 * - `input_tokens` excludes cache reads and cache writes (Codex and Gemini count them inside
 *   their input figure; the parsers split them out);
 * - `output_tokens` includes reasoning / thinking tokens;
 * - input + output + cache_read + cache_creation is everything the reply cost.
 */
export type UsageRecord = {
	source: UsageSource;
	sessionId: string;
	/** The working directory of the session; '' when the log does not say. */
	cwd: string;
	model: string;
	/** Epoch milliseconds. */
	timestamp: number;
	input_tokens: number;
	output_tokens: number;
	cache_read_tokens: number;
	cache_creation_tokens: number;
	/** Deduplication key (Claude: `message.id:requestId`; Codex: response id; Gemini: session + message id). */
	messageKey?: string;
};

/** A log file with lines that could not be used (garbled, truncated, or still being written). */
export type SkippedFile = {file: string; lines: number; error?: string};

/** What a parser reports into; the scanner owns deduplication and counting. */
export type RecordSink = {
	/** Adds a record; with a `messageKey`, only the earliest record per key (and source) is kept. */
	add(record: UsageRecord): void;
	/** Counts unusable lines in `file`. */
	skip(file: string, lines: number): void;
};

export type TokenCounts = {
	input_tokens: number;
	output_tokens: number;
	cache_read_tokens: number;
	cache_creation_tokens: number;
};

/** A finite, non-negative integer, or 0. */
export function count(value: unknown): number {
	return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses an ISO timestamp (string) or epoch milliseconds (number); undefined when invalid. */
export function parseTimestamp(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? value : undefined;
	if (typeof value !== 'string') return undefined;
	const ms = Date.parse(value);
	return Number.isNaN(ms) ? undefined : ms;
}
