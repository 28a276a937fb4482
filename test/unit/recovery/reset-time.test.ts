import {describe, expect, it} from 'vitest';
import {parseResetTime} from '../../../src/core/recovery/reset-time.js';

// 2026-12-07 10:15:00 UTC, a Monday (Europe/Berlin: 11:15, America/New_York: 05:15).
const now = new Date('2026-12-07T10:15:00Z');
const at = (lines: string[]) => parseResetTime(lines, now)?.at.toISOString();

describe('parseResetTime', () => {
	it.each([
		['Claude: resets at a clock time in a named zone', ['  ⎿  5-hour limit reached ∙ resets 3pm (Europe/Berlin)'], '2026-12-07T14:00:00.000Z'],
		['Claude: minutes, and a time already past today is tomorrow', ['Claude usage limit reached. Your limit will reset at 9:30am (Europe/Berlin).'], '2026-12-08T08:30:00.000Z'],
		['Claude: a weekday', ['Weekly limit reached ∙ resets Thu 9am (America/New_York)'], '2026-12-10T14:00:00.000Z'],
		['Codex: a duration, wrapped over two lines', ['■ You\'ve hit your usage limit. Upgrade to Pro (https://chatgpt.com/explore/pro),', 'or try again in 2 days 1 hour 5 minutes.'], '2026-12-09T11:20:00.000Z'],
		['Codex: seconds', ['■ Rate limit reached. Try again in 37s.'], '2026-12-07T10:15:37.000Z'],
		['the demo agent: retry after', ['  ⎿  API Error: Request rejected (429) · rate limit exceeded, retry after 60s'], '2026-12-07T10:16:00.000Z'],
		['fractional seconds round up', ['Please retry in 1.2s'], '2026-12-07T10:15:01.200Z'],
		['the newest line wins', ['retry after 60s', 'some output', 'retry after 5s'], '2026-12-07T10:15:05.000Z'],
	])('%s', (_what, lines, expected) => {
		expect(at(lines)).toBe(expected);
	});

	it.each([
		['no time at all', ['API Error: Request rejected (429)']],
		['a bare number is not a time', ['the counter resets 3 times']],
		['an hour that cannot be', ['resets 13pm']],
		['an unknown unit', ['try again in 5 fortnights']],
		['nothing', []],
	])('says nothing when unsure: %s', (_what, lines) => {
		expect(parseResetTime(lines, now)).toBeUndefined();
	});

	it('an unknown zone name falls back to local time rather than failing', () => {
		expect(parseResetTime(['resets 3pm (Mars/Olympus)'], now)?.at).toBeInstanceOf(Date);
	});
});
