import {ago} from '../core/model/time.js';

/** `14:50:34, 2m ago` in the local time zone, with the date before it on another day (ISO `…Z` times are for --json). */
export function whenText(iso: string, now = Date.now()): string {
	const time = new Date(iso);
	if (Number.isNaN(time.getTime())) return iso;
	const two = (part: number) => String(part).padStart(2, '0');
	const clock = [time.getHours(), time.getMinutes(), time.getSeconds()].map(two).join(':');
	const today = new Date(now).toDateString() === time.toDateString();
	return `${today ? '' : `${time.getFullYear()}-${two(time.getMonth() + 1)}-${two(time.getDate())} `}${clock}, ${ago(iso, now)}`;
}
