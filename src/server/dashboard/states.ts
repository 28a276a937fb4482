import {presentationOf} from '../../core/model/presentation.js';

/**
 * How an agent state looks on the dashboard: core's one presentation table (glyph, label), with
 * the tone as the CSS class that colours it (`tone-attention`, …).
 */
export function look(state: string): {glyph: string; label: string; tone: string} {
	const {glyph, label, tone} = presentationOf(state);
	return {glyph, label, tone: `tone-${tone}`};
}
