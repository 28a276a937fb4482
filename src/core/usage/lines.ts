import {createReadStream} from 'node:fs';
import {stat} from 'node:fs/promises';
import {createInterface} from 'node:readline';
import {isRecord} from './types.js';

/**
 * Streams the JSON-object lines of a JSONL file without loading it into memory.
 *
 * - The file is read up to the size it had when the read started, so a log that an agent is
 *   appending to is read consistently; a half-written last line is counted as unusable.
 * - Lines `wants` rejects are not parsed (most log lines are large tool outputs that carry no
 *   usage), only shape-checked: a line that does not look like `{…}` is counted as unusable.
 * - Unparsable lines are counted, never thrown.
 *
 * Resolves to the number of unusable lines. Rejects only when the file cannot be opened.
 */
export async function readJsonLines(file: string, wants: (line: string) => boolean, onObject: (value: Record<string, unknown>) => void): Promise<number> {
	const {size} = await stat(file);
	if (size === 0) return 0;
	const stream = createReadStream(file, {encoding: 'utf8', start: 0, end: size - 1});
	const lines = createInterface({input: stream, crlfDelay: Number.POSITIVE_INFINITY});
	let skipped = 0;
	try {
		for await (const raw of lines) {
			const line = raw.trim();
			if (line === '') continue;
			if (!line.startsWith('{') || !line.endsWith('}')) {
				skipped++;
				continue;
			}
			if (!wants(line)) continue;
			let value: unknown;
			try {
				value = JSON.parse(line);
			} catch {
				skipped++;
				continue;
			}
			if (!isRecord(value)) {
				skipped++;
				continue;
			}
			onObject(value);
		}
	} finally {
		lines.close();
		stream.destroy();
	}
	return skipped;
}
