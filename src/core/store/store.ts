import {mkdirSync} from 'node:fs';
import path from 'node:path';
import {TuttiError} from '../errors.js';
import {isBusy, stateError} from './state-error.js';
import {openSqlite, type SqlDatabase, type SqlStatement, type SqliteEngine} from './sqlite.js';

/** One persisted event. `id` is monotonic per store and doubles as the SSE id. */
export type StoredEvent = {
	id: number;
	event: string;
	workspace: string;
	agent: string | null;
	/** RFC 3339, UTC. */
	timestamp: string;
	correlation_id: string;
	data: Record<string, unknown> | null;
};

export type AgentStateRow = {agent: string; state: string; source: string | null; rule: string | null; detail: string | null; since: string; event_id: number | null};

export type NewEvent = Omit<StoredEvent, 'id' | 'timestamp'> & {timestamp?: string};

const schema = `
CREATE TABLE IF NOT EXISTS events (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	event TEXT NOT NULL,
	workspace TEXT NOT NULL,
	agent TEXT,
	timestamp TEXT NOT NULL,
	correlation_id TEXT NOT NULL,
	data TEXT
);
CREATE INDEX IF NOT EXISTS events_agent ON events(agent, id);
CREATE TABLE IF NOT EXISTS agent_state (
	agent TEXT PRIMARY KEY,
	state TEXT NOT NULL,
	source TEXT,
	rule TEXT,
	detail TEXT,
	since TEXT NOT NULL,
	event_id INTEGER
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS once_keys (
	key TEXT PRIMARY KEY,
	scope TEXT NOT NULL,
	state TEXT NOT NULL,
	owner TEXT NOT NULL,
	token TEXT NOT NULL,
	result TEXT,
	created_at INTEGER NOT NULL,
	heartbeat_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS agent_sessions (
	agent TEXT PRIMARY KEY,
	runtime TEXT NOT NULL,
	session_id TEXT,
	workdir TEXT NOT NULL,
	config_dir TEXT NOT NULL,
	launched_at TEXT NOT NULL,
	recorded_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS agent_runtime (
	agent TEXT PRIMARY KEY,
	runtime TEXT NOT NULL,
	configured TEXT NOT NULL,
	set_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS leases (
	name TEXT PRIMARY KEY,
	owner TEXT NOT NULL,
	token TEXT NOT NULL,
	acquired_at TEXT NOT NULL,
	heartbeat_at TEXT NOT NULL
);
`;

/** How many times a transaction tries to take the write lock (each waits up to the busy timeout). */
const lockAttempts = 3;

/**
 * The workspace store: `.tutti/state/tutti.db`, SQLite in WAL mode, shared safely by every tutti
 * process of the workspace (serve, watch, one-shot commands).
 */
export class Store {
	readonly file: string;
	readonly #db: SqlDatabase;
	readonly #insertEvent: SqlStatement;

	constructor(file: string) {
		this.file = file;
		try {
			mkdirSync(path.dirname(file), {recursive: true});
			// WAL, busy timeout and synchronous=NORMAL are set by the engine adapter for every connection.
			this.#db = openSqlite(file);
			this.#db.exec(schema);
			this.#insertEvent = this.#db.prepare(
				'INSERT INTO events (event, workspace, agent, timestamp, correlation_id, data) VALUES (?, ?, ?, ?, ?, ?)',
			);
		} catch (error) {
			throw stateError(file, error, 'open') ?? folderError(file, error) ?? error;
		}
	}

	/** One event, under the write lock taken up front (retried while another process holds it). */
	appendEvent(event: NewEvent): StoredEvent {
		return this.transaction(() => this.#append(event));
	}

	/** Runs a write, turning file-level failures (read-only, full) into `error[state]` naming the file. */
	#writing<T>(fn: () => T): T {
		try {
			return fn();
		} catch (error) {
			throw stateError(this.file, error, 'write to') ?? error;
		}
	}

	#append(event: NewEvent): StoredEvent {
		const timestamp = event.timestamp ?? new Date().toISOString();
		const info = this.#insertEvent.run(
			event.event,
			event.workspace,
			event.agent,
			timestamp,
			event.correlation_id,
			event.data === null ? null : JSON.stringify(event.data),
		);
		return {...event, id: info.lastInsertRowid, timestamp};
	}

	/** Events with id > `afterId`, oldest first. */
	eventsAfter(afterId = 0, options: {limit?: number; agent?: string} = {}): StoredEvent[] {
		const limit = options.limit ?? 1000;
		const rows = (
			options.agent === undefined
				? this.#db.prepare('SELECT * FROM events WHERE id > ? ORDER BY id LIMIT ?').all(afterId, limit)
				: this.#db.prepare('SELECT * FROM events WHERE id > ? AND agent = ? ORDER BY id LIMIT ?').all(afterId, options.agent, limit)
		) as Array<Omit<StoredEvent, 'data'> & {data: string | null}>;
		return rows.map((row) => ({...row, data: row.data === null ? null : (JSON.parse(row.data) as Record<string, unknown>)}));
	}

	lastEvents(limit: number, agent?: string): StoredEvent[] {
		const rows = (
			agent === undefined
				? this.#db.prepare('SELECT * FROM events ORDER BY id DESC LIMIT ?').all(limit)
				: this.#db.prepare('SELECT * FROM events WHERE agent = ? ORDER BY id DESC LIMIT ?').all(agent, limit)
		) as Array<Omit<StoredEvent, 'data'> & {data: string | null}>;
		return rows.reverse().map((row) => ({...row, data: row.data === null ? null : (JSON.parse(row.data) as Record<string, unknown>)}));
	}

	/** The id of the last event at or before `iso` (0 when none): an RFC 3339 cursor as an id. */
	lastIdAtOrBefore(iso: string): number {
		const row = this.#db.prepare('SELECT MAX(id) AS id FROM events WHERE timestamp <= ?').get(iso) as {id: number | null} | undefined;
		return row?.id ?? 0;
	}

	/** The last recorded state of each agent. */
	agentStates(): Map<string, AgentStateRow> {
		const rows = this.#db.prepare('SELECT * FROM agent_state').all() as AgentStateRow[];
		return new Map(rows.map((row) => [row.agent, row]));
	}

	/**
	 * Records a state change as one `agent.state` event, atomically: when several tutti processes
	 * observe the same agent, only the first to see a change writes it. With `unlessNewerThan`
	 * (an ISO time), a state recorded at or after that time is left as it is.
	 */
	recordState(
		workspace: string,
		agent: string,
		next: {state: string; source: string; rule?: string | undefined; detail?: string | undefined; data?: Record<string, unknown>; unlessNewerThan?: string},
	): StoredEvent | undefined {
		return this.transaction(() => {
			const previous = this.#db.prepare('SELECT * FROM agent_state WHERE agent = ?').get(agent) as AgentStateRow | undefined;
			if (previous?.state === next.state) return undefined;
			// A state recorded since then (by a recorder that saw it first) is newer news: keep it.
			if (next.unlessNewerThan !== undefined && previous !== undefined && previous.since >= next.unlessNewerThan) return undefined;
			const event = this.#append({
				event: `agent.${next.state}`,
				workspace,
				agent,
				correlation_id: `state-${Date.now()}-${agent}`,
				data: {from: previous?.state ?? null, to: next.state, source: next.source, rule: next.rule ?? null, detail: next.detail ?? null, ...next.data},
			});
			this.#db
				.prepare('INSERT INTO agent_state (agent, state, source, rule, detail, since, event_id) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(agent) DO UPDATE SET state = excluded.state, source = excluded.source, rule = excluded.rule, detail = excluded.detail, since = excluded.since, event_id = excluded.event_id')
				.run(agent, next.state, next.source, next.rule ?? null, next.detail ?? null, event.timestamp, event.id);
			return event;
		});
	}

	/**
	 * Runs `fn` in one write transaction (IMMEDIATE: takes the write lock up front). Taking the lock
	 * waits up to the busy timeout; when many processes poll leases at once one of them can lose
	 * every race for that long, so it tries again (twice) before reporting the database busy.
	 */
	transaction<T>(fn: () => T): T {
		return this.#writing(() => {
			for (let attempt = 1; ; attempt++) {
				let entered = false;
				try {
					return this.#db.immediate(() => {
						entered = true;
						return fn();
					});
				} catch (error) {
					// A busy error from inside `fn` is fn's to handle: only the lock itself is retried.
					if (entered || !isBusy(error) || attempt >= lockAttempts) throw error;
				}
			}
		});
	}

	/** Which SQLite engine this store runs on (`tt doctor` reports it). */
	get engine(): SqliteEngine {
		return this.#db.engine;
	}

	get db(): SqlDatabase {
		return this.#db;
	}

	close(): void {
		this.#db.close();
	}
}

/** mkdir failures (a read-only parent, a file in the way) as `error[state]` naming the folder. */
function folderError(file: string, error: unknown): TuttiError | undefined {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	const causes: Record<string, string> = {EROFS: 'read-only file system', ENOSPC: 'no space left on device', EACCES: 'permission denied', EPERM: 'permission denied', EEXIST: 'a file is in the way', ENOTDIR: 'a file is in the way'};
	const cause = code === undefined ? undefined : causes[code];
	if (cause === undefined) return undefined;
	return new TuttiError('ERR_STATE', `cannot create the state folder ${path.dirname(file)}: ${cause}`, {hint: `Make ${path.dirname(path.dirname(file))} writable, then run the command again.`, cause: error, details: {path: path.dirname(file)}});
}
