/**
 * The rolling 5-hour usage blocks subscription plans meter by (Claude's "session limit"), with
 * the semantics of the community tool ccusage (`ccusage blocks`, `identifySessionBlocks` in its
 * data loader), so our figures and theirs agree on the same logs:
 * - a block starts at the first reply's time floored to the UTC hour and lasts 5 hours;
 * - a reply more than 5 hours after the block's start, or more than 5 hours after the previous
 *   reply, starts a new block; the quiet time in between is a gap (no tokens);
 * - a block is active while its last reply is under 5 hours old and its end is still ahead.
 */

import {priceOf} from './prices.js';
import type {TokenCounts, UsageRecord} from './types.js';

/** Five hours: the length of a plan's rolling usage window. */
export const BLOCK_MS = 5 * 3_600_000;

export type UsageBlock = {
	/** ISO time; the block's start floored to the hour (gaps: 5 h after the last reply). */
	start: string;
	/** ISO time; start + 5 h (gaps: the next reply). */
	end: string;
	/** The last reply in the block; null for gaps. */
	last_activity: string | null;
	active: boolean;
	gap: boolean;
	/** Replies counted (after deduplication). */
	entries: number;
	tokens: TokenCounts & {total_tokens: number};
	/** At list prices (see prices.ts); replies of models without a price count 0, as in ccusage. */
	cost_usd: number;
	models: string[];
};

function floorToHour(ms: number): number {
	const date = new Date(ms);
	date.setUTCMinutes(0, 0, 0);
	return date.getTime();
}

/** Token counts (with their total) and list-price cost of some replies; a reply with no known price costs 0. */
export function sumUsage(records: readonly UsageRecord[]): {tokens: TokenCounts & {total_tokens: number}; cost_usd: number} {
	const tokens = {input_tokens: 0, output_tokens: 0, cache_read_tokens: 0, cache_creation_tokens: 0, total_tokens: 0};
	let cost = 0;
	for (const record of records) {
		tokens.input_tokens += record.input_tokens;
		tokens.output_tokens += record.output_tokens;
		tokens.cache_read_tokens += record.cache_read_tokens;
		tokens.cache_creation_tokens += record.cache_creation_tokens;
		cost += priceOf(record) ?? 0;
	}
	tokens.total_tokens = tokens.input_tokens + tokens.output_tokens + tokens.cache_read_tokens + tokens.cache_creation_tokens;
	return {tokens, cost_usd: cost};
}

function block(start: number, records: readonly UsageRecord[], now: number, length: number): UsageBlock {
	const {tokens, cost_usd: cost} = sumUsage(records);
	const models = new Set(records.map((record) => record.model));
	const last = records.at(-1)?.timestamp ?? start;
	const end = start + length;
	return {
		start: new Date(start).toISOString(),
		end: new Date(end).toISOString(),
		last_activity: new Date(last).toISOString(),
		active: now - last < length && now < end,
		gap: false,
		entries: records.length,
		tokens,
		cost_usd: cost,
		models: [...models],
	};
}

function gap(lastActivity: number, next: number, length: number): UsageBlock {
	return {
		start: new Date(lastActivity + length).toISOString(),
		end: new Date(next).toISOString(),
		last_activity: null,
		active: false,
		gap: true,
		entries: 0,
		tokens: {input_tokens: 0, output_tokens: 0, cache_read_tokens: 0, cache_creation_tokens: 0, total_tokens: 0},
		cost_usd: 0,
		models: [],
	};
}

/** The usage blocks of `records` (one account's replies), oldest first, gaps included. */
export function sessionBlocks(records: readonly UsageRecord[], now: number, length = BLOCK_MS): UsageBlock[] {
	const sorted = [...records].sort((a, b) => a.timestamp - b.timestamp);
	const blocks: UsageBlock[] = [];
	let start: number | undefined;
	let current: UsageRecord[] = [];
	for (const record of sorted) {
		if (start === undefined) {
			start = floorToHour(record.timestamp);
			current = [record];
			continue;
		}
		const last = current.at(-1)!.timestamp;
		// Strictly more than 5 h, as ccusage: a reply exactly at the end still belongs to the block.
		if (record.timestamp - start > length || record.timestamp - last > length) {
			blocks.push(block(start, current, now, length));
			if (record.timestamp - last > length) blocks.push(gap(last, record.timestamp, length));
			start = floorToHour(record.timestamp);
			current = [record];
		} else {
			current.push(record);
		}
	}
	if (start !== undefined && current.length > 0) blocks.push(block(start, current, now, length));
	return blocks;
}

/**
 * An estimate of how many tokens a 5-hour block holds before the plan stops the account: the
 * largest finished block seen (ccusage's `--token-limit max`). Plans do not publish their limits
 * in tokens, so the busiest block that went through is the best lower bound the logs give.
 * Null when no finished block exists yet.
 */
export function blockCapacityEstimate(blocks: readonly UsageBlock[]): number | null {
	let max = 0;
	for (const entry of blocks) if (!entry.gap && !entry.active && entry.tokens.total_tokens > max) max = entry.tokens.total_tokens;
	return max > 0 ? max : null;
}
