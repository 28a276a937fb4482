import type {Store} from './store.js';

/**
 * Which agents a person is looking at up close right now (focus in `tt watch`, the dashboard's
 * focus view), shared through the store so the recorder of any process can stay quiet about them:
 * news of an agent on the screen in front of you is not news. A view refreshes its mark while it
 * stays open; a mark older than {@link LOOKED_AT_FRESH_MS} (a process that died mid-view) counts
 * for nothing.
 */
export const LOOKED_AT_FRESH_MS = 15_000;

const key = (agent: string) => `looked:${agent}`;

/** Marks `agent` as looked at (now). */
export function markLookedAt(store: Store, agent: string, now = Date.now()): void {
	store.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key(agent), String(now));
}

/** The last view of `agent` closed. */
export function endLookedAt(store: Store, agent: string): void {
	store.db.prepare('DELETE FROM meta WHERE key = ?').run(key(agent));
}

/** Whether a person is looking at `agent` (a fresh mark). */
export function isLookedAt(store: Store, agent: string, now = Date.now()): boolean {
	const row = store.db.prepare('SELECT value FROM meta WHERE key = ?').get(key(agent)) as {value: string} | undefined;
	return row !== undefined && now - Number(row.value) < LOOKED_AT_FRESH_MS;
}
