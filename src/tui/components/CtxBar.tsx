import {Text} from 'ink';
import {memo} from 'react';
import {Txt} from './Txt.js';
import type {ThemeToken} from '../theme/tokens.js';

/** Context health thresholds (percent of the window used). */
export const ctxThresholds = {warn: 60, critical: 85} as const;

export function ctxToken(pct: number): ThemeToken {
	return pct >= ctxThresholds.critical ? 'ctx.critical' : pct >= ctxThresholds.warn ? 'ctx.warn' : 'ctx.ok';
}

/** `CTX ▰▰▰▱▱ 42%`: filled cells in the threshold colour; `CTX –` when unknown. */
export const CtxBar = memo(function CtxBar({pct, cells = 5, label = true}: {pct: number | undefined; cells?: number; label?: boolean}) {
	if (pct === undefined) {
		return <Txt t="text.muted">{label ? 'CTX ' : ''}–</Txt>;
	}
	const clamped = Math.min(100, Math.max(0, pct));
	const filled = Math.round((clamped / 100) * cells);
	return (
		<Text>
			{label ? <Txt t="text.secondary">CTX </Txt> : null}
			<Txt t={ctxToken(clamped)}>{'▰'.repeat(filled)}</Txt>
			<Txt t="text.muted">{'▱'.repeat(cells - filled)}</Txt>
			<Txt t={ctxToken(clamped)}>{` ${Math.round(clamped)}%`}</Txt>
		</Text>
	);
});
