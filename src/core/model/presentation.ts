import type {AgentState} from '../state/types.js';

/** What a state means for the person watching: surfaces map a tone to their own colours. */
export type StateTone = 'busy' | 'working' | 'idle' | 'attention' | 'error' | 'stopped';

/**
 * How each state looks on every surface (CLI tables, `tt watch`, the dashboard): a label and a
 * glyph readable without colour, and a tone. Declared once; no surface keeps its own copy.
 */
export const statePresentation: Readonly<Record<AgentState, {label: string; glyph: string; tone: StateTone}>> = {
	starting: {label: 'starting', glyph: '◐', tone: 'busy'},
	working: {label: 'working', glyph: '●', tone: 'working'},
	idle: {label: 'idle', glyph: '○', tone: 'idle'},
	needs_input: {label: 'needs input', glyph: '✋', tone: 'attention'},
	auth_failed: {label: 'auth failed', glyph: '✗', tone: 'error'},
	rate_limited: {label: 'rate limited', glyph: '⏸', tone: 'error'},
	provider_down: {label: 'provider down', glyph: '⚡', tone: 'error'},
	stalled: {label: 'stalled', glyph: '◌', tone: 'attention'},
	stopped: {label: 'stopped', glyph: '■', tone: 'stopped'},
	unknown: {label: 'unknown', glyph: '?', tone: 'idle'},
};

/** The look of a state name from outside (an event, the wire): unknown names fall back plainly. */
export function presentationOf(state: string): {label: string; glyph: string; tone: StateTone} {
	return (statePresentation as Record<string, {label: string; glyph: string; tone: StateTone}>)[state] ?? {label: state, glyph: '?', tone: 'idle'};
}
