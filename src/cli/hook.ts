import {readFileSync} from 'node:fs';
import {builtinAdapters} from '../adapters/index.js';
import {appendSignal} from '../core/state/hook-signals.js';

/**
 * `tt hook <runtime> <event>`: called by an agent CLI's hook with the payload on stdin. It must
 * return at once and never fail the CLI's turn: it appends one line to the workspace's signals
 * file and exits 0 whatever happens. What an event means is the runtime's adapter's to say.
 */
export function runHook(args: readonly string[]): number {
	try {
		const [runtime = '', event = ''] = args;
		const agent = process.env['TUTTI_AGENT'];
		const stateDir = process.env['TUTTI_STATE_DIR'];
		if (!agent || !stateDir || !event) return 0;
		const hookState = builtinAdapters.find((adapter) => adapter.id === runtime)?.signals?.hookState;
		if (!hookState) return 0;
		let payload: Record<string, unknown> = {};
		try {
			const text = readFileSync(0, 'utf8');
			payload = text.trim() === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
		} catch {
			// A payload we cannot read still tells us which event fired.
		}
		const implied = hookState(event, payload);
		if (!implied) return 0;
		appendSignal(stateDir, {
			t: Date.now(),
			agent,
			runtime,
			event,
			state: implied.state,
			...(implied.detail ? {detail: implied.detail.slice(0, 300)} : {}),
			...(typeof payload['session_id'] === 'string' ? {session_id: payload['session_id']} : {}),
		});
	} catch {
		// Never let bookkeeping break the agent.
	}
	return 0;
}
