/**
 * Codex rollouts: `<CODEX_HOME>/sessions/YYYY/MM/DD/rollout-*.jsonl` (and `archived_sessions/`).
 *
 * - `session_meta.payload` gives the session id and cwd (the first one: a forked rollout also
 *   copies its parent's); `turn_context.payload` the model of the replies that follow.
 * - Current versions write one `token_usage_record` line per reply (`payload.usage`, with
 *   `payload.response_id`); when a rollout has any, only those are counted, deduplicated by
 *   response id (forks replay their parent's records).
 * - Older rollouts only have `event_msg` / `token_count` events. Their cumulative
 *   `info.total_token_usage` is turned into deltas (negative fields clamp to 0); an event that
 *   does not advance the totals is a re-emit and adds nothing. `info.last_token_usage` is used
 *   only when an event has no totals.
 *
 * Codex counts cached (and cache-write) tokens inside `input_tokens`, and reasoning tokens inside
 * `output_tokens` (as @ccusage/codex reads them): input = input − cached − cache writes,
 * cache read = cached (at most input), output = output_tokens as written.
 */

import path from 'node:path';
import {readJsonLines} from './lines.js';
import {count, isRecord, parseTimestamp, type RecordSink, type TokenCounts, type UsageRecord} from './types.js';

type RawUsage = {input: number; cached: number; cacheWrite: number; output: number};

/** Codex usage fields → the common convention. */
export function codexTokens(raw: RawUsage): TokenCounts {
	const cacheRead = Math.min(raw.cached, raw.input);
	const cacheWrite = Math.min(raw.cacheWrite, raw.input - cacheRead);
	return {
		input_tokens: raw.input - cacheRead - cacheWrite,
		output_tokens: raw.output,
		cache_read_tokens: cacheRead,
		cache_creation_tokens: cacheWrite,
	};
}

function rawUsage(value: unknown): RawUsage | undefined {
	if (!isRecord(value)) return undefined;
	return {
		input: count(value['input_tokens']),
		cached: count(value['cached_input_tokens'] ?? value['cache_read_input_tokens']),
		cacheWrite: count(value['cache_write_input_tokens']),
		output: count(value['output_tokens']),
	};
}

function minus(current: RawUsage, previous: RawUsage | undefined): RawUsage {
	return {
		input: Math.max(0, current.input - (previous?.input ?? 0)),
		cached: Math.max(0, current.cached - (previous?.cached ?? 0)),
		cacheWrite: Math.max(0, current.cacheWrite - (previous?.cacheWrite ?? 0)),
		output: Math.max(0, current.output - (previous?.output ?? 0)),
	};
}

const isZero = (raw: RawUsage) => raw.input === 0 && raw.cached === 0 && raw.cacheWrite === 0 && raw.output === 0;

function text(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** State of one rollout while it is read. */
class RolloutReader {
	sessionId: string | undefined;
	cwd = '';
	model: string | undefined;
	readonly fromRecords: UsageRecord[] = [];
	readonly fromCounts: UsageRecord[] = [];
	invalid = 0;
	#previousTotals: RawUsage | undefined;

	constructor(private readonly fallbackSession: string) {}

	line(entry: Record<string, unknown>): void {
		const payload = isRecord(entry['payload']) ? entry['payload'] : undefined;
		switch (entry['type']) {
			case 'session_meta':
				if (this.sessionId === undefined && payload) {
					this.sessionId = text(payload['id']) ?? this.fallbackSession;
					this.cwd = text(payload['cwd']) ?? this.cwd;
				}
				return;
			case 'turn_context':
				this.model = text(payload?.['model']) ?? this.model;
				return;
			case 'token_usage_record':
				return this.usageRecord(entry, payload);
			case 'event_msg':
				if (payload?.['type'] === 'token_count') this.tokenCount(entry, payload);
				return;
			default:
		}
	}

	private usageRecord(entry: Record<string, unknown>, payload: Record<string, unknown> | undefined): void {
		const raw = rawUsage(payload?.['usage']);
		const timestamp = parseTimestamp(entry['timestamp']);
		if (!raw || timestamp === undefined) {
			this.invalid++;
			return;
		}
		const record = this.record(timestamp, raw, text(payload?.['model']));
		const responseId = text(payload?.['response_id']);
		if (responseId !== undefined) record.messageKey = responseId;
		this.fromRecords.push(record);
	}

	private tokenCount(entry: Record<string, unknown>, payload: Record<string, unknown>): void {
		const info = isRecord(payload['info']) ? payload['info'] : undefined;
		if (!info) return; // rate-limit-only events carry no usage
		const totals = rawUsage(info['total_token_usage']);
		let raw: RawUsage | undefined;
		if (totals) {
			raw = minus(totals, this.#previousTotals);
			this.#previousTotals = totals;
		} else {
			raw = rawUsage(info['last_token_usage']);
		}
		if (!raw || isZero(raw)) return;
		const timestamp = parseTimestamp(entry['timestamp']);
		if (timestamp === undefined) {
			this.invalid++;
			return;
		}
		const record = this.record(timestamp, raw, text(info['model']) ?? text(payload['model']));
		// A delta with nothing countable left (cached grew but input did not) is not a reply.
		if (record.input_tokens + record.output_tokens + record.cache_read_tokens + record.cache_creation_tokens > 0) this.fromCounts.push(record);
	}

	private record(timestamp: number, raw: RawUsage, model: string | undefined): UsageRecord {
		// Session and cwd are filled in at the end: session_meta normally comes first, but not always.
		return {source: 'codex', sessionId: '', cwd: '', model: model ?? this.model ?? 'unknown', timestamp, ...codexTokens(raw)};
	}

	/** The rollout's records: per-reply records when it has any, else token_count deltas. */
	records(): UsageRecord[] {
		const chosen = this.fromRecords.length > 0 ? this.fromRecords : this.fromCounts;
		const sessionId = this.sessionId ?? this.fallbackSession;
		for (const record of chosen) {
			record.sessionId = sessionId;
			record.cwd = this.cwd;
		}
		return chosen;
	}
}

/** Reads one Codex rollout into `sink`. */
export async function readCodexRollout(file: string, sink: RecordSink): Promise<void> {
	const reader = new RolloutReader(path.basename(file, '.jsonl'));
	const skipped = await readJsonLines(
		file,
		(line) => line.includes('"token_') || line.includes('"session_meta"') || line.includes('"turn_context"'),
		(entry) => reader.line(entry),
	);
	for (const record of reader.records()) sink.add(record);
	if (skipped + reader.invalid > 0) sink.skip(file, skipped + reader.invalid);
}
