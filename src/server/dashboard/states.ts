/** How each agent state looks: a glyph, a label, and a tone (a CSS class with the colour). */
export const stateLook: Record<string, {glyph: string; label: string; tone: string}> = {
	starting: {glyph: '◌', label: 'starting', tone: 'tone-busy'},
	working: {glyph: '●', label: 'working', tone: 'tone-working'},
	idle: {glyph: '○', label: 'idle', tone: 'tone-idle'},
	needs_input: {glyph: '✋', label: 'needs you', tone: 'tone-attention'},
	auth_failed: {glyph: '⚠', label: 'auth failed', tone: 'tone-error'},
	rate_limited: {glyph: '⏳', label: 'rate limited', tone: 'tone-error'},
	provider_down: {glyph: '⚡', label: 'provider down', tone: 'tone-error'},
	stalled: {glyph: '◎', label: 'stalled', tone: 'tone-attention'},
	stopped: {glyph: '■', label: 'stopped', tone: 'tone-stopped'},
	unknown: {glyph: '?', label: 'unknown', tone: 'tone-idle'},
};

export function look(state: string): {glyph: string; label: string; tone: string} {
	return stateLook[state] ?? {glyph: '?', label: state, tone: 'tone-idle'};
}

/** States that need a human. */
export const attention = new Set(['needs_input', 'auth_failed', 'rate_limited', 'provider_down', 'stalled']);
