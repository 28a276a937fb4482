import {blockText, formatDollars, formatTokenCount, weekText, windowTone} from '../../core/model/windows-text.js';
import type {ProfileWindows} from '../../core/profiles/windows.js';
import {PRICES_AS_OF} from '../../core/usage/prices.js';
import {paint, table, type Output, type Style} from '../output.js';

const toneStyle = {ok: 'green', warn: 'yellow', high: 'red', unknown: 'dim'} as const satisfies Record<string, Style>;

function pct(output: Output, value: number | null, text: string): string {
	return paint(output, toneStyle[windowTone(value)], text);
}

/** `tt usage --windows`: one row per profile, its 5-hour block and weekly window. */
export function printWindows(entries: readonly ProfileWindows[], output: Output): void {
	if (entries.length === 0) {
		output.out('No usage windows: no [[profile]] in the global config and no Claude Code, Codex or Gemini CLI logs in the default places.');
		return;
	}
	output.out(paint(output, 'bold', 'Usage windows per profile'));
	output.out(
		table(
			['Profile', 'Plan', '5-hour block', 'Block tokens', 'Week', 'Week hours', 'Week tokens', 'Week cost'],
			entries.map((entry) => [
				entry.profile,
				entry.plan?.toUpperCase() ?? (entry.implicit ? 'default account' : ''),
				pct(output, entry.block.used_pct, blockText(entry.block)),
				entry.block.active ? `${formatTokenCount(entry.block.tokens.total_tokens)}${entry.block.capacity_tokens === null ? '' : ` / ~${formatTokenCount(entry.block.capacity_tokens)}`}` : '–',
				pct(output, entry.week.used_pct, weekText(entry.week)),
				`${entry.week.hours.toFixed(2)}${entry.week.capacity_hours === null ? '' : ` / ${entry.week.capacity_hours}`} h`,
				formatTokenCount(entry.week.tokens.total_tokens),
				formatDollars(entry.week.cost_usd),
			]),
		),
	);
	output.out(
		paint(
			output,
			'dim',
			`\n5-hour blocks as ccusage counts them; a block's capacity is an estimate (the busiest finished block of the last 4 weeks).\nWeek: from reset_day 00:00 UTC; hours are estimated compute-hours against the profile's weekly_hours. Cost at list prices of ${PRICES_AS_OF}.`,
		),
	);
}
