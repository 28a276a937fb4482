/**
 * Oracle test: on the same log files, `tt usage --all --json --by day` must report the same
 * per-day input / output / cache read / cache creation totals as the community tools
 * `ccusage@18` (Claude Code) and `@ccusage/codex@17` (Codex), run with `daily --json --offline`.
 *
 * The oracles are installed once into `<repo>/.cache/oracles` (git-ignored; see
 * fixtures/usage/oracles.ts). Without network the install fails and so does this test, saying why.
 *
 * Field mapping (ours ← theirs):
 * - ccusage: input ← inputTokens, output ← outputTokens, cache_read ← cacheReadTokens,
 *   cache_creation ← cacheCreationTokens.
 * - @ccusage/codex: its inputTokens includes cached input, so input ← inputTokens −
 *   cachedInputTokens, cache_read ← cachedInputTokens, output ← outputTokens (reasoning included),
 *   cache_creation ← 0 (it has no such field). Its dates are written "Jun 01, 2025".
 */

// Both tools and ours bucket days in the process time zone: pin it.
process.env['TZ'] = 'UTC';

import {mkdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {UsageReport} from '../../../src/core/usage/index.js';
import {ensureOracles, runOracle} from '../../fixtures/usage/oracles.js';
import {writeClaudeLogs, writeCodexRollouts} from '../../fixtures/usage/realistic.js';
import {runUsage} from '../../fixtures/usage/tt-usage.js';
import {makeTempDir} from '../../helpers/sandbox.js';

type Tokens = {input: number; output: number; cache_read: number; cache_creation: number};

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** `Jun 01, 2025` (@ccusage/codex) or `2025-06-01` (ccusage) → `2025-06-01`. */
function isoDay(text: string): string {
	const match = /^([A-Z][a-z]{2}) (\d{2}), (\d{4})$/.exec(text);
	if (!match) return text;
	return `${match[3]}-${String(months.indexOf(match[1]!) + 1).padStart(2, '0')}-${match[2]}`;
}

function ours(report: UsageReport): Record<string, Tokens> {
	return Object.fromEntries(report.rows.map((row) => [row.key, {input: row.input_tokens, output: row.output_tokens, cache_read: row.cache_read_tokens, cache_creation: row.cache_creation_tokens}]));
}

describe('usage totals agree with ccusage on the same logs', () => {
	const temp = makeTempDir('tutti-usage-oracle-');
	const home = path.join(temp.dir, 'home');
	const claudeDir = path.join(temp.dir, 'claude');
	const codexHome = path.join(temp.dir, 'codex');
	const empty = path.join(temp.dir, 'empty');
	const outside = path.join(temp.dir, 'outside');
	const savedEnv = {...process.env};
	let claudeFiles: string[];
	// Installed lazily inside the tests, so a failed install fails them (a failing hook would only mark them skipped).
	let installed: {ccusage: string; codex: string} | undefined;
	const bins = () => (installed ??= ensureOracles());

	beforeAll(() => {
		for (const dir of [home, empty, outside]) mkdirSync(dir, {recursive: true});
		const cwds = ['/work/shop', '/work/shop/.tutti/worktrees/planner', '/work/shop/.tutti/worktrees/coder', '/work/elsewhere'];
		claudeFiles = writeClaudeLogs(claudeDir, cwds);
		writeCodexRollouts(codexHome, cwds);
		Object.assign(process.env, {HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), TZ: 'UTC'});
	});

	afterAll(() => {
		process.env = savedEnv;
		temp.cleanup();
	});

	async function ttDaily(env: {CLAUDE_CONFIG_DIR: string; CODEX_HOME: string}): Promise<UsageReport> {
		Object.assign(process.env, env);
		const run = await runUsage(['--all', '--json', '--by', 'day'], outside);
		expect(run.code, run.err).toBe(0);
		return run.json[0] as UsageReport;
	}

	it('Claude Code logs: ccusage@18 daily', async () => {
		const theirs = runOracle(bins().ccusage, ['daily'], {HOME: home, CLAUDE_CONFIG_DIR: claudeDir}) as {
			daily: Array<{date: string; inputTokens: number; outputTokens: number; cacheReadTokens: number; cacheCreationTokens: number}>;
			totals: {inputTokens: number; outputTokens: number; cacheReadTokens: number; cacheCreationTokens: number};
		};
		const expected = Object.fromEntries(theirs.daily.map((day) => [isoDay(day.date), {input: day.inputTokens, output: day.outputTokens, cache_read: day.cacheReadTokens, cache_creation: day.cacheCreationTokens}]));
		const report = await ttDaily({CLAUDE_CONFIG_DIR: claudeDir, CODEX_HOME: empty});
		expect(Object.keys(expected).length).toBeGreaterThanOrEqual(3);
		expect(ours(report)).toEqual(expected);
		expect(report.totals).toMatchObject({input_tokens: theirs.totals.inputTokens, output_tokens: theirs.totals.outputTokens, cache_read_tokens: theirs.totals.cacheReadTokens, cache_creation_tokens: theirs.totals.cacheCreationTokens});
		// The logs do hold duplicates and a garbled line, so agreeing is not trivial.
		let naiveOutput = 0;
		for (const line of claudeFiles.flatMap((file) => readFileSync(file, 'utf8').split('\n'))) {
			try {
				naiveOutput += (JSON.parse(line) as {message?: {usage?: {output_tokens?: number}}}).message?.usage?.output_tokens ?? 0;
			} catch {
				// the garbled line
			}
		}
		expect(naiveOutput).toBeGreaterThan(theirs.totals.outputTokens);
		expect(report.skipped_lines).toBe(3);
	}, 600_000);

	it('Codex rollouts (token_usage_record and older cumulative token_count): @ccusage/codex@17 daily', async () => {
		const theirs = runOracle(bins().codex, ['daily'], {HOME: home, CODEX_HOME: codexHome}) as {
			daily: Array<{date: string; inputTokens: number; cachedInputTokens: number; outputTokens: number}>;
			totals: {inputTokens: number; cachedInputTokens: number; outputTokens: number};
		};
		const expected = Object.fromEntries(theirs.daily.map((day) => [isoDay(day.date), {input: day.inputTokens - day.cachedInputTokens, output: day.outputTokens, cache_read: day.cachedInputTokens, cache_creation: 0}]));
		const report = await ttDaily({CLAUDE_CONFIG_DIR: empty, CODEX_HOME: codexHome});
		expect(Object.keys(expected).length).toBeGreaterThanOrEqual(3);
		expect(ours(report)).toEqual(expected);
		expect(report.totals).toMatchObject({input_tokens: theirs.totals.inputTokens - theirs.totals.cachedInputTokens, output_tokens: theirs.totals.outputTokens, cache_read_tokens: theirs.totals.cachedInputTokens, cache_creation_tokens: 0});
		expect(report.skipped_lines).toBe(0);
	}, 600_000);
});
