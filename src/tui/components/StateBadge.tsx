import {memo} from 'react';
import {stateLabels} from '../../core/state/presentation.js';
import type {AgentState} from '../../core/state/types.js';
import {stateToken} from '../theme/context.js';
import {Txt} from './Txt.js';

/** State glyph (and label): readable without colour. */
export const StateBadge = memo(function StateBadge({state, label = true, exitStatus}: {state: AgentState; label?: boolean; exitStatus?: number | undefined}) {
	const {glyph, label: text} = stateLabels[state];
	const suffix = state === 'stopped' && exitStatus !== undefined && exitStatus !== 0 ? ` (${exitStatus})` : '';
	return <Txt t={stateToken(state)}>{label ? `${glyph} ${text}${suffix}` : glyph}</Txt>;
});
