/** `just now`, `12s ago`, `4m ago`, `2h05m ago`, `3d ago`: how long ago an RFC 3339 time was, for people. */
export function ago(iso: string | null | undefined, now = Date.now()): string {
	if (!iso) return '—';
	const then = Date.parse(iso);
	if (Number.isNaN(then)) return iso;
	const seconds = Math.max(0, Math.floor((now - then) / 1000));
	if (seconds < 2) return 'just now';
	if (seconds < 60) return `${seconds}s ago`;
	const minutes = Math.floor(seconds / 60);
	if (minutes < 60) return `${minutes}m ago`;
	const hours = Math.floor(minutes / 60);
	if (hours < 48) return `${hours}h${String(minutes % 60).padStart(2, '0')}m ago`;
	return `${Math.floor(hours / 24)}d ago`;
}
