import {renderToString} from 'ink';
import {describe, expect, it} from 'vitest';
import type {WorktreeDiff} from '../../../src/core/git/index.js';
import {DiffPanel} from '../../../src/tui/screens/focus/DiffPanel.js';
import {ThemeProvider} from '../../../src/tui/theme/context.js';
import {testTheme} from './helpers.js';

function diffOf(files: WorktreeDiff['files']): WorktreeDiff {
	const insertions = files.reduce((sum, file) => sum + file.insertions, 0);
	const deletions = files.reduce((sum, file) => sum + file.deletions, 0);
	const section = {diff: '', files, insertions, deletions};
	return {worktree: '/w', from: 'worktree', branch: 'tutti/a', base: undefined, commits: [], status: [], committed: section, uncommitted: section, diff: '', files, insertions, deletions};
}

function title(files: WorktreeDiff['files']): string {
	const frame = renderToString(
		<ThemeProvider theme={testTheme('no-color')}>
			<DiffPanel state={{diff: diffOf(files), error: undefined, loading: false}} width={60} height={6} scroll={0} />
		</ThemeProvider>,
		{columns: 60},
	);
	return frame.split('\n')[0] ?? '';
}

describe('the focus view diff panel', () => {
	it('counts files in words: one file, two files', () => {
		expect(title([{path: 'a.ts', insertions: 3, deletions: 0}])).toContain('diff 1 file, +3 −0');
		expect(title([{path: 'a.ts', insertions: 3, deletions: 0}])).not.toContain('1 files');
		expect(title([
			{path: 'a.ts', insertions: 1, deletions: 2},
			{path: 'b.ts', insertions: 4, deletions: 0},
		])).toContain('diff 2 files, +5 −2');
	});
});
