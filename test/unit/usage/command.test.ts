import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import type {UsageReport} from '../../../src/core/usage/index.js';
import {makeTempDir} from '../../helpers/sandbox.js';
import {claudeAssistant, claudeSlug, codexRolloutPath, codexSessionMeta, codexTurnContext, codexUsageRecord, writeLines} from '../../fixtures/usage/logs.js';
import {runUsage} from '../../fixtures/usage/tt-usage.js';

const temp = makeTempDir('tutti-usage-cmd-');
const project = path.join(temp.dir, 'proj');
const claudeDir = path.join(temp.dir, 'claude');
const codexHome = path.join(temp.dir, 'codex');
const startDir = process.cwd();
const savedEnv = {...process.env};

const tt = (args: string[], cwd = project) => runUsage(args[0] === 'usage' ? args.slice(1) : args, cwd);

beforeAll(() => {
	Object.assign(process.env, {HOME: path.join(temp.dir, 'home'), XDG_CONFIG_HOME: path.join(temp.dir, 'home', '.config'), CLAUDE_CONFIG_DIR: claudeDir, CODEX_HOME: codexHome, TZ: 'UTC'});
	mkdirSync(project, {recursive: true});
	writeFileSync(path.join(project, 'tutti.toml'), '[workspace]\nname = "proj"\n\n[defaults]\nworktree = true\nruntime = "demo"\n\n[[agent]]\nname = "a"\n\n[[agent]]\nname = "ab"\nruntime = "codex"\n');
	const a = path.join(project, '.tutti', 'worktrees', 'a');
	const ab = path.join(project, '.tutti', 'worktrees', 'ab');
	const model = 'claude-sonnet-4-5-20250929';
	writeLines(path.join(claudeDir, 'projects', claudeSlug(a), 's1.jsonl'), [
		claudeAssistant({cwd: a, sessionId: 's1', model, timestamp: '2025-06-01T10:00:00.000Z', messageId: 'm1', requestId: 'r1', usage: {input: 1200, output: 3400, cacheRead: 50_000, cacheWrite: 2000}}),
		claudeAssistant({cwd: a, sessionId: 's1', model, timestamp: '2025-06-01T10:00:00.000Z', messageId: 'm1', requestId: 'r1', usage: {input: 1200, output: 3400, cacheRead: 50_000, cacheWrite: 2000}}),
		'{"garbled',
	]);
	writeLines(path.join(claudeDir, 'projects', claudeSlug('/elsewhere'), 's9.jsonl'), [
		claudeAssistant({cwd: '/elsewhere', sessionId: 's9', model, timestamp: '2025-06-02T10:00:00.000Z', messageId: 'm9', requestId: 'r9', usage: {input: 1, output: 1}}),
	]);
	writeLines(codexRolloutPath(codexHome, '2025-06-02T09:00:00Z', 'c1'), [
		codexSessionMeta('c1', ab, '2025-06-02T09:00:00.000Z'),
		codexTurnContext('gpt-5', ab, '2025-06-02T09:00:00.000Z'),
		codexUsageRecord({input: 100_000, cached: 60_000, output: 900, reasoning: 400}, '2025-06-02T09:00:05.000Z', 'resp_1'),
	]);
	writeLines(path.join(project, '.tutti', 'demo-home', 'projects', claudeSlug(project), 'd.jsonl'), [
		claudeAssistant({cwd: project, sessionId: 'd', model: 'demo-1', timestamp: '2025-06-03T10:00:00.000Z', messageId: 'md', requestId: 'rd', usage: {input: 10, output: 10}}),
	]);
});

afterEach(() => process.chdir(startDir));
afterAll(() => {
	process.env = savedEnv;
	temp.cleanup();
});

describe('tt usage', () => {
	it('--json in a workspace: rows per agent, totals, context health, skipped lines', async () => {
		const result = await tt(['usage', '--json']);
		expect(result.code).toBe(0);
		const report = result.json[0] as UsageReport;
		expect(report).toMatchObject({scope: 'workspace', workspace: 'proj', by: 'agent', since: null, until: null, sessions: 3, skipped_lines: 1, files_scanned: 4});
		expect(report.totals).toEqual({input_tokens: 41_210, output_tokens: 4310, cache_read_tokens: 110_000, cache_creation_tokens: 2000, total_tokens: 157_520});
		expect(report.rows.map((row) => [row.key, row.total_tokens, row.models])).toEqual([
			['ab', 100_900, ['gpt-5']],
			['a', 56_600, ['claude-sonnet-4-5-20250929']],
			['(project root)', 20, ['demo-1']],
		]);
		expect(report.context).toEqual([
			expect.objectContaining({agent: 'a', context_tokens: 53_200, context_window: 200_000, context_pct: 26.6}),
			expect.objectContaining({agent: 'ab', context_tokens: 100_000, context_window: 272_000, context_pct: 36.8}),
		]);
		expect(report.skipped_files).toEqual([{file: expect.stringContaining('s1.jsonl'), lines: 1}]);
	});

	it('prints a table with thousands separators, a totals row and a context bar per agent', async () => {
		const result = await tt(['usage', '--since', '2025-06-01', '--until', '2025-06-02']);
		expect(result.code).toBe(0);
		expect(result.out).toContain('Token usage — workspace proj, by agent (2025-06-01 to 2025-06-02)');
		expect(result.out).toMatch(/Agent\s+Input\s+Output\s+Cache read\s+Cache write\s+Total\s+Sessions\s+Models/);
		expect(result.out).toMatch(/ab\s+40,000\s+900\s+60,000\s+0\s+100,900\s+1\s+gpt-5/);
		expect(result.out).toMatch(/Total\s+41,200\s+4,300\s+110,000\s+2,000\s+157,500\s+2/);
		expect(result.out).not.toContain('demo-1');
		expect(result.out).toMatch(/a\s+█████░+\s+26\.6%\s+53,200 \/ 200,000/);
		expect(result.err).toContain('warning: skipped 1 unreadable log line(s) in 1 file(s): s1.jsonl');
	});

	it('--all --json works outside any workspace and covers every session', async () => {
		const result = await tt(['usage', '--all', '--json', '--by', 'day'], temp.dir);
		expect(result.code).toBe(0);
		const report = result.json[0] as UsageReport;
		expect(report.scope).toBe('all');
		expect(report.context).toBeUndefined();
		// Outside the workspace its demo logs are not known, so only Claude and Codex count.
		expect(report.rows.map((row) => [row.key, row.total_tokens])).toEqual([
			['2025-06-01', 56_600],
			['2025-06-02', 100_902],
		]);
		expect(report.totals.total_tokens).toBe(157_502);
	});

	it('--all from inside the workspace groups by workspace and names it', async () => {
		const report = (await tt(['usage', '--all', '--json'])).json[0] as UsageReport;
		expect(report.by).toBe('workspace');
		expect(report.rows.map((row) => row.key)).toEqual(['proj', '/elsewhere']);
	});

	it('rejects bad dates, bad groupings and a reversed range as usage errors; outside a workspace says so', async () => {
		expect((await tt(['usage', '--since', '2025-13-01'])).code).toBe(2);
		expect((await tt(['usage', '--by', 'week'])).code).toBe(2);
		const reversed = await tt(['usage', '--since', '2025-06-02', '--until', '2025-06-01']);
		expect(reversed.code).toBe(2);
		expect(reversed.err).toContain('error[usage]');
		const outside = await tt(['usage'], temp.dir);
		expect(outside.code).toBe(1);
		expect(outside.err).toContain('error[config]');
	});
});
