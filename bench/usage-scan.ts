// What re-reading the session logs costs when nothing changed: `tt serve`, `tt watch` and every
// budget check (`tt send`, `tt up`) scan them again and again. A throw-away HOME holds FILES Claude
// Code logs of LINES replies each; the same process scans them cold, then ROUNDS times unchanged,
// then after one log grew by a turn — as ratios against the cold scan, in one run.
import {appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {scanUsage} from '../src/core/usage/scan.js';

const files = Number(process.env['FILES'] ?? 200);
const lines = Number(process.env['LINES'] ?? 500);
const rounds = Number(process.env['ROUNDS'] ?? 5);
const home = mkdtempSync(path.join(os.tmpdir(), 'tutti-bench-usage-'));
const line = (file: number, index: number) =>
	`${JSON.stringify({type: 'assistant', sessionId: `s${file}`, cwd: '/work/project', timestamp: new Date(Date.UTC(2026, 11, 1) + index * 60_000).toISOString(), requestId: `r${file}-${index}`, message: {id: `m${file}-${index}`, model: 'claude-sonnet-4-5', usage: {input_tokens: 1200, output_tokens: 340, cache_read_input_tokens: 51_000, cache_creation_input_tokens: 900}}})}\n`;

try {
	const project = path.join(home, '.claude', 'projects', '-work-project');
	mkdirSync(project, {recursive: true});
	for (let file = 0; file < files; file++) writeFileSync(path.join(project, `${file}.jsonl`), Array.from({length: lines}, (_, index) => line(file, index)).join(''));
	const env = {HOME: home};
	const time = async () => {
		const start = process.hrtime.bigint();
		const scan = await scanUsage({env, sources: ['claude-code']});
		return {ms: Number(process.hrtime.bigint() - start) / 1e6, records: scan.records.length};
	};
	const cold = await time();
	const warm: number[] = [];
	for (let round = 0; round < rounds; round++) warm.push((await time()).ms);
	appendFileSync(path.join(project, '0.jsonl'), line(0, lines));
	const grown = await time();
	const median = [...warm].sort((a, b) => a - b)[Math.floor(warm.length / 2)] ?? 0;
	console.log(`usage scan of ${files} logs × ${lines} replies (${cold.records} records)`);
	console.log(`  cold          ${cold.ms.toFixed(1)} ms   1.00×`);
	console.log(`  unchanged     ${median.toFixed(1)} ms   ${(median / cold.ms).toFixed(3)}× (median of ${rounds})`);
	console.log(`  one log grew  ${grown.ms.toFixed(1)} ms   ${(grown.ms / cold.ms).toFixed(3)}× (${grown.records} records)`);
} finally {
	rmSync(home, {recursive: true, force: true});
}
