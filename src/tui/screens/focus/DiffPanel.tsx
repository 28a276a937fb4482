import {Box, Text} from 'ink';
import {memo, useMemo} from 'react';
import {describeDiffSize} from '../../../core/git/parse.js';
import {Panel} from '../../components/Panel.js';
import {Txt} from '../../components/Txt.js';
import type {ThemeToken} from '../../theme/tokens.js';
import type {DiffState} from './use-diff.js';

/** Lines of the diff view: the file list, then the patch. Capped: a huge patch shows its head. */
export function diffLines(state: DiffState, cap = 5000): Array<{text: string; token: ThemeToken}> {
	if (state.error) return [{text: state.error, token: 'text.muted'}];
	if (!state.diff) return [{text: state.loading ? 'reading the worktree…' : 'no worktree', token: 'text.muted'}];
	const {diff} = state;
	if (diff.files.length === 0) return [{text: `no changes on ${diff.branch}`, token: 'text.muted'}];
	const lines: Array<{text: string; token: ThemeToken}> = diff.files.map((file) => ({text: `${file.path}  +${file.insertions ?? 0} −${file.deletions ?? 0}`, token: 'text.primary'}));
	lines.push({text: '', token: 'text.primary'});
	for (const line of diff.diff.split('\n')) {
		if (lines.length >= cap) {
			lines.push({text: '… (patch cut; tt diff shows all of it)', token: 'text.muted'});
			break;
		}
		const token: ThemeToken = line.startsWith('+++') || line.startsWith('---') || line.startsWith('diff ') || line.startsWith('index ') ? 'diff.meta' : line.startsWith('+') ? 'diff.added' : line.startsWith('-') ? 'diff.removed' : line.startsWith('@@') ? 'diff.hunk' : 'text.secondary';
		lines.push({text: line.replace(/\t/g, '  '), token});
	}
	return lines;
}

/** The worktree's git diff (file list and patch), scrolled with [ and ]. */
export const DiffPanel = memo(function DiffPanel({state, width, height, scroll}: {state: DiffState; width: number; height: number; scroll: number}) {
	const lines = useMemo(() => diffLines(state), [state]);
	const room = Math.max(0, height - 1);
	const start = Math.min(scroll, Math.max(0, lines.length - room));
	const summary = state.diff ? describeDiffSize(state.diff) : '';
	return (
		<Panel title={`diff ${summary}`} width={width} height={height} hint={lines.length > room ? `${start + 1}–${Math.min(lines.length, start + room)}/${lines.length} [ ]` : undefined}>
			{lines.slice(start, start + room).map((line, index) => (
				<Box key={start + index} height={1} flexShrink={0}>
					<Text wrap="truncate-end">
						<Txt t={line.token}>{line.text || ' '}</Txt>
					</Text>
				</Box>
			))}
		</Panel>
	);
});
