import type {AgentState} from '../state/types.js';

/** What a state means for the person watching: surfaces map a tone to their own colours. */
export type StateTone = 'busy' | 'working' | 'idle' | 'attention' | 'error' | 'stopped';

/** How one state reads on every surface. */
export type StateLook = {
	/** Short name for tables and cards: `auth failed`. */
	label: string;
	/** The same state in a sentence about the agent, after its name or "it": `is failing authentication`. */
	phrase: string;
	glyph: string;
	tone: StateTone;
};

/**
 * How each state looks on every surface (CLI tables, `tt watch`, the dashboard): a label and a
 * glyph readable without colour, a phrase for sentences, and a tone. Declared once; no surface
 * keeps its own copy.
 */
export const statePresentation: Readonly<Record<AgentState, StateLook>> = {
	starting: {label: 'starting', phrase: 'is starting', glyph: '◐', tone: 'busy'},
	working: {label: 'working', phrase: 'is working', glyph: '●', tone: 'working'},
	idle: {label: 'idle', phrase: 'is idle', glyph: '○', tone: 'idle'},
	needs_input: {label: 'needs input', phrase: 'is waiting for your input', glyph: '✋', tone: 'attention'},
	auth_failed: {label: 'auth failed', phrase: 'is failing authentication', glyph: '✗', tone: 'error'},
	rate_limited: {label: 'rate limited', phrase: 'is rate limited', glyph: '⏸', tone: 'error'},
	provider_down: {label: 'provider down', phrase: 'cannot reach its provider', glyph: '⚡', tone: 'error'},
	stalled: {label: 'stalled', phrase: 'has stalled', glyph: '◌', tone: 'attention'},
	stopped: {label: 'stopped', phrase: 'has stopped', glyph: '■', tone: 'stopped'},
	unreachable: {label: 'unreachable', phrase: 'is on a host that does not answer', glyph: '⌁', tone: 'error'},
	unknown: {label: 'unknown', phrase: 'is in a state tutti cannot tell', glyph: '?', tone: 'idle'},
};

/** The look of a state name from outside (an event, the wire): unknown names fall back plainly. */
export function presentationOf(state: string): StateLook {
	return (statePresentation as Record<string, StateLook>)[state] ?? {label: state, phrase: `is ${state}`, glyph: '?', tone: 'idle'};
}
