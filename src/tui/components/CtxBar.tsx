import {Text} from 'ink';
import {memo} from 'react';
import type {Span} from '../paint/rows.js';
import type {ThemeToken} from '../theme/tokens.js';
import {Txt} from './Txt.js';

/** Context health thresholds (percent of the window used). */
export const ctxThresholds = {warn: 60, critical: 85} as const;

export function ctxToken(pct: number): ThemeToken {
	return pct >= ctxThresholds.critical ? 'ctx.critical' : pct >= ctxThresholds.warn ? 'ctx.warn' : 'ctx.ok';
}

/** `CTX ▰▰▰▱▱ 42%` as spans: filled cells in the threshold colour; `CTX –` when unknown. */
export function ctxSpans(pct: number | undefined, cells = 5, label = true): Span[] {
	if (pct === undefined) return [{text: `${label ? 'CTX ' : ''}–`, t: 'text.muted'}];
	const clamped = Math.min(100, Math.max(0, pct));
	const filled = Math.round((clamped / 100) * cells);
	const token = ctxToken(clamped);
	return [...(label ? [{text: 'CTX ', t: 'text.secondary' as const}] : []), {text: '▰'.repeat(filled), t: token}, {text: '▱'.repeat(cells - filled), t: 'text.muted'}, {text: ` ${Math.round(clamped)}%`, t: token}];
}

/** The bar as Ink text (for panels laid out by Ink). */
export const CtxBar = memo(function CtxBar({pct, cells = 5, label = true}: {pct: number | undefined; cells?: number; label?: boolean}) {
	return (
		<Text>
			{ctxSpans(pct, cells, label).map((item, index) => (
				<Txt key={index} t={item.t ?? 'text.primary'}>
					{item.text}
				</Txt>
			))}
		</Text>
	);
});
