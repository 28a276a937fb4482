import type {AgentState} from './types.js';

/** Labels and glyphs for states: readable without colour. Colours are picked by each surface's theme. */
export const stateLabels: Readonly<Record<AgentState, {label: string; glyph: string}>> = {
	starting: {label: 'starting', glyph: '◐'},
	working: {label: 'working', glyph: '●'},
	idle: {label: 'idle', glyph: '○'},
	needs_input: {label: 'needs input', glyph: '✋'},
	auth_failed: {label: 'auth failed', glyph: '✗'},
	rate_limited: {label: 'rate limited', glyph: '⏸'},
	provider_down: {label: 'provider down', glyph: '⚡'},
	stalled: {label: 'stalled', glyph: '◌'},
	stopped: {label: 'stopped', glyph: '■'},
	unknown: {label: 'unknown', glyph: '?'},
};
