// Local days are computed in the process time zone; fix one with no DST (UTC+9).
process.env['TZ'] = 'Asia/Tokyo';

import {describe, expect, it} from 'vitest';
import {builtinAdapterRegistry} from '../../../src/adapters/index.js';
import {buildUsageReport, localDay, type ContextWindowOf, type UsageRecord, type WorkspaceInfo} from '../../../src/core/usage/index.js';

const adapters = builtinAdapterRegistry();
/** Context windows as the built-in adapters declare them (what the CLI passes in). */
const contextWindow: ContextWindowOf = (source, model, tokens) => adapters.contextWindow(source, model, tokens);

const root = '/work/proj';
const workspace: WorkspaceInfo = {
	name: 'proj',
	root,
	agents: [
		{name: 'a', worktree: true},
		{name: 'ab', worktree: true},
		{name: 'idle', worktree: true},
	],
};

function record(overrides: Partial<UsageRecord> & {timestamp: number}): UsageRecord {
	return {source: 'claude-code', sessionId: 's', cwd: `${root}/.tutti/worktrees/a`, model: 'claude-sonnet-4-5-20250929', input_tokens: 1, output_tokens: 1, cache_read_tokens: 0, cache_creation_tokens: 0, ...overrides};
}

const scan = (records: UsageRecord[]) => ({records, files_scanned: 1, skipped_lines: 0, skipped_files: []});

describe('usage report', () => {
	it('groups by local day: 23:30 and 00:30 Tokyo time are two days though both are the same UTC date', () => {
		const late = Date.parse('2025-03-01T14:30:00Z'); // 23:30 on 1 March in Tokyo
		const early = Date.parse('2025-03-01T15:30:00Z'); // 00:30 on 2 March in Tokyo
		expect([localDay(late), localDay(early)]).toEqual(['2025-03-01', '2025-03-02']);
		const report = buildUsageReport(scan([record({timestamp: early, input_tokens: 5}), record({timestamp: late, input_tokens: 3})]), {scope: 'workspace', workspace}, {by: 'day', contextWindow});
		expect(report.rows.map((row) => [row.key, row.input_tokens])).toEqual([
			['2025-03-01', 3],
			['2025-03-02', 5],
		]);
		const since = buildUsageReport(scan([record({timestamp: early}), record({timestamp: late})]), {scope: 'workspace', workspace}, {by: 'day', since: '2025-03-02', contextWindow});
		expect(since.rows.map((row) => row.key)).toEqual(['2025-03-02']);
		const until = buildUsageReport(scan([record({timestamp: early}), record({timestamp: late})]), {scope: 'workspace', workspace}, {by: 'day', until: '2025-03-01', contextWindow});
		expect(until.rows.map((row) => row.key)).toEqual(['2025-03-01']);
	});

	it('rows by agent with totals, sessions and models; records of other workspaces and prefix paths do not leak in', () => {
		const t = Date.parse('2025-06-01T01:00:00Z');
		const records = [
			record({timestamp: t, sessionId: 's1', input_tokens: 10, output_tokens: 20, cache_read_tokens: 300, cache_creation_tokens: 40}),
			record({timestamp: t + 1, sessionId: 's2', source: 'codex', model: 'gpt-5', input_tokens: 1, output_tokens: 2, cache_read_tokens: 3}),
			record({timestamp: t, sessionId: 's3', cwd: `${root}/.tutti/worktrees/ab`, input_tokens: 100}),
			record({timestamp: t, sessionId: 's4', cwd: root, input_tokens: 7}),
			record({timestamp: t, sessionId: 's5', cwd: '/work/proj-other/.tutti/worktrees/a', input_tokens: 1000}),
		];
		const report = buildUsageReport(scan(records), {scope: 'workspace', workspace}, {by: 'agent', contextWindow});
		expect(report).toMatchObject({scope: 'workspace', workspace: 'proj', by: 'agent', since: null, until: null, sessions: 4, files_scanned: 1, skipped_lines: 0});
		expect(report.totals).toEqual({input_tokens: 118, output_tokens: 24, cache_read_tokens: 303, cache_creation_tokens: 40, total_tokens: 485});
		expect(report.rows).toEqual([
			{key: 'a', input_tokens: 11, output_tokens: 22, cache_read_tokens: 303, cache_creation_tokens: 40, total_tokens: 376, sessions: 2, models: ['claude-sonnet-4-5-20250929', 'gpt-5']},
			{key: 'ab', input_tokens: 100, output_tokens: 1, cache_read_tokens: 0, cache_creation_tokens: 0, total_tokens: 101, sessions: 1, models: ['claude-sonnet-4-5-20250929']},
			{key: '(project root)', input_tokens: 7, output_tokens: 1, cache_read_tokens: 0, cache_creation_tokens: 0, total_tokens: 8, sessions: 1, models: ['claude-sonnet-4-5-20250929']},
		]);
	});

	it('with scope all, names known workspaces and lists other sessions by their path', () => {
		const t = Date.parse('2025-06-01T01:00:00Z');
		const records = [record({timestamp: t, input_tokens: 1}), record({timestamp: t, cwd: '/elsewhere', input_tokens: 2}), record({timestamp: t, cwd: '', input_tokens: 4})];
		const byWorkspace = buildUsageReport(scan(records), {scope: 'all', workspaces: [workspace]}, {by: 'workspace', contextWindow});
		expect(byWorkspace.rows.map((row) => [row.key, row.input_tokens]).sort()).toEqual([
			['(unknown)', 4],
			['/elsewhere', 2],
			['proj', 1],
		]);
		expect(byWorkspace.context).toBeUndefined();
		expect(byWorkspace.workspace).toBeUndefined();
		const byAgent = buildUsageReport(scan(records), {scope: 'all', workspaces: [workspace]}, {by: 'agent', contextWindow});
		expect(byAgent.rows.map((row) => row.key).sort()).toEqual(['(unknown)', '/elsewhere', 'proj/a']);
		const byModel = buildUsageReport(scan([...records, record({timestamp: t, model: 'gpt-5'})]), {scope: 'all', workspaces: []}, {by: 'model', contextWindow});
		expect(byModel.rows.map((row) => row.key)).toEqual(['claude-sonnet-4-5-20250929', 'gpt-5']);
	});

	it('context health: the latest reply per agent against its model\'s window', () => {
		const t = Date.parse('2025-06-01T01:00:00Z');
		const report = buildUsageReport(
			scan([
				record({timestamp: t, input_tokens: 10, cache_read_tokens: 1000}),
				record({timestamp: t + 60_000, input_tokens: 500, cache_read_tokens: 59_000, cache_creation_tokens: 500}),
				// An API-error placeholder after it is not a reply.
				record({timestamp: t + 120_000, model: '<synthetic>', input_tokens: 0, output_tokens: 0}),
				record({timestamp: t, source: 'codex', cwd: `${root}/.tutti/worktrees/ab`, model: 'gpt-5', input_tokens: 100_000}),
				record({timestamp: t, cwd: `${root}/.tutti/worktrees/extra`, model: 'mystery-model', input_tokens: 42}),
				record({timestamp: t, cwd: root, input_tokens: 99}),
			]),
			{scope: 'workspace', workspace},
			{by: 'agent', contextWindow},
		);
		expect(report.context).toEqual([
			{agent: 'a', model: 'claude-sonnet-4-5-20250929', context_tokens: 60_000, context_window: 200_000, context_pct: 30, at: new Date(t + 60_000).toISOString()},
			// Codex counts its "% context left" against a 272k input budget: so do we (the adapter says so).
			{agent: 'ab', model: 'gpt-5', context_tokens: 100_000, context_window: 272_000, context_pct: 36.8, at: new Date(t).toISOString()},
			{agent: 'idle', model: null, context_tokens: null, context_window: null, context_pct: null, at: null},
			{agent: 'extra', model: 'mystery-model', context_tokens: 42, context_window: null, context_pct: null, at: new Date(t).toISOString()},
		]);
	});

	it('a Claude log past 200k tokens of context is the 1M-token variant (its logs never say [1m])', () => {
		const t = Date.parse('2025-06-01T01:00:00Z');
		const report = buildUsageReport(scan([record({timestamp: t, input_tokens: 250_000})]), {scope: 'workspace', workspace}, {by: 'agent', contextWindow});
		expect(report.context?.[0]).toMatchObject({agent: 'a', context_window: 1_000_000, context_pct: 25});
	});
});
