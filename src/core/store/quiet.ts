import type {Store} from './store.js';

/**
 * Claims the right to send one piece of news (`key`, e.g. an agent and a kind of news) unless it
 * was sent less than `quietMs` ago — by this process or any other recorder of the workspace: the
 * check and the new time are one IMMEDIATE transaction on the store's `meta` table.
 */
export function claimQuietWindow(store: Store, key: string, quietMs: number, now = Date.now()): boolean {
	return store.transaction(() => {
		const name = `quiet:${key}`;
		const row = store.db.prepare('SELECT value FROM meta WHERE key = ?').get(name) as {value: string} | undefined;
		if (row && now - Number(row.value) < quietMs) return false;
		store.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(name, String(now));
		return true;
	});
}
