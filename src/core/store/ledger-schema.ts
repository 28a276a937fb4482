import type {RunOrigin, RunStatus, StepStatus} from '../workflow/types.js';

/**
 * The run ledger, in the workspace's SQLite store: runs, step intents and outcomes, attempts,
 * side-effect records (the idempotency keys that make `--resume` exactly-once), outputs, claimed
 * schedule ticks and cross-process locks. Every write is a statement or an IMMEDIATE transaction,
 * so concurrent `tt` processes never lose or duplicate a record.
 */
export const ledgerSchema = `
CREATE TABLE IF NOT EXISTS wf_runs (
	run_id TEXT PRIMARY KEY, workflow TEXT NOT NULL, origin TEXT NOT NULL, strict INTEGER NOT NULL,
	agent_scope TEXT, status TEXT NOT NULL, success INTEGER, started_at TEXT NOT NULL, finished_at TEXT,
	failed_steps TEXT NOT NULL DEFAULT '[]', total_steps INTEGER NOT NULL, owner TEXT, heartbeat_at TEXT,
	parent_run_id TEXT, parent_step INTEGER, root_run_id TEXT NOT NULL, hook_event TEXT, hook_agent TEXT,
	template TEXT, inline TEXT, result TEXT
);
CREATE INDEX IF NOT EXISTS wf_runs_started ON wf_runs(started_at);
CREATE TABLE IF NOT EXISTS wf_steps (
	run_id TEXT NOT NULL, step_index INTEGER NOT NULL, step_id TEXT, step_type TEXT NOT NULL, agent TEXT,
	key TEXT NOT NULL, status TEXT NOT NULL, planned_at TEXT NOT NULL, started_at TEXT NOT NULL,
	finished_at TEXT, attempt INTEGER NOT NULL, intent TEXT NOT NULL, outcome TEXT,
	PRIMARY KEY (run_id, step_index)
);
CREATE TABLE IF NOT EXISTS wf_attempts (
	run_id TEXT NOT NULL, step_index INTEGER NOT NULL, attempt INTEGER NOT NULL, started_at TEXT NOT NULL,
	finished_at TEXT, status TEXT NOT NULL, detail TEXT, PRIMARY KEY (run_id, step_index, attempt)
);
CREATE TABLE IF NOT EXISTS wf_effects (
	run_id TEXT NOT NULL, step_index INTEGER NOT NULL, name TEXT NOT NULL, state TEXT NOT NULL,
	data TEXT NOT NULL, created_at TEXT NOT NULL, done_at TEXT, PRIMARY KEY (run_id, step_index, name)
);
CREATE TABLE IF NOT EXISTS wf_outputs (
	run_id TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL, path TEXT NOT NULL, raw_path TEXT,
	value TEXT NOT NULL, PRIMARY KEY (run_id, name)
);
CREATE TABLE IF NOT EXISTS wf_ticks (
	workflow TEXT NOT NULL, tick TEXT NOT NULL, claimed_by TEXT NOT NULL, claimed_at TEXT NOT NULL,
	run_id TEXT, note TEXT, PRIMARY KEY (workflow, tick)
);
CREATE TABLE IF NOT EXISTS wf_locks (
	name TEXT PRIMARY KEY, owner TEXT NOT NULL, token TEXT NOT NULL, run_id TEXT, acquired_at TEXT NOT NULL, heartbeat_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS wf_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

export type RunRow = {
	run_id: string;
	workflow: string;
	origin: RunOrigin;
	strict: number;
	agent_scope: string | null;
	status: Exclude<RunStatus, 'interrupted'>;
	success: number | null;
	started_at: string;
	finished_at: string | null;
	failed_steps: string;
	total_steps: number;
	owner: string | null;
	heartbeat_at: string | null;
	parent_run_id: string | null;
	parent_step: number | null;
	root_run_id: string;
	hook_event: string | null;
	hook_agent: string | null;
	template: string | null;
	inline: string | null;
	result: string | null;
};

export type StepRow = {
	run_id: string;
	step_index: number;
	step_id: string | null;
	step_type: string;
	agent: string | null;
	key: string;
	status: 'running' | StepStatus;
	planned_at: string;
	started_at: string;
	finished_at: string | null;
	attempt: number;
	intent: string;
	outcome: string | null;
};

export type EffectRow = {state: 'intent' | 'done'; data: Record<string, unknown>; created_at: string; done_at: string | null};
export type OutputRow = {run_id: string; name: string; kind: 'json' | 'artifact'; path: string; raw_path: string | null; value: string};
export type AttemptRow = {attempt: number; started_at: string; finished_at: string | null; status: string; detail: string | null};

export type NewRun = Pick<RunRow, 'run_id' | 'workflow' | 'origin' | 'agent_scope' | 'started_at' | 'total_steps' | 'parent_run_id' | 'parent_step' | 'root_run_id' | 'hook_event' | 'hook_agent' | 'template' | 'inline'> & {strict: boolean};

