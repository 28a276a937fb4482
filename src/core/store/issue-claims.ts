import {isLive, newClaim, released, renewed, type ClaimRecord} from '../claims/record.js';
import type {Store} from './store.js';
import {lazyTables} from './lazy-tables.js';

/**
 * Local issue-claim leases (for repositories without GitHub): one row per work item with its
 * latest claim. Every change is an IMMEDIATE transaction, so two processes acquiring at once
 * never both win an item.
 */
const schema = `
CREATE TABLE IF NOT EXISTS issue_claims (
	issue TEXT PRIMARY KEY,
	claim_id INTEGER NOT NULL,
	record TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS issue_claim_seq (id INTEGER PRIMARY KEY AUTOINCREMENT, issue TEXT NOT NULL);
`;

const ready = lazyTables(schema);

type Row = {issue: string; claim_id: number; record: string};
export type LocalClaim = {issue: string; id: number; record: ClaimRecord};

const read = (row: Row): LocalClaim => ({issue: row.issue, id: row.claim_id, record: JSON.parse(row.record) as ClaimRecord});

/** Claims the first of `issues` no live lease holds; undefined when all are held. */
export function acquireLocalClaim(store: Store, issues: readonly string[], claim: {runId: string; ttlSecs: number}): LocalClaim | undefined {
	return ready(store).transaction(() => {
		const now = new Date();
		for (const issue of issues) {
			const row = store.db.prepare('SELECT * FROM issue_claims WHERE issue = ?').get(issue) as Row | undefined;
			if (row && isLive(read(row).record, now)) continue;
			const id = store.db.prepare('INSERT INTO issue_claim_seq (issue) VALUES (?)').run(issue).lastInsertRowid;
			const record = newClaim(claim.runId, claim.ttlSecs, now);
			store.db.prepare('INSERT INTO issue_claims (issue, claim_id, record) VALUES (?, ?, ?) ON CONFLICT(issue) DO UPDATE SET claim_id = excluded.claim_id, record = excluded.record').run(issue, id, JSON.stringify(record));
			return {issue, id, record};
		}
		return undefined;
	});
}

/**
 * Renews or releases claim `id` on `issue`. Undefined when it is not the item's current claim, or
 * (renewal) when it is no longer live: the lease was lost and someone else may hold the item.
 */
export function updateLocalClaim(store: Store, issue: string, id: number, change: {renew: true} | {release: string}): LocalClaim | undefined {
	return ready(store).transaction(() => {
		const now = new Date();
		const row = store.db.prepare('SELECT * FROM issue_claims WHERE issue = ? AND claim_id = ?').get(issue, id) as Row | undefined;
		if (!row) return undefined;
		const current = read(row).record;
		let record: ClaimRecord;
		if ('renew' in change) {
			if (!isLive(current, now)) return undefined;
			record = renewed(current, now);
		} else {
			if (current.status === 'released') return {issue, id, record: current};
			record = released(current, change.release, now);
		}
		store.db.prepare('UPDATE issue_claims SET record = ? WHERE issue = ? AND claim_id = ?').run(JSON.stringify(record), issue, id);
		return {issue, id, record};
	});
}

/** Releases every active claim whose lease ran out; returns them. */
export function sweepLocalClaims(store: Store): LocalClaim[] {
	return ready(store).transaction(() => {
		const now = new Date();
		const swept: LocalClaim[] = [];
		for (const row of store.db.prepare('SELECT * FROM issue_claims').all() as Row[]) {
			const claim = read(row);
			if (claim.record.status !== 'active' || isLive(claim.record, now)) continue;
			const record = released(claim.record, 'lease expired', now);
			store.db.prepare('UPDATE issue_claims SET record = ? WHERE issue = ? AND claim_id = ?').run(JSON.stringify(record), claim.issue, claim.id);
			swept.push({...claim, record});
		}
		return swept;
	});
}

/** Every item's latest claim. */
export function localClaims(store: Store): LocalClaim[] {
	return (ready(store).db.prepare('SELECT * FROM issue_claims ORDER BY issue').all() as Row[]).map(read);
}
