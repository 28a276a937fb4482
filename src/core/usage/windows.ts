/**
 * A plan's two usage windows out of one account's replies: the rolling 5-hour block and the
 * weekly window, each with what is used, an estimate of the capacity, and when it resets. Pure:
 * the caller scans the logs (profiles/windows.ts) and passes `now`.
 */

import type {Weekday} from '../config/index.js';
import {blockCapacityEstimate, sessionBlocks, sumUsage, type UsageBlock} from './blocks.js';
import type {TokenCounts, UsageRecord} from './types.js';
import {computeHours, WEEK_MS, weekStart} from './weekly.js';

/** How far back the logs are read for windows: the capacity estimate needs finished blocks. */
export const WINDOW_HISTORY_MS = 28 * 86_400_000;

export type Totals = TokenCounts & {total_tokens: number};

export type BlockWindow = {
	/** Whether a 5-hour block is under way; without one, the next reply starts a fresh block. */
	active: boolean;
	start: string | null;
	end: string | null;
	tokens: Totals;
	cost_usd: number;
	/** Estimated tokens a block holds (the largest finished block in the history); null before one finished. */
	capacity_tokens: number | null;
	/** tokens / capacity × 100, one decimal; null without an estimate. */
	used_pct: number | null;
	/** Milliseconds until the block ends; null when none is active. */
	resets_in_ms: number | null;
};

export type WeekWindow = {
	start: string;
	end: string;
	reset_day: Weekday;
	tokens: Totals;
	cost_usd: number;
	/** Estimated compute-hours used (reference §6.3), two decimals. */
	hours: number;
	/** The profile's `weekly_hours`; null when unset. */
	capacity_hours: number | null;
	used_pct: number | null;
	resets_in_ms: number;
};

export type PlanWindows = {block: BlockWindow; week: WeekWindow; blocks: UsageBlock[]};

const round1 = (value: number) => Math.round(value * 10) / 10;


/**
 * The windows of one account at `now`. `records` are its replies (the last
 * {@link WINDOW_HISTORY_MS} are enough); `weeklyHours` is the profile's weekly ceiling.
 */
export function planWindows(records: readonly UsageRecord[], options: {now: number; resetDay: Weekday; weeklyHours?: number | undefined}): PlanWindows {
	const {now} = options;
	const blocks = sessionBlocks(records, now);
	const current = blocks.find((entry) => entry.active);
	const capacity = blockCapacityEstimate(blocks);
	const blockTokens = current?.tokens ?? sumUsage([]).tokens;
	const block: BlockWindow = {
		active: current !== undefined,
		start: current?.start ?? null,
		end: current?.end ?? null,
		tokens: blockTokens,
		cost_usd: current?.cost_usd ?? 0,
		capacity_tokens: capacity,
		used_pct: capacity === null ? null : round1((blockTokens.total_tokens / capacity) * 100),
		resets_in_ms: current ? Date.parse(current.end) - now : null,
	};
	const start = weekStart(now, options.resetDay);
	const inWeek = sumUsage(records.filter((record) => record.timestamp >= start && record.timestamp < start + WEEK_MS));
	const hours = computeHours(inWeek.tokens);
	const capacityHours = options.weeklyHours ?? null;
	const week: WeekWindow = {
		start: new Date(start).toISOString(),
		end: new Date(start + WEEK_MS).toISOString(),
		reset_day: options.resetDay,
		...inWeek,
		hours: Math.round(hours * 100) / 100,
		capacity_hours: capacityHours,
		used_pct: capacityHours === null ? null : round1((hours / capacityHours) * 100),
		resets_in_ms: start + WEEK_MS - now,
	};
	return {block, week, blocks};
}
