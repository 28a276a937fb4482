import type {Store} from './store.js';
import {lazyTables} from './lazy-tables.js';

/**
 * One entry of the policy log (reference §9 `policy-decisions.jsonl`, kept as a table so that
 * concurrent writers never tear a line): a launch, a workflow command step or a
 * `tt permissions check`, and what the policy said.
 */
export type PolicyDecisionRecord = {
	id: number;
	/** RFC 3339, UTC. */
	timestamp: string;
	workspace: string;
	agent: string | null;
	runtime: string | null;
	action: 'launch' | 'workflow_command' | 'permission_check';
	mode: string | null;
	policy: string | null;
	/** How the rules were enforced: `prompt`, `bypass`, `unsupported`, `hard`, `hard_shim` (launches), `engine` (commands). */
	enforcement: string;
	decision: 'allow' | 'block';
	reason: string;
	data: Record<string, unknown>;
};

export type NewPolicyDecision = Omit<PolicyDecisionRecord, 'id' | 'timestamp'>;

const schema = `
CREATE TABLE IF NOT EXISTS policy_decisions (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	timestamp TEXT NOT NULL,
	workspace TEXT NOT NULL,
	agent TEXT,
	runtime TEXT,
	action TEXT NOT NULL,
	mode TEXT,
	policy TEXT,
	enforcement TEXT NOT NULL,
	decision TEXT NOT NULL,
	reason TEXT NOT NULL,
	data TEXT NOT NULL
);
`;

const ready = lazyTables(schema);

/** Appends one decision (one INSERT under the write lock, retried while busy: atomic however many processes write). */
export function appendPolicyDecision(store: Store, decision: NewPolicyDecision): PolicyDecisionRecord {
	const timestamp = new Date().toISOString();
	const info = ready(store).transaction(() =>
		store.db
			.prepare('INSERT INTO policy_decisions (timestamp, workspace, agent, runtime, action, mode, policy, enforcement, decision, reason, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
			.run(timestamp, decision.workspace, decision.agent, decision.runtime, decision.action, decision.mode, decision.policy, decision.enforcement, decision.decision, decision.reason, JSON.stringify(decision.data)),
	);
	return {...decision, id: info.lastInsertRowid, timestamp};
}

type Row = Omit<PolicyDecisionRecord, 'data'> & {data: string};

/** The newest decisions first. */
export function policyDecisions(store: Store, options: {limit?: number} = {}): PolicyDecisionRecord[] {
	const rows = ready(store).db.prepare('SELECT * FROM policy_decisions ORDER BY id DESC LIMIT ?').all(options.limit ?? 100) as Row[];
	return rows.map((row) => ({...row, data: JSON.parse(row.data) as Record<string, unknown>}));
}
