import type {Store} from './store.js';

/**
 * The conversation an agent's CLI holds (issue #13): its own session or thread id, and where that
 * conversation lives — the folder the CLI ran in and the CLI's config dir — so a later `tt up`
 * can check the id still belongs to this agent before resuming it. One row per agent.
 */
export type AgentSession = {
	agent: string;
	runtime: string;
	/** The CLI's id; null until a CLI that chooses its own id has written it down. */
	session_id: string | null;
	workdir: string;
	config_dir: string;
	/** When the launch that holds this conversation started (RFC 3339). */
	launched_at: string;
	/** When this row was last written. */
	recorded_at: string;
};

export function readAgentSession(store: Store, agent: string): AgentSession | undefined {
	return store.db.prepare('SELECT * FROM agent_sessions WHERE agent = ?').get(agent) as AgentSession | undefined;
}

/** Records the conversation a launch holds, replacing the agent's earlier one. */
export function saveAgentSession(store: Store, session: Omit<AgentSession, 'recorded_at'>): void {
	store.transaction(() =>
		store.db
			.prepare(
				'INSERT INTO agent_sessions (agent, runtime, session_id, workdir, config_dir, launched_at, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(agent) DO UPDATE SET runtime = excluded.runtime, session_id = excluded.session_id, workdir = excluded.workdir, config_dir = excluded.config_dir, launched_at = excluded.launched_at, recorded_at = excluded.recorded_at',
			)
			.run(session.agent, session.runtime, session.session_id, session.workdir, session.config_dir, session.launched_at, new Date().toISOString()),
	);
}

/**
 * Sets the id a CLI chose for itself, once it is found in the CLI's files. Only the launch that
 * was looking for it is updated (a newer launch of the agent has its own row), and only once.
 * Returns whether it was recorded.
 */
export function recordCapturedSessionId(store: Store, agent: string, launchedAt: string, sessionId: string): boolean {
	return store.transaction(() => {
		const result = store.db
			.prepare('UPDATE agent_sessions SET session_id = ?, recorded_at = ? WHERE agent = ? AND launched_at = ? AND session_id IS NULL')
			.run(sessionId, new Date().toISOString(), agent, launchedAt);
		return result.changes > 0;
	});
}

/**
 * Follows the CLI to another session of the same launch (Claude Code's `/clear` starts one, and
 * says so in its SessionStart hook). Returns whether the recorded id changed.
 */
export function switchSessionId(store: Store, agent: string, launchedAt: string, sessionId: string): boolean {
	return store.transaction(() => {
		const result = store.db
			.prepare('UPDATE agent_sessions SET session_id = ?, recorded_at = ? WHERE agent = ? AND launched_at = ? AND (session_id IS NULL OR session_id != ?)')
			.run(sessionId, new Date().toISOString(), agent, launchedAt, sessionId);
		return result.changes > 0;
	});
}

/** The other agents of the workspace recorded with this session id of this runtime. */
export function agentsHoldingSession(store: Store, runtime: string, sessionId: string, except: string): AgentSession[] {
	return store.db.prepare('SELECT * FROM agent_sessions WHERE runtime = ? AND session_id = ? AND agent != ?').all(runtime, sessionId, except) as AgentSession[];
}

/** Forgets the agent's conversation (its worktree was removed: nothing there to resume). */
export function forgetAgentSession(store: Store, agent: string): void {
	store.transaction(() => store.db.prepare('DELETE FROM agent_sessions WHERE agent = ?').run(agent));
}
