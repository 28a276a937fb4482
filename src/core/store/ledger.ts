import {ownerAlive, processOwner} from '../process/owner.js';
import type {RunStatus, StepStatus} from '../workflow/types.js';
import {ledgerSchema, type AttemptRow, type EffectRow, type NewRun, type OutputRow, type RunRow, type StepRow} from './ledger-schema.js';
import type {Store} from './store.js';

export type {AttemptRow, EffectRow, NewRun, OutputRow, RunRow, StepRow} from './ledger-schema.js';

type LockRow = {name: string; owner: string; token: string; run_id: string | null; heartbeat_at: string};

const now = () => new Date().toISOString();
const ledgers = new WeakMap<Store, Ledger>();

/**
 * The run ledger, in the workspace's SQLite store: runs, step intents and outcomes, attempts,
 * side-effect records (the idempotency keys that make `--resume` exactly-once), outputs, claimed
 * schedule ticks and cross-process locks. Every write is a statement or an IMMEDIATE transaction,
 * so concurrent `tt` processes never lose or duplicate a record; nothing outside it touches its tables.
 */
export class Ledger {
	readonly #store: Store;

	private constructor(store: Store) {
		this.#store = store;
		store.db.exec(ledgerSchema);
	}

	/** The ledger of a store (tables created on first use). */
	static of(store: Store): Ledger {
		let ledger = ledgers.get(store);
		if (!ledger) {
			ledger = new Ledger(store);
			ledgers.set(store, ledger);
		}
		return ledger;
	}

	private get db() {
		return this.#store.db;
	}

	/** Runs `fn` in one write transaction of the store. */
	transaction<T>(fn: () => T): T {
		return this.#store.transaction(fn);
	}

	/** Inserts a run owned by this process; false when the id is taken. */
	createRun(run: NewRun): boolean {
		const info = this.db
			.prepare(
				`INSERT OR IGNORE INTO wf_runs (run_id, workflow, origin, strict, agent_scope, status, started_at, total_steps, owner, heartbeat_at, parent_run_id, parent_step, root_run_id, hook_event, hook_agent, template, inline)
				VALUES (?, ?, ?, ?, ?, 'running', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			)
			.run(run.run_id, run.workflow, run.origin, run.strict ? 1 : 0, run.agent_scope, run.started_at, run.total_steps, processOwner(), now(), run.parent_run_id, run.parent_step, run.root_run_id, run.hook_event, run.hook_agent, run.template, run.inline);
		return info.changes === 1;
	}

	/** Takes over a run whose owner is gone (resume); false when a live process still runs it. */
	claimRun(runId: string, strict: boolean): RunRow | false {
		return this.#store.transaction(() => {
			const row = this.run(runId);
			if (!row || (row.status === 'running' && ownerAlive(row.owner, row.heartbeat_at))) return false;
			this.db.prepare(`UPDATE wf_runs SET status = 'running', owner = ?, heartbeat_at = ?, strict = ?, finished_at = NULL, success = NULL WHERE run_id = ?`).run(processOwner(), now(), strict || row.strict ? 1 : 0, runId);
			return this.run(runId)!;
		});
	}

	heartbeat(runId: string): void {
		this.db.prepare('UPDATE wf_runs SET heartbeat_at = ? WHERE run_id = ? AND owner = ?').run(now(), runId, processOwner());
		this.db.prepare('UPDATE wf_locks SET heartbeat_at = ? WHERE owner = ?').run(now(), processOwner());
	}

	finishRun(runId: string, fields: {success: boolean; failedSteps: number[]; result: unknown}): void {
		this.db
			.prepare('UPDATE wf_runs SET status = ?, success = ?, finished_at = ?, failed_steps = ?, result = ?, owner = NULL WHERE run_id = ?')
			.run(fields.success ? 'success' : 'failed', fields.success ? 1 : 0, now(), JSON.stringify(fields.failedSteps), JSON.stringify(fields.result), runId);
	}

	/** Gives a run up without finishing it (an error outside any step); it stays resumable. */
	releaseRun(runId: string): void {
		this.db.prepare("UPDATE wf_runs SET status = 'failed', success = 0, finished_at = ?, owner = NULL WHERE run_id = ? AND owner = ?").run(now(), runId, processOwner());
	}

	run(runId: string): RunRow | undefined {
		return this.db.prepare('SELECT * FROM wf_runs WHERE run_id = ?').get(runId) as RunRow | undefined;
	}

	/** Runs, newest first. */
	runs(options: {limit?: number; workflow?: string} = {}): RunRow[] {
		const limit = options.limit ?? 100;
		if (options.workflow !== undefined) {
			return this.db.prepare('SELECT * FROM wf_runs WHERE workflow = ? ORDER BY started_at DESC, rowid DESC LIMIT ?').all(options.workflow, limit) as RunRow[];
		}
		return this.db.prepare('SELECT * FROM wf_runs ORDER BY started_at DESC, rowid DESC LIMIT ?').all(limit) as RunRow[];
	}

	/** Runs recorded as running (whether or not their process still lives). */
	runningRuns(): RunRow[] {
		return this.db.prepare("SELECT * FROM wf_runs WHERE status = 'running'").all() as RunRow[];
	}

	/** A resumed run takes the steps its workflow has now (steps added at the end since). */
	setTotalSteps(runId: string, total: number): void {
		this.db.prepare('UPDATE wf_runs SET total_steps = ? WHERE run_id = ?').run(total, runId);
	}

	/** Steps of a run that finished well, and how many of those with warnings. */
	stepCounts(runId: string): {done: number; warned: number} {
		const done = this.db.prepare("SELECT COUNT(*) AS n FROM wf_steps WHERE run_id = ? AND status IN ('success', 'warning')").get(runId) as {n: number};
		const warned = this.db.prepare("SELECT COUNT(*) AS n FROM wf_steps WHERE run_id = ? AND status = 'warning'").get(runId) as {n: number};
		return {done: done.n, warned: warned.n};
	}

	/** Takes the cross-process lock `name` for `runId`, or returns the run (or owner) holding it; a dead holder's lock is taken over. */
	tryLock(name: string, runId: string, token: string): string | undefined {
		return this.#store.transaction(() => {
			const row = this.db.prepare('SELECT * FROM wf_locks WHERE name = ?').get(name) as LockRow | undefined;
			if (row && ownerAlive(row.owner, row.heartbeat_at)) return row.run_id ?? row.owner;
			const at = now();
			this.db
				.prepare(
					'INSERT INTO wf_locks (name, owner, token, run_id, acquired_at, heartbeat_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET owner = excluded.owner, token = excluded.token, run_id = excluded.run_id, acquired_at = excluded.acquired_at, heartbeat_at = excluded.heartbeat_at',
				)
				.run(name, processOwner(), token, runId, at, at);
			return undefined;
		});
	}

	unlock(name: string, token: string): void {
		this.db.prepare('DELETE FROM wf_locks WHERE name = ? AND token = ?').run(name, token);
	}

	/** Runs of this tree (a root run and everything it started). */
	runsUnder(rootRunId: string): RunRow[] {
		return this.db.prepare('SELECT * FROM wf_runs WHERE root_run_id = ? ORDER BY rowid').all(rootRunId) as RunRow[];
	}

	/** Records a step's intent before its side effects: first entry plans it, re-entries bump `attempt`. */
	beginStep(runId: string, step: {index: number; id: string | undefined; type: string; agent: string | undefined; key: string}, intent: Record<string, unknown>): StepRow {
		return this.#store.transaction(() => {
			const at = now();
			this.db
				.prepare(
					`INSERT INTO wf_steps (run_id, step_index, step_id, step_type, agent, key, status, planned_at, started_at, attempt, intent)
					VALUES (?, ?, ?, ?, ?, ?, 'running', ?, ?, 1, ?)
					ON CONFLICT(run_id, step_index) DO UPDATE SET status = 'running', started_at = excluded.started_at, attempt = attempt + 1,
						intent = excluded.intent, agent = excluded.agent, finished_at = NULL, outcome = NULL`,
				)
				.run(runId, step.index, step.id ?? null, step.type, step.agent ?? null, step.key, at, at, JSON.stringify(intent));
			return this.db.prepare('SELECT * FROM wf_steps WHERE run_id = ? AND step_index = ?').get(runId, step.index) as StepRow;
		});
	}

	finishStep(runId: string, index: number, status: StepStatus, outcome: Record<string, unknown>): void {
		this.db.prepare('UPDATE wf_steps SET status = ?, finished_at = ?, outcome = ? WHERE run_id = ? AND step_index = ?').run(status, now(), JSON.stringify(outcome), runId, index);
	}

	steps(runId: string): StepRow[] {
		return this.db.prepare('SELECT * FROM wf_steps WHERE run_id = ? ORDER BY step_index').all(runId) as StepRow[];
	}

	startAttempt(runId: string, index: number, detail: Record<string, unknown> = {}): number {
		return this.#store.transaction(() => {
			const row = this.db.prepare('SELECT MAX(attempt) AS last FROM wf_attempts WHERE run_id = ? AND step_index = ?').get(runId, index) as {last: number | null};
			const attempt = (row.last ?? 0) + 1;
			this.db.prepare("INSERT INTO wf_attempts (run_id, step_index, attempt, started_at, status, detail) VALUES (?, ?, ?, ?, 'running', ?)").run(runId, index, attempt, now(), JSON.stringify(detail));
			return attempt;
		});
	}

	endAttempt(runId: string, index: number, attempt: number, status: string, detail: Record<string, unknown>): void {
		this.db.prepare('UPDATE wf_attempts SET finished_at = ?, status = ?, detail = ? WHERE run_id = ? AND step_index = ? AND attempt = ?').run(now(), status, JSON.stringify(detail), runId, index, attempt);
	}

	attempts(runId: string, index: number): AttemptRow[] {
		return this.db.prepare('SELECT attempt, started_at, finished_at, status, detail FROM wf_attempts WHERE run_id = ? AND step_index = ? ORDER BY attempt').all(runId, index) as AttemptRow[];
	}

	effect(runId: string, index: number, name: string): EffectRow | undefined {
		const row = this.db.prepare('SELECT state, data, created_at, done_at FROM wf_effects WHERE run_id = ? AND step_index = ? AND name = ?').get(runId, index, name) as
			| (Omit<EffectRow, 'data'> & {data: string})
			| undefined;
		return row ? {...row, data: JSON.parse(row.data) as Record<string, unknown>} : undefined;
	}

	/** Records a side effect about to happen (`intent`) or that happened (`done`); data is merged. */
	markEffect(runId: string, index: number, name: string, state: 'intent' | 'done', data: Record<string, unknown> = {}): EffectRow {
		return this.#store.transaction(() => {
			const previous = this.effect(runId, index, name);
			const merged = {...previous?.data, ...data};
			const created = previous?.created_at ?? now();
			this.db
				.prepare('INSERT INTO wf_effects (run_id, step_index, name, state, data, created_at, done_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(run_id, step_index, name) DO UPDATE SET state = excluded.state, data = excluded.data, done_at = excluded.done_at')
				.run(runId, index, name, state, JSON.stringify(merged), created, state === 'done' ? now() : null);
			return {state, data: merged, created_at: created, done_at: state === 'done' ? now() : null};
		});
	}

	/** Effects named `name` recorded by any run of a tree (e.g. agents a run started, for reclaim). */
	effectsNamed(runIds: readonly string[], name: string): Array<EffectRow & {run_id: string}> {
		if (runIds.length === 0) return [];
		const marks = runIds.map(() => '?').join(', ');
		const rows = this.db.prepare(`SELECT run_id, state, data, created_at, done_at FROM wf_effects WHERE name = ? AND run_id IN (${marks})`).all(name, ...runIds) as Array<
			Omit<EffectRow, 'data'> & {data: string; run_id: string}
		>;
		return rows.map((row) => ({...row, data: JSON.parse(row.data) as Record<string, unknown>}));
	}

	putOutput(row: OutputRow): void {
		this.db
			.prepare('INSERT INTO wf_outputs (run_id, name, kind, path, raw_path, value) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(run_id, name) DO UPDATE SET kind = excluded.kind, path = excluded.path, raw_path = excluded.raw_path, value = excluded.value')
			.run(row.run_id, row.name, row.kind, row.path, row.raw_path, row.value);
	}

	outputs(runId: string): OutputRow[] {
		return this.db.prepare('SELECT * FROM wf_outputs WHERE run_id = ? ORDER BY rowid').all(runId) as OutputRow[];
	}

	/** Claims a schedule tick: true for exactly one caller across every process of the workspace. */
	claimTick(workflow: string, tick: string): boolean {
		return this.db.prepare('INSERT OR IGNORE INTO wf_ticks (workflow, tick, claimed_by, claimed_at) VALUES (?, ?, ?, ?)').run(workflow, tick, processOwner(), now()).changes === 1;
	}

	noteTick(workflow: string, tick: string, runId: string | null, note: string): void {
		this.db.prepare('UPDATE wf_ticks SET run_id = ?, note = ? WHERE workflow = ? AND tick = ?').run(runId, note, workflow, tick);
	}

	ticks(workflow?: string): Array<{workflow: string; tick: string; claimed_by: string; run_id: string | null; note: string | null}> {
		const sql = 'SELECT workflow, tick, claimed_by, run_id, note FROM wf_ticks';
		return (workflow === undefined ? this.db.prepare(`${sql} ORDER BY tick`).all() : this.db.prepare(`${sql} WHERE workflow = ? ORDER BY tick`).all(workflow)) as Array<{
			workflow: string;
			tick: string;
			claimed_by: string;
			run_id: string | null;
			note: string | null;
		}>;
	}

	getMeta(key: string): string | undefined {
		return (this.db.prepare('SELECT value FROM wf_meta WHERE key = ?').get(key) as {value: string} | undefined)?.value;
	}

	setMeta(key: string, value: string): void {
		this.db.prepare('INSERT INTO wf_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
	}
}

/** A run's status for display: a `running` run whose process is gone is `interrupted`. */
export function runStatus(row: RunRow): RunStatus {
	if (row.status === 'running' && !ownerAlive(row.owner, row.heartbeat_at)) return 'interrupted';
	return row.status;
}
