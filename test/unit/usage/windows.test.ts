import {describe, expect, it} from 'vitest';
import {blockText, formatResetIn, weekText} from '../../../src/core/model/windows-text.js';
import {modelPrice, priceOf} from '../../../src/core/usage/prices.js';
import type {UsageRecord} from '../../../src/core/usage/types.js';
import {computeHours, weekStart} from '../../../src/core/usage/weekly.js';
import {planWindows} from '../../../src/core/usage/windows.js';

const at = (iso: string) => Date.parse(iso);
const reply = (iso: string, tokens: Partial<UsageRecord> = {}): UsageRecord => ({source: 'claude-code', sessionId: 's', cwd: '/p', model: 'claude-sonnet-4-5-20250929', timestamp: at(iso), input_tokens: 100, output_tokens: 1000, cache_read_tokens: 0, cache_creation_tokens: 0, ...tokens});

describe('weekly window', () => {
	it('starts at the latest reset day 00:00 UTC at or before now', () => {
		// 2026-12-09 is a Wednesday.
		const now = at('2026-12-09T15:30:00Z');
		expect(new Date(weekStart(now, 'monday')).toISOString()).toBe('2026-12-07T00:00:00.000Z');
		expect(new Date(weekStart(now, 'wednesday')).toISOString()).toBe('2026-12-09T00:00:00.000Z');
		expect(new Date(weekStart(now, 'thursday')).toISOString()).toBe('2026-12-03T00:00:00.000Z');
		expect(new Date(weekStart(at('2026-12-07T00:00:00Z'), 'monday')).toISOString()).toBe('2026-12-07T00:00:00.000Z');
	});

	it('counts only the replies inside the window, in estimated hours against weekly_hours', () => {
		const now = at('2026-12-09T15:30:00Z');
		const windows = planWindows([reply('2026-12-06T23:59:00Z', {output_tokens: 9_000_000}), reply('2026-12-08T10:00:00Z', {input_tokens: 5_000_000, output_tokens: 1_000_000})], {now, resetDay: 'monday', weeklyHours: 4});
		expect(windows.week.tokens.output_tokens).toBe(1_000_000);
		expect(windows.week.hours).toBe(2);
		expect(windows.week.used_pct).toBe(50);
		expect(windows.week.resets_in_ms).toBe(at('2026-12-14T00:00:00Z') - now);
		expect(planWindows([], {now, resetDay: 'monday'}).week.used_pct).toBeNull();
		expect(computeHours({input_tokens: 0, output_tokens: 0, cache_read_tokens: 20_000_000, cache_creation_tokens: 4_000_000})).toBe(2);
	});

	it('has no block without a recent reply, and estimates capacity from the busiest finished block', () => {
		const now = at('2026-12-09T15:30:00Z');
		const idle = planWindows([reply('2026-12-09T08:00:00Z')], {now, resetDay: 'monday'});
		expect(idle.block).toMatchObject({active: false, resets_in_ms: null, capacity_tokens: 1100, used_pct: 0});
		expect(blockText(idle.block)).toBe('5h idle');
		const busy = planWindows([reply('2026-12-08T08:00:00Z', {output_tokens: 4900}), reply('2026-12-09T14:10:00Z')], {now, resetDay: 'monday', weeklyHours: 1});
		expect(busy.block).toMatchObject({active: true, start: '2026-12-09T14:00:00.000Z', capacity_tokens: 5000, used_pct: 22});
		expect(blockText(busy.block)).toBe('5h 22% ↻3h30m');
		expect(weekText(busy.week)).toBe('wk 1% ↻4d08h');
	});
});

describe('prices', () => {
	it('matches models by their longest prefix and charges Sonnet 4.5 more past 200k of a kind', () => {
		expect(modelPrice('claude-opus-4-5-20251101')?.output).toBe(25);
		expect(modelPrice('claude-opus-4-1-20250805')?.output).toBe(75);
		expect(modelPrice('gpt-5-mini-2025-08-07')?.input).toBe(0.25);
		expect(priceOf({model: 'claude-sonnet-4-5', input_tokens: 0, output_tokens: 0, cache_creation_tokens: 0, cache_read_tokens: 300_000})).toBeCloseTo((200_000 * 0.3 + 100_000 * 0.6) / 1e6, 12);
		expect(priceOf({model: 'some-local-model', input_tokens: 1, output_tokens: 1, cache_creation_tokens: 0, cache_read_tokens: 0})).toBeNull();
		expect(priceOf({model: '<synthetic>', input_tokens: 0, output_tokens: 0, cache_creation_tokens: 0, cache_read_tokens: 0})).toBe(0);
	});

	it('writes times to reset compactly', () => {
		expect([formatResetIn(59_000), formatResetIn(2 * 3_600_000 + 13 * 60_000), formatResetIn(3 * 86_400_000 + 5 * 3_600_000)]).toEqual(['1m', '2h13m', '3d05h']);
	});
});
