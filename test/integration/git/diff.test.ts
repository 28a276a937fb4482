import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {ensureWorktree, inspectWorktree, land, worktreeDiff} from '../../../src/core/git/index.js';
import {makeProject, type TestProject} from './repo.js';

let project: TestProject;
let dir: string;
beforeEach(async () => {
	project = makeProject();
	dir = (await ensureWorktree({root: project.root, agent: 'coder', branch: 'tutti/coder'})).path;
});
afterEach(() => project.cleanup());

const diff = (extra: {staged?: boolean; nameOnly?: boolean; stat?: boolean} = {}) =>
	worktreeDiff({root: project.root, agent: 'coder', branch: 'tutti/coder', ...extra});

describe('worktreeDiff', () => {
	it('returns commits, status and committed / uncommitted sections with counts', async () => {
		const base = project.git(['rev-parse', 'HEAD']);
		project.commit('add feature', {'feature.ts': 'a\nb\n'}, dir);
		project.commit('main moves', {'main.txt': 'm\n'});
		writeFileSync(path.join(dir, 'src', 'a.ts'), 'export const a = 2;\n');
		writeFileSync(path.join(dir, `it's "new".txt`), 'x\ny\nz\n');
		const result = await diff();

		expect(result).toMatchObject({worktree: dir, branch: 'tutti/coder', base});
		expect(result.commits.map((commit) => commit.subject)).toEqual(['add feature']);
		expect(result.commits[0]?.hash).toMatch(/^[0-9a-f]{40}$/);
		expect(result.status).toEqual([
			{code: ' M', path: 'src/a.ts'},
			{code: '??', path: `it's "new".txt`},
		]);
		expect(result.committed.files).toEqual([{path: 'feature.ts', insertions: 2, deletions: 0}]);
		expect(result.committed.diff).toContain('+++ b/feature.ts');
		expect(result.uncommitted.files).toEqual([
			{path: 'src/a.ts', insertions: 1, deletions: 1},
			{path: `it's "new".txt`, insertions: 3, deletions: 0},
		]);
		expect(result.uncommitted.diff).toContain('-export const a = 1;');
		expect(result.uncommitted.diff).toContain('new file mode');
		// The total compares the merge base with the files as they stand now.
		expect(result.files.map((file) => file.path).sort()).toEqual(['feature.ts', `it's "new".txt`, 'src/a.ts']);
		expect(result).toMatchObject({insertions: 6, deletions: 1});
		expect(result.stat).toBeUndefined();
	});

	it('a landed commit is not "to land" any more (cherry-picked: another hash, the same patch)', async () => {
		project.commit('landed work', {'landed.ts': 'x\n'}, dir);
		project.commit('pending work', {'pending.ts': 'y\n'}, dir);
		expect((await diff()).commits.map((commit) => commit.subject)).toEqual(['pending work', 'landed work']);
		expect((await inspectWorktree(project.root, 'coder')).aheadOfProject).toBe(2);
		const result = await land({root: project.root, agent: 'coder', branch: 'tutti/coder'});
		expect(result.landed.map((commit) => commit.subject)).toEqual(['landed work', 'pending work']);
		expect((await diff()).commits).toEqual([]);
		expect((await inspectWorktree(project.root, 'coder')).aheadOfProject).toBe(0);
		project.commit('more work', {'more.ts': 'z\n'}, dir);
		expect((await diff()).commits.map((commit) => commit.subject)).toEqual(['more work']);
		expect((await inspectWorktree(project.root, 'coder')).aheadOfProject).toBe(1);
	});

	it('landed work is no longer shown as a change: only what is still to land is (tt diff, the TUI, the dashboard)', async () => {
		project.commit('landed work', {'landed.ts': 'x\n'}, dir);
		// The project's branch moved on, so landing cherry-picks (a fast-forward would move the merge base).
		project.commit('main moves', {'main.txt': 'm\n'});
		await land({root: project.root, agent: 'coder', branch: 'tutti/coder'});
		expect(project.git(['log', '-1', '--format=%s'])).toBe('landed work');
		const landed = await diff();
		expect(landed.committed.files).toEqual([]);
		expect(landed.files).toEqual([]);
		expect(landed.diff).toBe('');
		project.commit('more work', {'more.ts': 'z\n'}, dir);
		writeFileSync(path.join(dir, 'notes.txt'), 'n\n');
		const after = await diff();
		expect(after.committed.files.map((file) => file.path)).toEqual(['more.ts']);
		expect(after.files.map((file) => file.path).sort()).toEqual(['more.ts', 'notes.txt']);
		expect(after.diff).not.toContain('landed.ts');
		// Its worktree removed, the branch shows the same.
		project.git(['worktree', 'remove', '--force', dir]);
		const branch = await diff();
		expect(branch.from).toBe('branch');
		expect(branch.files.map((file) => file.path)).toEqual(['more.ts']);
	});

	it('supports --staged, --name-only and --stat', async () => {
		writeFileSync(path.join(dir, 'src', 'a.ts'), 'staged\n');
		project.git(['add', 'src/a.ts'], dir);
		writeFileSync(path.join(dir, 'README.md'), 'unstaged\n');

		const staged = await diff({staged: true});
		expect(staged.uncommitted.files.map((file) => file.path)).toEqual(['src/a.ts']);

		const names = await diff({nameOnly: true});
		expect(names.uncommitted.diff.split('\n').filter(Boolean).sort()).toEqual(['README.md', 'src/a.ts']);

		const stat = await diff({stat: true});
		expect(stat.uncommitted.stat).toMatch(/2 files changed/);
		expect(stat.committed.stat).toBe('');

		await expect(diff({nameOnly: true, stat: true})).rejects.toMatchObject({code: 'ERR_USAGE'});
	});

	it('fails with ERR_WORKTREE_MISSING and a tt up hint when the agent has no worktree', async () => {
		await expect(worktreeDiff({root: project.root, agent: 'nobody', branch: 'tutti/nobody'})).rejects.toMatchObject({
			code: 'ERR_WORKTREE_MISSING',
			hint: expect.stringContaining('tt up nobody'),
		});
	});
});
