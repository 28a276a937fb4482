/**
 * The weekly usage window of a plan (reference §6.3): from the most recent `reset_day` 00:00 UTC
 * to seven days later; and the reference's estimate of the compute-hours a reply costs, which a
 * profile's `weekly_hours` is measured against.
 */

import type {Weekday} from '../config/index.js';
import type {TokenCounts} from './types.js';

const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;
const weekdayIndex: Record<Weekday, number> = {sunday: 0, monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5, saturday: 6};

/** The start (epoch ms) of the weekly window holding `now`: the latest `resetDay` 00:00 UTC at or before it. */
export function weekStart(now: number, resetDay: Weekday): number {
	const midnight = Math.floor(now / DAY_MS) * DAY_MS;
	const back = (new Date(midnight).getUTCDay() - weekdayIndex[resetDay] + 7) % 7;
	return midnight - back * DAY_MS;
}

/**
 * Estimated compute-hours of some usage, the reference's formula (its source calls it a guess):
 * output / 1M + input / 5M + cache writes / 4M + cache reads / 20M. Plans publish weekly limits
 * in hours of use, not tokens; this is what `weekly_hours` is compared with.
 */
export function computeHours(tokens: TokenCounts): number {
	return tokens.output_tokens / 1_000_000 + tokens.input_tokens / 5_000_000 + tokens.cache_creation_tokens / 4_000_000 + tokens.cache_read_tokens / 20_000_000;
}
