import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {codexTokens, scanUsage} from '../../../src/core/usage/index.js';
import {makeTempDir} from '../../helpers/sandbox.js';
import {codexRolloutPath, codexSessionMeta, codexTokenCount, codexTurnContext, codexUsageRecord, writeLines} from '../../fixtures/usage/logs.js';

const tokens = (records: Array<{input_tokens: number; output_tokens: number; cache_read_tokens: number; cache_creation_tokens: number}>) =>
	records.map(({input_tokens, output_tokens, cache_read_tokens, cache_creation_tokens}) => [input_tokens, output_tokens, cache_read_tokens, cache_creation_tokens]);

describe('Codex rollouts', () => {
	let temp: ReturnType<typeof makeTempDir>;
	let home: string;
	const cwd = '/work/project/.tutti/worktrees/coder';
	beforeEach(() => {
		temp = makeTempDir('tutti-usage-codex-');
		home = path.join(temp.dir, 'codex');
	});
	afterEach(() => temp.cleanup());
	const scan = () => scanUsage({env: {CODEX_HOME: home, HOME: temp.dir}, sources: ['codex']});

	it('maps Codex fields: cached and cache writes come out of input, reasoning stays in output', () => {
		expect(codexTokens({input: 1000, cached: 600, cacheWrite: 100, output: 250})).toEqual({input_tokens: 300, output_tokens: 250, cache_read_tokens: 600, cache_creation_tokens: 100});
		// Cached beyond input (never seen, but clamp rather than go negative).
		expect(codexTokens({input: 10, cached: 50, cacheWrite: 0, output: 1})).toEqual({input_tokens: 0, output_tokens: 1, cache_read_tokens: 10, cache_creation_tokens: 0});
	});

	it('counts token_usage_record lines (one per reply) and ignores the token_count totals beside them', async () => {
		const t = (s: number) => `2025-06-01T10:00:${String(s).padStart(2, '0')}.000Z`;
		writeLines(codexRolloutPath(home, t(0), 'a1'), [
			codexSessionMeta('sess-a1', cwd, t(0)),
			codexTurnContext('gpt-5', cwd, t(1)),
			{timestamp: t(2), type: 'response_item', payload: {type: 'message', role: 'user', content: [{type: 'input_text', text: 'hi'}]}},
			codexUsageRecord({input: 1000, cached: 200, output: 300, reasoning: 120}, t(3), 'resp_1'),
			codexTokenCount({input: 1000, cached: 200, output: 300, reasoning: 120}, t(3), {input: 1000, cached: 200, output: 300, reasoning: 120}),
			// Re-emitted token_count (rate-limit refresh): must not add anything either way.
			codexTokenCount({input: 1000, cached: 200, output: 300, reasoning: 120}, t(4), {input: 1000, cached: 200, output: 300, reasoning: 120}),
			codexTurnContext('gpt-5-codex', cwd, t(5)),
			codexUsageRecord({input: 1500, cached: 1100, cacheWrite: 50, output: 80}, t(6), 'resp_2'),
			codexTokenCount({input: 2500, cached: 1300, output: 380}, t(6), {input: 1500, cached: 1100, output: 80}),
		]);
		const result = await scan();
		expect(tokens(result.records)).toEqual([
			[800, 300, 200, 0],
			[350, 80, 1100, 50],
		]);
		expect(result.records.map((record) => [record.model, record.sessionId, record.cwd, record.messageKey])).toEqual([
			['gpt-5', 'sess-a1', cwd, 'resp_1'],
			['gpt-5-codex', 'sess-a1', cwd, 'resp_2'],
		]);
	});

	it('turns the cumulative token_count totals of an older rollout into deltas (re-emits add nothing, negatives clamp to 0)', async () => {
		const t = (m: number) => `2025-05-20T09:${String(m).padStart(2, '0')}:00.000Z`;
		writeLines(codexRolloutPath(home, t(0), 'old'), [
			codexSessionMeta('sess-old', cwd, t(0)),
			codexTurnContext('gpt-5', cwd, t(0)),
			{timestamp: t(1), type: 'event_msg', payload: {type: 'token_count', info: null, rate_limits: {primary: {used_percent: 3}}}},
			codexTokenCount({input: 100, cached: 0, output: 10}, t(2)),
			codexTokenCount({input: 100, cached: 0, output: 10}, t(3)),
			codexTokenCount({input: 300, cached: 150, output: 50, reasoning: 20}, t(4)),
			// Totals going backwards (a reset): each field clamps to 0, nothing negative is added.
			codexTokenCount({input: 250, cached: 200, output: 40}, t(5)),
			codexTokenCount({input: 400, cached: 200, output: 70}, t(6)),
		]);
		const result = await scan();
		expect(tokens(result.records)).toEqual([
			[100, 10, 0, 0],
			[50, 40, 150, 0],
			// The reset event's delta is input 0, cached +50, output 0: nothing countable, no record.
			[150, 30, 0, 0],
		]);
		expect(result.records.every((record) => record.model === 'gpt-5' && record.sessionId === 'sess-old')).toBe(true);
	});

	it('counts a reply replayed into a forked rollout once (same response id)', async () => {
		const line = codexUsageRecord({input: 10, output: 5}, '2025-06-02T08:00:00.000Z', 'resp_shared');
		writeLines(codexRolloutPath(home, '2025-06-02T08:00:00Z', 'parent'), [codexSessionMeta('parent', cwd, '2025-06-02T08:00:00.000Z'), line]);
		writeLines(codexRolloutPath(home, '2025-06-02T09:00:00Z', 'child'), [codexSessionMeta('child', cwd, '2025-06-02T09:00:00.000Z'), line, codexUsageRecord({input: 20, output: 5}, '2025-06-02T09:00:01.000Z', 'resp_child')]);
		const result = await scan();
		expect(result.records).toHaveLength(2);
		expect(result.records.reduce((sum, record) => sum + record.input_tokens, 0)).toBe(30);
	});

	it('reads archived_sessions, ignores files not named rollout-*, and reports broken lines', async () => {
		writeLines(path.join(home, 'archived_sessions', 'rollout-2025-01-01T00-00-00-x.jsonl'), [codexSessionMeta('x', cwd, '2025-01-01T00:00:00.000Z'), codexUsageRecord({input: 4, output: 2}, '2025-01-01T00:00:01.000Z', 'r-x')]);
		writeLines(path.join(home, 'sessions', 'notes.jsonl'), [codexUsageRecord({input: 1000, output: 1000}, '2025-01-01T00:00:01.000Z', 'r-notes')]);
		const broken = writeLines(codexRolloutPath(home, '2025-01-02T00:00:00Z', 'y'), [
			codexSessionMeta('y', cwd, '2025-01-02T00:00:00.000Z'),
			'{"timestamp":"2025-01-02T00:00:01Z","type":"token_usage_record","payload":',
			{timestamp: 'not a time', type: 'token_usage_record', payload: {response_id: 'r-bad', usage: {input_tokens: 1, output_tokens: 1}}},
		]);
		const result = await scan();
		expect(result.records.map((record) => record.sessionId)).toEqual(['x']);
		expect(result.skipped_files).toEqual([{file: broken, lines: 2}]);
		expect(result.files_scanned).toBe(2);
	});
});
