import type {ConflictReport} from '../git/conflicts.js';
import type {Store} from './store.js';
import {lazyTables} from './lazy-tables.js';

/**
 * The latest conflict report of the team (written by the recorder, read by `tt status --json`
 * without running git) and the collisions already announced, so each new one is one event
 * however many recorders watch.
 */
const schema = `
CREATE TABLE IF NOT EXISTS team_conflicts (key TEXT PRIMARY KEY, first_seen TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS team_conflict_report (id INTEGER PRIMARY KEY CHECK (id = 1), at TEXT NOT NULL, report TEXT NOT NULL);
`;

const ready = lazyTables(schema);

/** One collision worth announcing: a real conflict (between two agents, or with the target) or a manifest both touched. */
export type Collision = {kind: 'conflict' | 'manifest' | 'target'; agents: string[]; files: string[]};

export function collisionsOf(report: ConflictReport): Collision[] {
	const found: Collision[] = [];
	for (const agent of report.agents) if (agent.conflicts_with_target.length > 0) found.push({kind: 'target', agents: [agent.agent], files: agent.conflicts_with_target});
	for (const pair of report.pairs) {
		if (pair.conflicts.length > 0) found.push({kind: 'conflict', agents: [...pair.agents], files: pair.conflicts});
		const manifests = pair.manifests.filter((file) => !pair.conflicts.includes(file));
		if (manifests.length > 0) found.push({kind: 'manifest', agents: [...pair.agents], files: manifests});
	}
	return found;
}

const keyOf = (collision: Collision, file: string) => `${collision.kind}\u0000${collision.agents.join('\u0000')}\u0000${file}`;

/**
 * Stores the report and returns the collisions not known before (only their new files). A
 * collision that went away is forgotten, so it is announced again if it comes back.
 */
export function recordConflictReport(store: Store, report: ConflictReport): Collision[] {
	return ready(store).transaction(() => {
		const at = new Date().toISOString();
		store.db.prepare('INSERT INTO team_conflict_report (id, at, report) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET at = excluded.at, report = excluded.report').run(at, JSON.stringify(report));
		const known = new Set((store.db.prepare('SELECT key FROM team_conflicts').all() as Array<{key: string}>).map((row) => row.key));
		const now = new Set<string>();
		const fresh: Collision[] = [];
		for (const collision of collisionsOf(report)) {
			const files = collision.files.filter((file) => {
				const key = keyOf(collision, file);
				now.add(key);
				return !known.has(key);
			});
			if (files.length > 0) fresh.push({...collision, files});
		}
		for (const key of known) if (!now.has(key)) store.db.prepare('DELETE FROM team_conflicts WHERE key = ?').run(key);
		for (const key of now) if (!known.has(key)) store.db.prepare('INSERT INTO team_conflicts (key, first_seen) VALUES (?, ?)').run(key, at);
		return fresh;
	});
}

/** The last report a recorder stored, with when; undefined when none has. */
export function latestConflictReport(store: Store): {at: string; report: ConflictReport} | undefined {
	const row = ready(store).db.prepare('SELECT at, report FROM team_conflict_report WHERE id = 1').get() as {at: string; report: string} | undefined;
	return row ? {at: row.at, report: JSON.parse(row.report) as ConflictReport} : undefined;
}
