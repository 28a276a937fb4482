/**
 * An agent's memory and CPU in a card's few columns: `812M 3%`, `1.4G 120%`; `–` when unknown
 * (never a made-up number). Pure, so the dashboard bundle uses it too.
 */
export function formatResources(resources: {rss_bytes: number | null; cpu_pct: number | null} | undefined): string {
	if (!resources || resources.rss_bytes === null) return '–';
	const cpu = resources.cpu_pct === null ? '' : ` ${resources.cpu_pct < 10 && resources.cpu_pct > 0 ? resources.cpu_pct.toFixed(1).replace(/\.0$/, '') : Math.round(resources.cpu_pct)}%`;
	return `${formatBytes(resources.rss_bytes)}${cpu}`;
}

/** `512K`, `812M`, `1.4G` (powers of 1024, as `top` shows them). */
export function formatBytes(bytes: number): string {
	const mib = bytes / 1024 / 1024;
	if (mib < 1) return `${Math.round(bytes / 1024)}K`;
	if (mib < 1024) return `${Math.round(mib)}M`;
	return `${(mib / 1024).toFixed(mib < 10 * 1024 ? 1 : 0)}G`;
}
