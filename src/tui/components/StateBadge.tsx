import {memo} from 'react';
import {statePresentation} from '../../core/model/presentation.js';
import type {AgentState} from '../../core/state/types.js';
import type {Span} from '../paint/rows.js';
import {stateToken} from '../theme/context.js';
import {Txt} from './Txt.js';

/** The badge's text: glyph, and label (with a non-zero exit status) unless `label` is false. */
export function badgeText(state: AgentState, label = true, exitStatus?: number): string {
	const {glyph, label: text} = statePresentation[state];
	const suffix = state === 'stopped' && exitStatus !== undefined && exitStatus !== 0 ? ` (${exitStatus})` : '';
	return label ? `${glyph} ${text}${suffix}` : glyph;
}

/** The badge as a span of a painted row. */
export function badgeSpan(state: AgentState, label = true, exitStatus?: number): Span {
	return {text: badgeText(state, label, exitStatus), t: stateToken(state)};
}

/** State glyph (and label): readable without colour. */
export const StateBadge = memo(function StateBadge({state, label = true, exitStatus}: {state: AgentState; label?: boolean; exitStatus?: number | undefined}) {
	return <Txt t={stateToken(state)}>{badgeText(state, label, exitStatus)}</Txt>;
});
