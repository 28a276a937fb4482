/**
 * What a `host.*` event says in words, for the `tt watch` ticker and the dashboard timeline alike
 * (one wording). Undefined for any other event. Plain data in, text out: the dashboard bundle
 * imports it too.
 */
export function hostEventText(event: string, data: Readonly<Record<string, unknown>>): string | undefined {
	if (event !== 'host.unreachable' && event !== 'host.reachable') return undefined;
	const host = typeof data['host'] === 'string' ? data['host'] : '?';
	const count = Array.isArray(data['agents']) ? data['agents'].length : 0;
	const agents = `${count} agent${count === 1 ? '' : 's'}`;
	if (event === 'host.unreachable') {
		const error = typeof data['error'] === 'string' ? data['error'] : 'no answer over ssh';
		// ssh's own words, which begin with the host already ("host "box" (…) is unreachable: …").
		const why = error.replace(/^host ".*?" \(.*?\) is unreachable: /, '');
		return `host ${host} unreachable (${why}) · ${agents} there keep running, shown again once it answers`;
	}
	const downMs = typeof data['down_ms'] === 'number' ? data['down_ms'] : undefined;
	return `host ${host} reachable again${downMs === undefined ? '' : ` after ${Math.max(1, Math.round(downMs / 1000))} s`} · ${agents} followed again`;
}
