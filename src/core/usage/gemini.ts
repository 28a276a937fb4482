/**
 * Gemini CLI chat logs: `<gemini dir>/tmp/<project>/chats/session-*.jsonl` (subagent chats sit in
 * a folder per parent session). The first line holds `sessionId`; each `type:"gemini"` message
 * with `tokens {input, output, cached, thoughts, tool, total}` is one reply. A message is
 * re-appended with the same id whenever it changes (tool calls, tokens), so replies are
 * deduplicated by session + message id.
 *
 * Gemini counts cached tokens inside `input` and reports thinking (`thoughts`) and tool-use
 * prompt tokens (`tool`) apart: input = input + tool − cached, cache read = cached,
 * output = output + thoughts, so that the four fields add up to Gemini's `total`.
 *
 * The log has no cwd: the project folder says whose it is — its `.project_root` marker, the
 * `projects.json` registry (path → folder name), or, for older versions, a folder named by the
 * SHA-256 of the project path, matched against the paths the caller knows.
 * Legacy single-document `session-*.json` files are not read.
 */

import {createHash} from 'node:crypto';
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {readJsonLines} from './lines.js';
import {count, isRecord, parseTimestamp, type RecordSink, type TokenCounts, type UsageRecord} from './types.js';

/** Gemini `tokens` → the common convention. */
export function geminiTokens(tokens: Record<string, unknown>): TokenCounts {
	const prompt = count(tokens['input']) + count(tokens['tool']);
	const cached = Math.min(count(tokens['cached']), prompt);
	return {
		input_tokens: prompt - cached,
		output_tokens: count(tokens['output']) + count(tokens['thoughts']),
		cache_read_tokens: cached,
		cache_creation_tokens: 0,
	};
}

/** Reads one Gemini chat log into `sink`; `cwd` is the project the chat belongs to ('' if unknown). */
export async function readGeminiChat(file: string, cwd: string, sink: RecordSink): Promise<void> {
	let sessionId = path.basename(file, '.jsonl');
	let sawMeta = false;
	let invalid = 0;
	const records: Array<{record: UsageRecord; id: string | undefined}> = [];
	const skipped = await readJsonLines(
		file,
		(line) => line.includes('"tokens"') || line.includes('"sessionId"'),
		(entry) => {
			if (!sawMeta && typeof entry['sessionId'] === 'string' && entry['type'] === undefined) {
				sawMeta = true;
				sessionId = entry['sessionId'];
				return;
			}
			if (entry['type'] !== 'gemini' || !isRecord(entry['tokens'])) return;
			const timestamp = parseTimestamp(entry['timestamp']);
			if (timestamp === undefined) {
				invalid++;
				return;
			}
			const model = typeof entry['model'] === 'string' && entry['model'] !== '' ? entry['model'] : 'unknown';
			const id = typeof entry['id'] === 'string' ? entry['id'] : undefined;
			records.push({id, record: {source: 'gemini-cli', sessionId: '', cwd, model, timestamp, ...geminiTokens(entry['tokens'])}});
		},
	);
	for (const {record, id} of records) {
		record.sessionId = sessionId;
		if (id !== undefined) record.messageKey = `${sessionId}:${id}`;
		sink.add(record);
	}
	if (skipped + invalid > 0) sink.skip(file, skipped + invalid);
}

/** Folder name → project path, from `<gemini dir>/projects.json` (`{projects: {path: name}}`). */
export async function geminiRegistry(geminiDir: string): Promise<Map<string, string>> {
	const names = new Map<string, string>();
	try {
		const parsed: unknown = JSON.parse(await readFile(path.join(geminiDir, 'projects.json'), 'utf8'));
		const projects = isRecord(parsed) ? parsed['projects'] : undefined;
		if (isRecord(projects)) for (const [project, name] of Object.entries(projects)) if (typeof name === 'string') names.set(name, project);
	} catch {
		// No registry (older versions) or unreadable: fall back to markers and hashes.
	}
	return names;
}

/** The project path a `tmp/<folder>` belongs to, or '' when nothing says. */
export async function geminiProjectPath(projectDir: string, registry: ReadonlyMap<string, string>, knownPaths: readonly string[]): Promise<string> {
	try {
		const marker = (await readFile(path.join(projectDir, '.project_root'), 'utf8')).trim();
		if (marker !== '') return marker;
	} catch {
		// No marker: older layout.
	}
	const folder = path.basename(projectDir);
	const registered = registry.get(folder);
	if (registered !== undefined) return registered;
	if (/^[0-9a-f]{64}$/.test(folder)) {
		for (const candidate of knownPaths) if (createHash('sha256').update(candidate).digest('hex') === folder) return candidate;
	}
	return '';
}
