/**
 * Issue-claim leases (reference §11.4): the claim record a lease is kept in, when it expires, and
 * which of several claims on one issue wins. Pure functions: the GitHub backend stores records in
 * issue comments, the local backend in the store, and both decide with these.
 */

export type ClaimEventKind = 'Acquired' | 'Renewed' | 'Released';
export type ClaimEvent = {timestamp: string; kind: ClaimEventKind; detail?: string};

export type ClaimRecord = {
	schema_version: 1;
	run_id: string;
	claimed_at: string;
	lease_ttl_secs: number;
	last_heartbeat_at: string;
	status: 'active' | 'released';
	released_at?: string;
	release_reason?: string;
	/** The newest 20. */
	events: ClaimEvent[];
};

/** The label on a GitHub issue while some run claims it. */
export const claimedLabel = 'automation-claimed';
const marker = 'tutti-issue-claim';
const maxEvents = 20;

export function newClaim(runId: string, ttlSecs: number, now: Date): ClaimRecord {
	const at = now.toISOString();
	return {schema_version: 1, run_id: runId, claimed_at: at, lease_ttl_secs: ttlSecs, last_heartbeat_at: at, status: 'active', events: [{timestamp: at, kind: 'Acquired'}]};
}

function withEvent(record: ClaimRecord, kind: ClaimEventKind, now: Date, detail?: string): ClaimEvent[] {
	const event: ClaimEvent = detail === undefined ? {timestamp: now.toISOString(), kind} : {timestamp: now.toISOString(), kind, detail};
	return [...record.events, event].slice(-maxEvents);
}

export function renewed(record: ClaimRecord, now: Date): ClaimRecord {
	return {...record, last_heartbeat_at: now.toISOString(), events: withEvent(record, 'Renewed', now)};
}

export function released(record: ClaimRecord, reason: string, now: Date): ClaimRecord {
	return {...record, status: 'released', released_at: now.toISOString(), release_reason: reason, events: withEvent(record, 'Released', now, reason)};
}

/** When the lease runs out: the last heartbeat plus the TTL. */
export function expiresAt(record: ClaimRecord): number {
	return Date.parse(record.last_heartbeat_at) + record.lease_ttl_secs * 1000;
}

export function isLive(record: ClaimRecord, now: Date): boolean {
	return record.status === 'active' && expiresAt(record) > now.getTime();
}

/**
 * The claim that holds an issue: the live one with the lowest id. Ids are given by the server in
 * the order claims arrived, so two runs that claim at once agree on the winner whatever their
 * clocks say.
 */
export function winner<T extends {id: number; record: ClaimRecord}>(claims: readonly T[], now: Date): T | undefined {
	return claims.filter((claim) => isLive(claim.record, now)).sort((a, b) => a.id - b.id)[0];
}

/** The comment body: the record in an HTML comment (invisible on GitHub), then one line for people. */
export function renderClaimComment(record: ClaimRecord): string {
	// `--` cannot end the HTML comment early: JSON.stringify leaves it, so it is escaped as \u002d.
	const json = JSON.stringify(record).replaceAll('-->', '\\u002d->');
	const icon = record.status === 'active' ? '🔒' : '🔓';
	const expires = new Date(expiresAt(record)).toISOString();
	const state = record.status === 'active' ? `active, expires ${expires}, heartbeat ${record.last_heartbeat_at}` : `released ${record.released_at ?? ''} (${record.release_reason ?? ''})`;
	return `<!-- ${marker} ${json} -->\n${icon} **Claim** — run \`${record.run_id.replaceAll('`', "'")}\`, ${state}`;
}

/** The record in a comment body, if it is a claim comment (anything malformed is not). */
export function parseClaimComment(body: string): ClaimRecord | undefined {
	const match = new RegExp(`^<!-- ${marker} (\\{.*?\\}) -->`, 's').exec(body.trimStart());
	if (!match) return undefined;
	try {
		const value = JSON.parse(match[1]!) as Partial<ClaimRecord>;
		if (value.schema_version !== 1 || typeof value.run_id !== 'string' || typeof value.last_heartbeat_at !== 'string' || typeof value.lease_ttl_secs !== 'number') return undefined;
		if (value.status !== 'active' && value.status !== 'released') return undefined;
		if (Number.isNaN(Date.parse(value.last_heartbeat_at))) return undefined;
		return {...value, events: Array.isArray(value.events) ? value.events : []} as ClaimRecord;
	} catch {
		return undefined;
	}
}
