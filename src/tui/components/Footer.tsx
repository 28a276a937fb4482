import {memo, useMemo} from 'react';
import {commands, footerLabels, type CommandId} from '../keys/commands.js';
import {keyLabel} from '../keys/match.js';
import {span, type Row} from '../paint/rows.js';
import type {Toast} from '../ui-state.js';
import {Rows} from './Rows.js';

/** The footer line: the screen's main keys, or a toast. */
export function footerRow(ids: readonly CommandId[], toast: Toast | undefined): Row {
	if (toast) return {left: [span(toast.text, toast.level === 'error' ? 'toast.error' : 'toast.info')]};
	return {
		left: ids.flatMap((id, index) => [
			...(index === 0 ? [] : [span('  ')]),
			span(id === 'nav.down' ? '↑↓←→' : keyLabel(commands[id].keys[0] ?? ''), 'footer.key'),
			span(` ${footerLabels[id] ?? commands[id].description}`, 'text.secondary'),
		]),
	};
}

/** The main keys of the screen, from the command table; a toast replaces them for a moment. */
export const Footer = memo(function Footer({ids, width, toast}: {ids: readonly CommandId[]; width: number; toast: Toast | undefined}) {
	const rows = useMemo(() => [footerRow(ids, toast)], [ids, toast]);
	return <Rows rows={rows} width={width} />;
});
