/**
 * A profile's usage windows in words, the same on every surface (`tt usage --windows`,
 * `tt profiles`, the `tt watch` header, the dashboard): `5h 35% ↻2h13m`, `wk 10% ↻3d05h`.
 * Pure and type-only imports, so the dashboard bundle uses it too.
 */

import type {BlockWindow, WeekWindow} from '../usage/windows.js';

/** `45m`, `2h13m`, `3d05h`: time until a window resets. */
export function formatResetIn(ms: number): string {
	const minutes = Math.max(0, Math.ceil(ms / 60_000));
	if (minutes < 60) return `${minutes}m`;
	const hours = Math.floor(minutes / 60);
	if (hours < 24) return `${hours}h${String(minutes % 60).padStart(2, '0')}m`;
	return `${Math.floor(hours / 24)}d${String(hours % 24).padStart(2, '0')}h`;
}

/** `950`, `12.3k`, `4.1M`. */
export function formatTokenCount(tokens: number): string {
	if (tokens < 1000) return String(tokens);
	if (tokens < 1_000_000) return `${(tokens / 1000).toFixed(tokens < 10_000 ? 1 : 0)}k`;
	return `${(tokens / 1_000_000).toFixed(1)}M`;
}

/** `$0.42`, `$12.30`, `$1,204`. */
export function formatDollars(dollars: number): string {
	return dollars >= 1000 ? `$${Math.round(dollars).toLocaleString('en-US')}` : `$${dollars.toFixed(2)}`;
}

/** How full a window is, for colour: under 60 %, under 80 %, or past it (the reference's bands). */
export function windowTone(pct: number | null): 'ok' | 'warn' | 'high' | 'unknown' {
	if (pct === null) return 'unknown';
	return pct >= 80 ? 'high' : pct >= 60 ? 'warn' : 'ok';
}

/**
 * `5h 35% ↻2h13m` (share of the estimated capacity); `5h 1.2M ↻2h13m` without an estimate;
 * `5h idle` with no block under way. With `now`, the time to reset counts from it (a surface
 * showing a scan for a minute), else from the scan.
 */
export function blockText(block: BlockWindow, now?: number): string {
	if (!block.active || block.end === null) return '5h idle';
	const used = block.used_pct === null ? formatTokenCount(block.tokens.total_tokens) : `${Math.round(block.used_pct)}%`;
	const left = now === undefined ? (block.resets_in_ms ?? 0) : Date.parse(block.end) - now;
	return left <= 0 ? '5h idle' : `5h ${used} ↻${formatResetIn(left)}`;
}

/** `wk 10% ↻3d05h` (share of `weekly_hours`); `wk 4.1h ↻3d05h` without a ceiling. */
export function weekText(week: WeekWindow, now?: number): string {
	const used = week.used_pct === null ? `${week.hours.toFixed(1)}h` : `${Math.round(week.used_pct)}%`;
	return `wk ${used} ↻${formatResetIn(now === undefined ? week.resets_in_ms : Date.parse(week.end) - now)}`;
}

/** The fuller of a profile's two windows, for one colour per profile. */
export function windowsPct(entry: {block: BlockWindow; week: WeekWindow}): number | null {
	const values = [entry.block.active ? entry.block.used_pct : null, entry.week.used_pct].filter((value): value is number => value !== null);
	return values.length === 0 ? null : Math.max(...values);
}

/** A profile's windows on one line: `work MAX 5h 35% ↻2h13m · wk 10% ↻3d05h`. */
export function windowsLine(entry: {profile: string; plan: string | null; block: BlockWindow; week: WeekWindow}, now?: number): string {
	return `${entry.profile}${entry.plan ? ` ${entry.plan.toUpperCase()}` : ''} ${blockText(entry.block, now)} · ${weekText(entry.week, now)}`;
}
