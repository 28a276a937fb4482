import type {NativeSignal} from './combine.js';
import type {AgentState} from './types.js';

const oscStates: Readonly<Record<string, AgentState>> = {
	working: 'working',
	blocked: 'needs_input',
	done: 'idle',
	idle: 'idle',
};

/**
 * Parses an OSC 7501 payload (`state=working:app=codex`, `state=blocked:app=codex:kind=permission`).
 * `error` carries no kind (auth or rate limit?), so it is left to the screen rules; `clear` (exit)
 * to the pane's death: both return 'clear'.
 */
export function parseOsc7501(data: string, at: number): NativeSignal | 'clear' | undefined {
	const fields = new Map(
		data.split(':').map((part) => {
			const eq = part.indexOf('=');
			return eq < 0 ? [part, ''] : [part.slice(0, eq), part.slice(eq + 1)];
		}),
	);
	const raw = fields.get('state');
	if (raw === undefined) return undefined;
	const app = fields.get('app') ?? 'cli';
	// After an error or an exit the CLI's own word no longer describes the screen: let the other layers decide.
	if (raw === 'error' || raw === 'clear') return 'clear';
	const state = oscStates[raw];
	if (!state) return undefined;
	const kind = fields.get('kind');
	return {state, rule: `osc7501.${raw}`, detail: `${app}${kind ? ` (${kind})` : ''}`, at};
}
