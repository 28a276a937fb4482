const unitMs = {ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000} as const;

/**
 * `30m`, `90s`, `1h30m`, `2d`, `1.5h` → milliseconds; undefined for anything else (a bare number
 * has no unit and is refused: `30` could mean seconds or minutes).
 */
export function parseDuration(text: string): number | undefined {
	const trimmed = text.trim();
	if (!/^(\d+(\.\d+)?(ms|s|m|h|d))+$/.test(trimmed)) return undefined;
	let total = 0;
	for (const [, amount, unit] of trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)) total += Number(amount) * unitMs[unit as keyof typeof unitMs];
	return total > 0 ? Math.round(total) : undefined;
}

/** `45s`, `12m`, `2h05m`, `3d4h`: how long, for a sentence. */
export function describeDuration(ms: number): string {
	const seconds = Math.max(0, Math.round(ms / 1000));
	if (seconds < 60) return `${seconds}s`;
	const minutes = Math.floor(seconds / 60);
	if (minutes < 60) return `${minutes}m${seconds % 60 ? String(seconds % 60).padStart(2, '0') + 's' : ''}`;
	const hours = Math.floor(minutes / 60);
	if (hours < 24) return `${hours}h${String(minutes % 60).padStart(2, '0')}m`;
	return `${Math.floor(hours / 24)}d${hours % 24}h`;
}
