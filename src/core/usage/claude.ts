/**
 * Claude Code session logs: `<config dir>/projects/<cwd slug>/<session>.jsonl`. Every line with
 * `message.usage` counts (as ccusage counts them): `input_tokens`, `output_tokens`,
 * `cache_read_input_tokens`, `cache_creation_input_tokens` map one to one. A reply with text and
 * tool calls is written as several lines repeating the same usage, so lines are deduplicated by
 * `message.id` + `requestId` (lines without both are all kept). The demo agent writes the same
 * format.
 */

import path from 'node:path';
import {readJsonLines} from './lines.js';
import {count, isRecord, parseTimestamp, type RecordSink, type UsageRecord, type UsageSource} from './types.js';

/** The record a Claude log line carries; undefined for lines without usage, 'invalid' for broken ones. */
export function claudeRecord(entry: Record<string, unknown>, source: UsageSource, fallbackSession: string): UsageRecord | 'invalid' | undefined {
	const message = entry['message'];
	if (!isRecord(message)) return undefined;
	const usage = message['usage'];
	if (!isRecord(usage)) return undefined;
	if (typeof usage['input_tokens'] !== 'number' || typeof usage['output_tokens'] !== 'number') return 'invalid';
	const timestamp = parseTimestamp(entry['timestamp']);
	if (timestamp === undefined) return 'invalid';
	const record: UsageRecord = {
		source,
		sessionId: nonEmpty(entry['sessionId']) ?? fallbackSession,
		cwd: nonEmpty(entry['cwd']) ?? '',
		model: nonEmpty(message['model']) ?? 'unknown',
		timestamp,
		input_tokens: count(usage['input_tokens']),
		output_tokens: count(usage['output_tokens']),
		cache_read_tokens: count(usage['cache_read_input_tokens']),
		cache_creation_tokens: count(usage['cache_creation_input_tokens']),
	};
	const messageId = nonEmpty(message['id']);
	const requestId = nonEmpty(entry['requestId']);
	if (messageId !== undefined && requestId !== undefined) record.messageKey = `${messageId}:${requestId}`;
	return record;
}

/** Reads one Claude-format log into `sink`. */
export async function readClaudeLog(file: string, source: UsageSource, sink: RecordSink): Promise<void> {
	const session = path.basename(file, '.jsonl');
	let invalid = 0;
	const skipped = await readJsonLines(
		file,
		(line) => line.includes('"usage"'),
		(entry) => {
			const record = claudeRecord(entry, source, session);
			if (record === 'invalid') invalid++;
			else if (record !== undefined) sink.add(record);
		},
	);
	if (skipped + invalid > 0) sink.skip(file, skipped + invalid);
}

function nonEmpty(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}
