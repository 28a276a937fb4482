import {lazyTables} from './lazy-tables.js';
import type {Store} from './store.js';

/**
 * Which agents have news a person has not seen yet, shared by every surface (`tt watch`, the
 * dashboard, `tt notices`, the API): one row per agent, its newest notice. A notice opens when the
 * recorder records that an agent needs a person (the same news the notifier sends); it is read
 * when a person opens the agent up close (focus in either UI) or acknowledges it; it is resolved
 * when the agent stops needing anyone by itself (its limit lifted, someone answered it in tmux).
 * Unread = neither read nor resolved. A new notice about the agent replaces the old one, unread.
 */
const schema = `
CREATE TABLE IF NOT EXISTS agent_notices (
	agent TEXT PRIMARY KEY,
	kind TEXT NOT NULL,
	text TEXT NOT NULL,
	event_id INTEGER,
	opened_at TEXT NOT NULL,
	read_at TEXT,
	read_by TEXT,
	resolved_at TEXT
);
`;

const ready = lazyTables(schema);

export type Notice = {
	agent: string;
	/** The state (or event) the news is about: `needs_input`, `auth_failed`, `parked` … */
	kind: string;
	text: string;
	event_id: number | null;
	opened_at: string;
	read_at: string | null;
	/** Who read it: `focus` (opened up close), `ack` (acknowledged), or a surface's own word. */
	read_by: string | null;
	resolved_at: string | null;
	unread: boolean;
};

type Row = Omit<Notice, 'unread'>;

const toNotice = (row: Row): Notice => ({...row, unread: row.read_at === null && row.resolved_at === null});

/**
 * Opens (or replaces) the agent's notice. `read` when a person was looking at the agent as it
 * happened. The same event opened twice (two recorders) leaves the first, and whether it was read.
 */
export function openNotice(store: Store, notice: {agent: string; kind: string; text: string; eventId: number | null; read?: string | undefined}, now = new Date()): void {
	const at = now.toISOString();
	ready(store).transaction(() =>
		store.db
			.prepare(
				'INSERT INTO agent_notices (agent, kind, text, event_id, opened_at, read_at, read_by, resolved_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULL) ON CONFLICT(agent) DO UPDATE SET kind = excluded.kind, text = excluded.text, event_id = excluded.event_id, opened_at = excluded.opened_at, read_at = excluded.read_at, read_by = excluded.read_by, resolved_at = NULL WHERE agent_notices.event_id IS NOT excluded.event_id',
			)
			.run(notice.agent, notice.kind, notice.text, notice.eventId, at, notice.read === undefined ? null : at, notice.read ?? null),
	);
}

/** The agent no longer needs anyone: its open notice is resolved (returns whether one was unread). */
export function resolveNotice(store: Store, agent: string, now = new Date()): boolean {
	return ready(store).transaction(() => store.db.prepare('UPDATE agent_notices SET resolved_at = ? WHERE agent = ? AND resolved_at IS NULL AND read_at IS NULL').run(now.toISOString(), agent).changes > 0);
}

/** Marks the notices of `agents` (every agent when undefined) read; returns the agents whose notice was unread. */
export function readNotices(store: Store, agents: readonly string[] | undefined, by: string, now = new Date()): string[] {
	return ready(store).transaction(() => {
		const unread = listNotices(store).filter((notice) => notice.unread && (agents === undefined || agents.includes(notice.agent)));
		const mark = store.db.prepare('UPDATE agent_notices SET read_at = ?, read_by = ? WHERE agent = ? AND read_at IS NULL AND resolved_at IS NULL');
		return unread.filter((notice) => mark.run(now.toISOString(), by, notice.agent).changes > 0).map((notice) => notice.agent);
	});
}

/** Every agent's newest notice, newest first. */
export function listNotices(store: Store): Notice[] {
	const rows = ready(store).db.prepare('SELECT agent, kind, text, event_id, opened_at, read_at, read_by, resolved_at FROM agent_notices ORDER BY opened_at DESC, agent').all() as Row[];
	return rows.map(toNotice);
}

/** Agents with an unread notice (none when the store cannot say, e.g. a read-only database). */
export function unreadAgents(store: Store): Set<string> {
	try {
		return new Set(listNotices(store).filter((notice) => notice.unread).map((notice) => notice.agent));
	} catch {
		return new Set();
	}
}
