import type {Store} from './store.js';

/**
 * An agent handed over to another CLI (`tt handoff apply <agent> --replace --runtime codex`) runs
 * that CLI until it is handed back — or until tutti.toml names another runtime for it than the one
 * it was handed over from (`configured`): an edit to the config always wins over an old handover.
 */
export type RuntimeOverride = {agent: string; runtime: string; configured: string; set_at: string};

export function readRuntimeOverride(store: Store, agent: string): RuntimeOverride | undefined {
	return store.db.prepare('SELECT * FROM agent_runtime WHERE agent = ?').get(agent) as RuntimeOverride | undefined;
}

export function setRuntimeOverride(store: Store, agent: string, runtime: string, configured: string): void {
	store.transaction(() => {
		if (runtime === configured) store.db.prepare('DELETE FROM agent_runtime WHERE agent = ?').run(agent);
		else
			store.db
				.prepare('INSERT INTO agent_runtime (agent, runtime, configured, set_at) VALUES (?, ?, ?, ?) ON CONFLICT(agent) DO UPDATE SET runtime = excluded.runtime, configured = excluded.configured, set_at = excluded.set_at')
				.run(agent, runtime, configured, new Date().toISOString());
	});
}
