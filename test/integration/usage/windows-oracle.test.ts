/**
 * Oracle test for usage windows: on the same Claude Code logs, `tt usage --windows --json` must
 * report the same 5-hour blocks as `ccusage@18 blocks --json --offline --token-limit max` (start,
 * end, last activity, active, gaps, replies, tokens, models, cost), the same capacity estimate
 * (ccusage's "max tokens from previous blocks"), and the same weekly totals as
 * `ccusage weekly --start-of-week monday` for the week a `reset_day = "monday"` profile is in.
 *
 * ccusage cannot be told another "now", so the logs are written around the real clock
 * (fixtures/usage/windows.ts) and both tools run within seconds of each other.
 */

process.env['TZ'] = 'UTC';

import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {ProfileWindows} from '../../../src/core/profiles/windows.js';
import {ensureOracles, runOracle} from '../../fixtures/usage/oracles.js';
import {runUsage} from '../../fixtures/usage/tt-usage.js';
import {writeWindowLogs} from '../../fixtures/usage/windows.js';
import {makeTempDir} from '../../helpers/sandbox.js';

type TheirBlock = {
	id: string;
	startTime: string;
	endTime: string;
	actualEndTime: string | null;
	isActive: boolean;
	isGap: boolean;
	entries: number;
	tokenCounts: {inputTokens: number; outputTokens: number; cacheCreationInputTokens: number; cacheReadInputTokens: number};
	totalTokens: number;
	costUSD: number;
	models: string[];
	tokenLimitStatus?: {limit: number};
};

describe('usage windows agree with ccusage blocks and weekly on the same logs', () => {
	const temp = makeTempDir('tutti-windows-oracle-');
	const home = path.join(temp.dir, 'home');
	const claudeDir = path.join(temp.dir, 'claude-work');
	const outside = path.join(temp.dir, 'outside');
	const savedEnv = {...process.env};
	let installed: {ccusage: string; codex: string} | undefined;
	const bins = () => (installed ??= ensureOracles());

	beforeAll(() => {
		for (const dir of [home, outside]) mkdirSync(dir, {recursive: true});
		writeWindowLogs(claudeDir, Date.now());
		const config = path.join(home, '.config', 'tutti', 'config.toml');
		mkdirSync(path.dirname(config), {recursive: true});
		writeFileSync(
			config,
			`[[profile]]\nname = "work"\nprovider = "anthropic"\ncommand = "claude"\nplan = "max"\nweekly_hours = 2\nreset_day = "mon"\nenv = {CLAUDE_CONFIG_DIR = "${claudeDir}"}\n`,
		);
		Object.assign(process.env, {HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), TZ: 'UTC'});
		delete process.env['CLAUDE_CONFIG_DIR'];
	});

	afterAll(() => {
		process.env = savedEnv;
		temp.cleanup();
	});

	async function ourWindows(): Promise<ProfileWindows> {
		const run = await runUsage(['--windows', '--json'], outside);
		expect(run.code, `${run.err}\n${run.out}`).toBe(0);
		const {profiles} = run.json[0] as {profiles: ProfileWindows[]};
		expect(profiles.map((entry) => entry.profile)).toEqual(['work']);
		return profiles[0]!;
	}

	it('5-hour blocks: ccusage@18 blocks --token-limit max', async () => {
		const theirs = (runOracle(bins().ccusage, ['blocks', '--token-limit', 'max'], {HOME: home, CLAUDE_CONFIG_DIR: claudeDir}) as {blocks: TheirBlock[]}).blocks;
		const ours = await ourWindows();
		const shape = (block: {start: string; end: string; last: string | null; active: boolean; gap: boolean; entries: number; input: number; output: number; read: number; write: number; total: number; models: string[]}) => ({...block, models: [...block.models].sort()});
		expect(ours.blocks.map((block) => shape({start: block.start, end: block.end, last: block.last_activity, active: block.active, gap: block.gap, entries: block.entries, input: block.tokens.input_tokens, output: block.tokens.output_tokens, read: block.tokens.cache_read_tokens, write: block.tokens.cache_creation_tokens, total: block.tokens.total_tokens, models: block.models}))).toEqual(
			theirs.map((block) =>
				shape({
					start: block.startTime,
					end: block.endTime,
					last: block.isGap ? null : block.actualEndTime,
					active: block.isActive,
					gap: block.isGap,
					entries: block.entries,
					input: block.tokenCounts.inputTokens,
					output: block.tokenCounts.outputTokens,
					read: block.tokenCounts.cacheReadInputTokens,
					write: block.tokenCounts.cacheCreationInputTokens,
					total: block.totalTokens,
					models: block.models,
				}),
			),
		);
		// The fixture's rules all showed up: the 5-hour split, the edge, gaps, one active block.
		expect(theirs.filter((block) => block.isGap).length).toBeGreaterThanOrEqual(4);
		expect(theirs.filter((block) => !block.isGap).length).toBe(7);
		for (const [index, block] of theirs.entries()) expect(ours.blocks[index]!.cost_usd).toBeCloseTo(block.costUSD, 9);
		expect(theirs.some((block) => block.costUSD > 0)).toBe(true);

		const active = theirs.find((block) => block.isActive)!;
		expect(ours.block).toMatchObject({active: true, start: active.startTime, end: active.endTime, capacity_tokens: active.tokenLimitStatus!.limit});
		expect(ours.block.tokens.total_tokens).toBe(active.totalTokens);
		expect(ours.block.used_pct).toBeCloseTo((active.totalTokens / active.tokenLimitStatus!.limit) * 100, 1);
		const resetsAt = Date.parse(ours.now) + ours.block.resets_in_ms!;
		expect(resetsAt).toBe(Date.parse(active.endTime));
	}, 600_000);

	it('weekly window: ccusage@18 weekly --start-of-week monday', async () => {
		const theirs = runOracle(bins().ccusage, ['weekly', '--start-of-week', 'monday'], {HOME: home, CLAUDE_CONFIG_DIR: claudeDir}) as {
			weekly: Array<{week: string; inputTokens: number; outputTokens: number; cacheCreationTokens: number; cacheReadTokens: number; totalCost: number}>;
		};
		const ours = await ourWindows();
		const week = theirs.weekly.find((entry) => entry.week === ours.week.start.slice(0, 10));
		expect(week, `ccusage has no week starting ${ours.week.start}: ${theirs.weekly.map((entry) => entry.week).join(', ')}`).toBeDefined();
		expect(new Date(ours.week.start).getUTCDay()).toBe(1);
		expect(ours.week.tokens).toMatchObject({input_tokens: week!.inputTokens, output_tokens: week!.outputTokens, cache_read_tokens: week!.cacheReadTokens, cache_creation_tokens: week!.cacheCreationTokens});
		expect(ours.week.cost_usd).toBeCloseTo(week!.totalCost, 9);
		expect(ours.week.tokens.total_tokens).toBeGreaterThan(0);
		const {output_tokens: output, input_tokens: input, cache_creation_tokens: write, cache_read_tokens: read} = ours.week.tokens;
		const hours = output / 1e6 + input / 5e6 + write / 4e6 + read / 20e6;
		expect(ours.week).toMatchObject({capacity_hours: 2, reset_day: 'monday'});
		expect(ours.week.hours).toBeCloseTo(hours, 2);
		expect(ours.week.used_pct).toBeCloseTo((hours / 2) * 100, 0);
		expect(Date.parse(ours.week.end) - Date.parse(ours.week.start)).toBe(7 * 86_400_000);
	}, 600_000);
});
