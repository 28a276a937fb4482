/**
 * The text a pane gained between two captures (each: scrollback + screen, as lines). Scrollback
 * only grows above the live region, so the common prefix is what was there before; the live
 * region at the bottom (prompt box, footer) is usually the same before and after, and is dropped.
 */
export function paneDelta(before: readonly string[], after: readonly string[]): string {
	const old = trimTrailingBlank(before);
	const next = trimTrailingBlank(after);
	let start = commonPrefix(old, next);
	if (start === 0 && old.length > 0) start = suffixPrefixOverlap(old, next);
	let end = next.length;
	// Drop the unchanged live region (identical trailing rows of the old capture).
	let oldEnd = old.length;
	while (end > start && oldEnd > start && next[end - 1] === old[oldEnd - 1]) {
		end--;
		oldEnd--;
	}
	return trimTrailingBlank(next.slice(start, end))
		.join('\n')
		.replace(/^\n+/, '');
}

function commonPrefix(a: readonly string[], b: readonly string[]): number {
	let index = 0;
	while (index < a.length && index < b.length && a[index] === b[index]) index++;
	return index;
}

/** Largest k with a[-k:] == b[:k]: the old capture scrolled off the top of the new one. */
function suffixPrefixOverlap(a: readonly string[], b: readonly string[]): number {
	for (let k = Math.min(a.length, b.length); k > 0; k--) {
		let match = true;
		for (let index = 0; index < k; index++) {
			if (a[a.length - k + index] !== b[index]) {
				match = false;
				break;
			}
		}
		if (match) return k;
	}
	return 0;
}

function trimTrailingBlank(lines: readonly string[]): string[] {
	let end = lines.length;
	while (end > 0 && (lines[end - 1] ?? '').trim() === '') end--;
	return lines.slice(0, end);
}
