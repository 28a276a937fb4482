import {appendFileSync, mkdirSync, utimesSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {scanUsage} from '../../../src/core/usage/scan.js';
import {makeTempDir} from '../../helpers/sandbox.js';

const line = (id: string, output: number) => `${JSON.stringify({type: 'assistant', sessionId: 's', cwd: '/p', timestamp: '2026-12-01T10:00:00.000Z', requestId: `r-${id}`, message: {id: `m-${id}`, model: 'claude-sonnet-4-5', usage: {input_tokens: 10, output_tokens: output}}})}\n`;

/** Logs are parsed once per size and mtime: a scan of unchanged logs reuses them, any change is read again. */
describe('usage scans reuse what an unchanged log held', () => {
	const temp = makeTempDir('tutti-scan-cache-');
	const project = path.join(temp.dir, '.claude', 'projects', '-p');
	const log = path.join(project, 'a.jsonl');
	const outputs = async () => (await scanUsage({env: {HOME: temp.dir}, sources: ['claude-code']})).records.map((record) => record.output_tokens).sort((a, b) => a - b);
	afterAll(() => temp.cleanup());

	it('sees a grown log, a rewritten one of the same size, and a new one', async () => {
		mkdirSync(project, {recursive: true});
		writeFileSync(log, line('1', 5));
		expect(await outputs()).toEqual([5]);
		expect(await outputs()).toEqual([5]);
		appendFileSync(log, line('2', 7));
		expect(await outputs()).toEqual([5, 7]);
		// Same size, other content, a later mtime: read again.
		writeFileSync(log, line('1', 6) + line('2', 8));
		const later = new Date(Date.now() + 5_000);
		utimesSync(log, later, later);
		expect(await outputs()).toEqual([6, 8]);
		writeFileSync(path.join(project, 'b.jsonl'), line('3', 9));
		expect(await outputs()).toEqual([6, 8, 9]);
	});
});
