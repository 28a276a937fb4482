/**
 * When a rate limit ends, read from what the CLI printed: Claude Code's "resets 3pm
 * (Europe/Berlin)" / "will reset at 3:30pm", Codex's "try again in 2 days 1 hour 5 minutes" /
 * "try again at 3:05 PM", and "retry after 60s" / "retry in 37.5s" (the demo agent, Gemini).
 * Undefined when no line says it: tutti never guesses a reset time.
 */
export type ResetTime = {at: Date; text: string};

const unitMs: Readonly<Record<string, number>> = {s: 1000, sec: 1000, second: 1000, m: 60_000, min: 60_000, minute: 60_000, h: 3_600_000, hr: 3_600_000, hour: 3_600_000, d: 86_400_000, day: 86_400_000};

const relative = /\b(?:try again|retry|resets?|available again)\s+(?:after|in)\s+((?:\d+(?:\.\d+)?\s*(?:s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?)\b[\s,]*(?:and\s+)?)+)/i;
const clock = /\b(?:resets?|reset at|try again at|available again at)\s+(?:at\s+)?(?:(mon|tue|wed|thu|fri|sat|sun)[a-z]*\s+)?(\d{1,2})(?::(\d{2}))?\s*(am|pm)?(?:\s*\(([A-Za-z_]+(?:\/[A-Za-z_+-]+)*)\))?/i;

/** The newest (lowest) line on `lines` that says when the limit resets. */
export function parseResetTime(lines: readonly string[], now: Date): ResetTime | undefined {
	for (let index = lines.length - 1; index >= 0; index--) {
		// A sentence can wrap: read each line with the one below it.
		const text = `${lines[index] ?? ''} ${lines[index + 1] ?? ''}`.trim();
		const found = fromRelative(text, now) ?? fromClock(text, now);
		if (found) return found;
	}
	return undefined;
}

function fromRelative(text: string, now: Date): ResetTime | undefined {
	const match = relative.exec(text);
	if (!match?.[1]) return undefined;
	let ms = 0;
	for (const part of match[1].matchAll(/(\d+(?:\.\d+)?)\s*([a-z]+)/gi)) {
		const word = (part[2] ?? '').toLowerCase();
		const size = unitMs[word] ?? unitMs[word.replace(/s$/, '')];
		if (size === undefined) return undefined;
		ms += Number(part[1]) * size;
	}
	return ms > 0 ? {at: new Date(now.getTime() + Math.ceil(ms)), text: match[0].trim()} : undefined;
}

const weekdays = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

function fromClock(text: string, now: Date): ResetTime | undefined {
	const match = clock.exec(text);
	if (!match) return undefined;
	const [, weekday, hourText, minuteText, meridiem, zone] = match;
	// "resets 3" alone is not a time; a 24-hour clock needs its minutes ("resets 15:00").
	if (meridiem === undefined && minuteText === undefined) return undefined;
	let hour = Number(hourText);
	const minute = Number(minuteText ?? 0);
	if (meridiem) {
		if (hour < 1 || hour > 12) return undefined;
		hour = (hour % 12) + (meridiem.toLowerCase() === 'pm' ? 12 : 0);
	}
	if (hour > 23 || minute > 59) return undefined;
	const timeZone = zone !== undefined && validZone(zone) ? zone : undefined;
	let at = nextWallTime(now, hour, minute, timeZone);
	if (weekday) {
		const wanted = weekdays.indexOf(weekday.slice(0, 3).toLowerCase());
		for (let step = 0; step < 7 && wallParts(at, timeZone).weekday !== wanted; step++) at = nextWallTime(new Date(at.getTime() + 60_000), hour, minute, timeZone);
	}
	return {at, text: match[0].trim()};
}

function validZone(zone: string): boolean {
	try {
		new Intl.DateTimeFormat('en-US', {timeZone: zone});
		return true;
	} catch {
		return false;
	}
}

function wallParts(at: Date, timeZone: string | undefined): {year: number; month: number; day: number; hour: number; minute: number; weekday: number} {
	const parts = new Intl.DateTimeFormat('en-US', {timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', weekday: 'short'}).formatToParts(at);
	const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
	return {year: Number(get('year')), month: Number(get('month')), day: Number(get('day')), hour: Number(get('hour')), minute: Number(get('minute')), weekday: weekdays.indexOf(get('weekday').slice(0, 3).toLowerCase())};
}

/** The first moment after `now` when the clock in `timeZone` (local when undefined) reads hour:minute. */
function nextWallTime(now: Date, hour: number, minute: number, timeZone: string | undefined): Date {
	const today = wallParts(now, timeZone);
	for (let dayOffset = 0; dayOffset <= 2; dayOffset++) {
		// Guess the instant as if the zone were UTC, then correct by the zone's offset at that instant (twice, for DST edges).
		let guess = Date.UTC(today.year, today.month - 1, today.day + dayOffset, hour, minute);
		for (let pass = 0; pass < 2; pass++) {
			const wall = wallParts(new Date(guess), timeZone);
			const wallAsUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
			guess += Date.UTC(today.year, today.month - 1, today.day + dayOffset, hour, minute) - wallAsUtc;
		}
		if (guess > now.getTime()) return new Date(guess);
	}
	return new Date(now.getTime() + 86_400_000);
}
