import {lazyTables} from './lazy-tables.js';
import type {Store} from './store.js';

/**
 * The mailbox between agents (and `human`): one row per message and recipient, written before
 * anything is typed. A row moves `queued → held(reason) → delivering → delivered | dead(reason)`;
 * `held` goes back to `delivering` when the recipient reaches a turn boundary. Rows are never
 * pruned here: nothing undelivered is ever lost. The claim (`claim_token`, `claim_owner`,
 * `claimed_at`, `event_cursor`) makes one process the deliverer of a batch; a claim left by a
 * process that died is settled from evidence (core/messages/recover.ts).
 */
const schema = `
CREATE TABLE IF NOT EXISTS messages (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	sender TEXT NOT NULL,
	recipient TEXT NOT NULL,
	body TEXT NOT NULL,
	reply_to INTEGER,
	idem_key TEXT,
	state TEXT NOT NULL,
	reason TEXT,
	attempts INTEGER NOT NULL DEFAULT 0,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	delivered_at TEXT,
	read_at TEXT,
	answered_at TEXT,
	claim_owner TEXT,
	claim_token TEXT,
	claimed_at TEXT,
	event_cursor INTEGER
);
CREATE UNIQUE INDEX IF NOT EXISTS messages_idem ON messages(sender, idem_key, recipient) WHERE idem_key IS NOT NULL;
CREATE INDEX IF NOT EXISTS messages_recipient ON messages(recipient, state, id);
CREATE INDEX IF NOT EXISTS messages_sender ON messages(sender, created_at);
`;

const ready = lazyTables(schema);

export const messageStates = ['queued', 'held', 'delivering', 'delivered', 'dead'] as const;
export type MessageState = (typeof messageStates)[number];

export type Message = {
	id: number;
	/** An agent of the workspace, or `human`. */
	sender: string;
	recipient: string;
	body: string;
	reply_to: number | null;
	idem_key: string | null;
	state: MessageState;
	/** Why it is held (`working`, `needs_input`, `draft`, …) or dead; null otherwise. */
	reason: string | null;
	attempts: number;
	created_at: string;
	updated_at: string;
	delivered_at: string | null;
	read_at: string | null;
	answered_at: string | null;
	claim_owner: string | null;
	claim_token: string | null;
	claimed_at: string | null;
	event_cursor: number | null;
};

export type NewMessage = {sender: string; recipient: string; body: string; replyTo: number | null; key: string | null};

/** Runs `fn` in the store's write transaction with the mailbox tables in place. */
export function inMailbox<T>(store: Store, fn: () => T): T {
	return ready(store).transaction(fn);
}

/** Rows already stored for this sender's idempotency key (a repeated send returns them). */
export function messagesByKey(store: Store, sender: string, key: string): Message[] {
	return ready(store).db.prepare('SELECT * FROM messages WHERE sender = ? AND idem_key = ? ORDER BY id').all(sender, key) as Message[];
}

/** How many rows `sender` stored since `sinceIso` (the per-minute limit counts these). */
export function sentSince(store: Store, sender: string, sinceIso: string): number {
	const row = ready(store).db.prepare('SELECT COUNT(*) AS n FROM messages WHERE sender = ? AND created_at > ?').get(sender, sinceIso) as {n: number};
	return row.n;
}

/** The same body from `sender` to `recipient` stored since `sinceIso`, if any. */
export function sameBodySince(store: Store, message: Pick<NewMessage, 'sender' | 'recipient' | 'body'>, sinceIso: string): Message | undefined {
	return ready(store).db.prepare('SELECT * FROM messages WHERE sender = ? AND recipient = ? AND body = ? AND created_at > ? ORDER BY id DESC LIMIT 1').get(message.sender, message.recipient, message.body, sinceIso) as Message | undefined;
}

/** Stores one row (inside the caller's transaction): `queued`, or `delivered` at once for `human`. */
export function insertMessage(store: Store, message: NewMessage, now: string): Message {
	const delivered = message.recipient === 'human';
	const info = store.db
		.prepare('INSERT INTO messages (sender, recipient, body, reply_to, idem_key, state, created_at, updated_at, delivered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
		.run(message.sender, message.recipient, message.body, message.replyTo, message.key, delivered ? 'delivered' : 'queued', now, now, delivered ? now : null);
	if (message.replyTo !== null) store.db.prepare('UPDATE messages SET answered_at = ? WHERE id = ? AND answered_at IS NULL').run(now, message.replyTo);
	return getMessage(store, info.lastInsertRowid) as Message;
}

export function getMessage(store: Store, id: number): Message | undefined {
	return ready(store).db.prepare('SELECT * FROM messages WHERE id = ?').get(id) as Message | undefined;
}

/** Messages, newest last; to or from `agent` when given; only the undelivered ones unless `all`. */
export function listMessages(store: Store, options: {agent?: string | undefined; all?: boolean | undefined; limit?: number | undefined} = {}): Message[] {
	const where: string[] = [];
	const args: Array<string | number> = [];
	if (options.agent !== undefined) {
		where.push('(recipient = ? OR sender = ?)');
		args.push(options.agent, options.agent);
	}
	if (!options.all) where.push(`state IN ('queued', 'held', 'delivering')`);
	const sql = `SELECT * FROM (SELECT * FROM messages ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?) ORDER BY id`;
	return ready(store).db.prepare(sql).all(...args, options.limit ?? 500) as Message[];
}

/** Recipients with anything not yet delivered; `fresh`: some of it was never tried (just stored, or queued again). */
export function pendingRecipients(store: Store): Array<{recipient: string; fresh: boolean}> {
	const rows = ready(store).db.prepare(`SELECT recipient, MAX(state = 'queued') AS fresh FROM messages WHERE state IN ('queued', 'held', 'delivering') GROUP BY recipient ORDER BY recipient`).all() as Array<{recipient: string; fresh: number}>;
	return rows.map((row) => ({recipient: row.recipient, fresh: row.fresh === 1}));
}

/** Undelivered rows for `recipient`, oldest first (the order they are delivered in). */
export function pendingFor(store: Store, recipient: string): Message[] {
	return ready(store).db.prepare(`SELECT * FROM messages WHERE recipient = ? AND state IN ('queued', 'held', 'delivering') ORDER BY id`).all(recipient) as Message[];
}

/**
 * Marks the waiting rows of `recipient` held for `reason`; returns the rows whose reason changed
 * (one `message.held` each, so a long wait is not an event per poll).
 */
export function holdWaiting(store: Store, recipient: string, reason: string, now: string): Message[] {
	return inMailbox(store, () => {
		const changed = store.db.prepare(`SELECT * FROM messages WHERE recipient = ? AND state IN ('queued', 'held') AND reason IS NOT ? ORDER BY id`).all(recipient, reason) as Message[];
		store.db.prepare(`UPDATE messages SET state = 'held', reason = ?, updated_at = ? WHERE recipient = ? AND state IN ('queued', 'held') AND reason IS NOT ?`).run(reason, now, recipient, reason);
		return changed.map((row) => ({...row, state: 'held', reason}));
	});
}

/**
 * Claims the oldest waiting rows of `recipient` (at most `limit`, in order) for one delivery,
 * unless a claim on this recipient is already out: one deliverer at a time, across processes.
 */
export function claimBatch(store: Store, recipient: string, claim: {owner: string; token: string; cursor: number; now: string; limit: number}): Message[] {
	return inMailbox(store, () => {
		const out = store.db.prepare(`SELECT id FROM messages WHERE recipient = ? AND state = 'delivering' LIMIT 1`).get(recipient);
		if (out !== undefined) return [];
		const rows = store.db.prepare(`SELECT * FROM messages WHERE recipient = ? AND state IN ('queued', 'held') ORDER BY id LIMIT ?`).all(recipient, claim.limit) as Message[];
		const mark = store.db.prepare(`UPDATE messages SET state = 'delivering', reason = NULL, claim_owner = ?, claim_token = ?, claimed_at = ?, event_cursor = ?, attempts = attempts + 1, updated_at = ? WHERE id = ?`);
		for (const row of rows) mark.run(claim.owner, claim.token, claim.now, claim.cursor, claim.now, row.id);
		return rows.map((row) => getMessage(store, row.id) as Message);
	});
}

/** The rows of one claim (by its token) that are still `delivering`. */
export function claimedRows(store: Store, token: string): Message[] {
	return ready(store).db.prepare(`SELECT * FROM messages WHERE claim_token = ? AND state = 'delivering' ORDER BY id`).all(token) as Message[];
}

/** Rows of `recipient` in `delivering` (at most one claim's worth). */
export function deliveringFor(store: Store, recipient: string): Message[] {
	return ready(store).db.prepare(`SELECT * FROM messages WHERE recipient = ? AND state = 'delivering' ORDER BY id`).all(recipient) as Message[];
}

/** How a claim ends. `held`: the recipient was not ready after all (the attempt is not spent); `retry`: queued again, or `dead` once `maxAttempts` are spent. */
export type ClaimOutcome = {state: 'delivered'} | {state: 'held'; reason: string} | {state: 'retry'; reason: string; maxAttempts: number} | {state: 'dead'; reason: string};

/**
 * Settles a claim, only if it is still the one named by `token` (a claim another process
 * already settled is left alone, so an outcome is written once). Returns the rows it changed.
 */
export function settleClaim(store: Store, token: string, outcome: ClaimOutcome, now: string): Message[] {
	return inMailbox(store, () => {
		const rows = claimedRows(store, token);
		if (rows.length === 0) return [];
		const clear = 'claim_owner = NULL, claim_token = NULL, claimed_at = NULL, event_cursor = NULL';
		const where = `WHERE claim_token = ? AND state = 'delivering'`;
		if (outcome.state === 'delivered') {
			// A delivered message has been read by its recipient: it was put into its turn.
			store.db.prepare(`UPDATE messages SET state = 'delivered', reason = NULL, delivered_at = ?, read_at = ?, updated_at = ?, ${clear} ${where}`).run(now, now, now, token);
		} else if (outcome.state === 'held') {
			store.db.prepare(`UPDATE messages SET state = 'held', reason = ?, updated_at = ?, attempts = attempts - 1, ${clear} ${where}`).run(outcome.reason, now, token);
		} else if (outcome.state === 'retry') {
			store.db.prepare(`UPDATE messages SET state = CASE WHEN attempts >= ? THEN 'dead' ELSE 'queued' END, reason = ?, updated_at = ?, ${clear} ${where}`).run(outcome.maxAttempts, outcome.reason, now, token);
		} else {
			store.db.prepare(`UPDATE messages SET state = 'dead', reason = ?, updated_at = ?, ${clear} ${where}`).run(outcome.reason, now, token);
		}
		return rows.map((row) => getMessage(store, row.id) as Message);
	});
}

/** Every waiting row of a recipient that no longer exists is dead (never silently dropped). */
export function killWaiting(store: Store, recipient: string, reason: string, now: string): Message[] {
	return inMailbox(store, () => {
		const rows = store.db.prepare(`SELECT * FROM messages WHERE recipient = ? AND state IN ('queued', 'held') ORDER BY id`).all(recipient) as Message[];
		store.db.prepare(`UPDATE messages SET state = 'dead', reason = ?, updated_at = ? WHERE recipient = ? AND state IN ('queued', 'held')`).run(reason, now, recipient);
		return rows.map((row) => ({...row, state: 'dead', reason}));
	});
}

/** The time of the last delivery to `recipient` (a new turn boundary must come after it). */
export function lastDeliveredAt(store: Store, recipient: string): string | undefined {
	const row = ready(store).db.prepare(`SELECT MAX(delivered_at) AS at FROM messages WHERE recipient = ? AND state = 'delivered'`).get(recipient) as {at: string | null};
	return row.at ?? undefined;
}

/** Marks a message read (a person looked at a message to `human`); returns whether it was unread. */
export function markRead(store: Store, id: number, now: string): boolean {
	return inMailbox(store, () => store.db.prepare('UPDATE messages SET read_at = ? WHERE id = ? AND read_at IS NULL').run(now, id).changes > 0);
}

/**
 * Marks waiting rows of `recipient` among `ids` delivered because the recipient read them itself
 * (`read_inbox` of `tt mcp`): they are not typed into its turn again. Rows being typed right now
 * (`delivering`) are left to that delivery. Returns the rows it changed.
 */
export function ackWaiting(store: Store, recipient: string, ids: readonly number[], now: string): Message[] {
	if (ids.length === 0) return [];
	return inMailbox(store, () => {
		const marks = ids.map(() => '?').join(', ');
		const where = `recipient = ? AND id IN (${marks}) AND state IN ('queued', 'held')`;
		const rows = store.db.prepare(`SELECT id FROM messages WHERE ${where} ORDER BY id`).all(recipient, ...ids) as Array<{id: number}>;
		store.db.prepare(`UPDATE messages SET state = 'delivered', reason = NULL, delivered_at = ?, read_at = ?, updated_at = ? WHERE ${where}`).run(now, now, now, recipient, ...ids);
		return rows.map((row) => getMessage(store, row.id) as Message);
	});
}

/** Messages that answer message `id` (`reply_to`), oldest first. */
export function repliesTo(store: Store, id: number): Message[] {
	return ready(store).db.prepare('SELECT * FROM messages WHERE reply_to = ? ORDER BY id').all(id) as Message[];
}

/** Where an undelivered message stands in its recipient's queue (1: delivered next); undefined once delivered or dead. */
export function queuePosition(store: Store, message: Pick<Message, 'id' | 'recipient' | 'state'>): number | undefined {
	if (message.state === 'delivered' || message.state === 'dead') return undefined;
	const row = ready(store).db.prepare(`SELECT COUNT(*) AS n FROM messages WHERE recipient = ? AND state IN ('queued', 'held', 'delivering') AND id <= ?`).get(message.recipient, message.id) as {n: number};
	return row.n;
}

/** Messages to `recipient`: every one still waiting, and the `recent` last delivered, oldest first. */
export function inboxOf(store: Store, recipient: string, recent: number): Message[] {
	return ready(store)
		.db.prepare(`SELECT * FROM (SELECT * FROM messages WHERE recipient = ? AND (state IN ('queued', 'held') OR id IN (SELECT id FROM messages WHERE recipient = ? AND state = 'delivered' ORDER BY id DESC LIMIT ?)) ORDER BY id DESC LIMIT 200) ORDER BY id`)
		.all(recipient, recipient, recent) as Message[];
}
