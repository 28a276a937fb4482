import {randomBytes} from 'node:crypto';
import {keepAlive, ownerAlive, processOwner} from '../process/owner.js';
import type {Store} from './store.js';

/**
 * Who is running a long-lived role in the workspace (the recorder of `tt watch` and `tt serve`):
 * one row per process in the leases table, refreshed like every lease and ignored once its
 * process is gone. Unlike a lease, any number of processes may hold a role at once.
 */
export type Presence = {owner: string; since: string};

const prefix = (role: string) => `${role}@`;

/** Announces this process in `role` until the returned function is called. */
export function announce(store: Store, role: string): () => void {
	const owner = processOwner();
	const name = `${prefix(role)}${owner}`;
	const token = randomBytes(8).toString('hex');
	const at = new Date().toISOString();
	store.db
		.prepare('INSERT INTO leases (name, owner, token, acquired_at, heartbeat_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET token = excluded.token, acquired_at = excluded.acquired_at, heartbeat_at = excluded.heartbeat_at')
		.run(name, owner, token, at, at);
	const stop = keepAlive(() => store.db.prepare('UPDATE leases SET heartbeat_at = ? WHERE name = ? AND token = ?').run(new Date().toISOString(), name, token));
	return () => {
		stop();
		try {
			store.db.prepare('DELETE FROM leases WHERE name = ? AND token = ?').run(name, token);
		} catch {
			// A closed store at shutdown: the row is ignored once this process is gone.
		}
	};
}

/** The live processes in `role`, oldest first. */
export function present(store: Store, role: string): Presence[] {
	const rows = store.db.prepare("SELECT owner, acquired_at, heartbeat_at FROM leases WHERE name >= ? AND name < ? ORDER BY acquired_at").all(prefix(role), `${role}A`) as Array<{owner: string; acquired_at: string; heartbeat_at: string}>;
	return rows.filter((row) => ownerAlive(row.owner, row.heartbeat_at)).map((row) => ({owner: row.owner, since: row.acquired_at}));
}
