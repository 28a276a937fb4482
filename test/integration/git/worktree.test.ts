import {existsSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {ensureWorktree, inspectWorktree, worktreePath} from '../../../src/core/git/index.js';
import {makeGitRepo, makeTempDir} from '../../helpers/sandbox.js';
import {makeProject, type TestProject} from './repo.js';

let project: TestProject;
beforeEach(() => {
	project = makeProject();
});
afterEach(() => project.cleanup());

const up = (extra: {fresh?: boolean; force?: boolean; branch?: string; agent?: string} = {}) =>
	ensureWorktree({root: project.root, agent: extra.agent ?? 'coder', branch: extra.branch ?? 'tutti/coder', ...extra});

describe('ensureWorktree', () => {
	it('creates .tutti/worktrees/<agent> on a new branch from the project HEAD', async () => {
		const result = await up();
		const dir = path.join(project.root, '.tutti', 'worktrees', 'coder');
		expect(result).toEqual({path: dir, branch: 'tutti/coder', created: true, reused: false, warnings: []});
		expect(project.git(['rev-parse', '--abbrev-ref', 'HEAD'], dir)).toBe('tutti/coder');
		expect(project.git(['rev-parse', 'HEAD'], dir)).toBe(project.git(['rev-parse', 'HEAD']));
	});

	it('adds /.tutti/ to .git/info/exclude once, leaving .gitignore alone', async () => {
		await up();
		await up({agent: 'tester', branch: 'tutti/tester'});
		const exclude = readFileSync(path.join(project.root, '.git', 'info', 'exclude'), 'utf8');
		expect(exclude.split('\n').filter((line) => line === '/.tutti/')).toHaveLength(1);
		expect(existsSync(path.join(project.root, '.gitignore'))).toBe(false);
		// The root's status no longer sees tutti's folder.
		expect(project.git(['status', '--porcelain'])).toBe('');
	});

	it('anchors the exclude pattern at the project folder when tutti.toml sits in a subdirectory', async () => {
		const sub = path.join(project.root, 'packages', 'app [x]');
		mkdirSync(sub, {recursive: true});
		writeFileSync(path.join(sub, 'index.ts'), '1\n');
		project.commit('sub', {});
		await ensureWorktree({root: sub, agent: 'coder', branch: 'tutti/coder'});
		const exclude = readFileSync(path.join(project.root, '.git', 'info', 'exclude'), 'utf8');
		expect(exclude).toContain('/packages/app \\[x]/.tutti/\n');
		expect(project.git(['status', '--porcelain'])).toBe('');
	});

	it('reuses a registered worktree and warns when it is dirty or behind the project HEAD', async () => {
		await up();
		const dir = worktreePath(project.root, 'coder');
		writeFileSync(path.join(dir, 'notes.md'), 'wip\n');
		project.commit('main moves on', {'b.txt': 'b\n'});
		const result = await up();
		expect(result.reused).toBe(true);
		expect(result.created).toBe(false);
		expect(result.warnings.join('\n')).toMatch(/uncommitted changes/);
		expect(result.warnings.join('\n')).toMatch(/--fresh-worktree/);
		expect(existsSync(path.join(dir, 'notes.md'))).toBe(true);
	});

	it('does not warn about a worktree that is only ahead of the project HEAD', async () => {
		await up();
		project.commit('agent work', {'c.txt': 'c\n'}, worktreePath(project.root, 'coder'));
		expect((await up()).warnings).toEqual([]);
	});

	it('checks out an existing branch instead of creating it', async () => {
		project.git(['branch', 'tutti/coder']);
		project.git(['checkout', '-q', 'tutti/coder']);
		const onBranch = project.commit('on branch', {'branch.txt': 'x\n'});
		project.git(['checkout', '-q', 'main']);
		const result = await up();
		expect(result.created).toBe(true);
		expect(project.git(['rev-parse', 'HEAD'], result.path)).toBe(onBranch);
	});

	it('recreates a worktree whose folder was deleted by hand (stale registration pruned)', async () => {
		const first = await up();
		project.commit('agent work', {'kept.txt': 'kept\n'}, first.path);
		rmSync(first.path, {recursive: true, force: true});
		const result = await up();
		expect(result.created).toBe(true);
		expect(result.warnings.join('\n')).toMatch(/deleted outside tutti/);
		// The branch survived, so the agent's commit is back.
		expect(existsSync(path.join(result.path, 'kept.txt'))).toBe(true);
	});

	it('replaces an empty leftover folder but never deletes a non-worktree folder with files', async () => {
		const dir = worktreePath(project.root, 'coder');
		mkdirSync(dir, {recursive: true});
		expect((await up()).created).toBe(true);

		const other = worktreePath(project.root, 'other');
		mkdirSync(other, {recursive: true});
		writeFileSync(path.join(other, 'precious.txt'), 'mine\n');
		await expect(up({agent: 'other', branch: 'tutti/other'})).rejects.toMatchObject({code: 'ERR_WORKTREE_UNSAFE'});
		await expect(up({agent: 'other', branch: 'tutti/other', fresh: true, force: true})).rejects.toMatchObject({code: 'ERR_WORKTREE_UNSAFE'});
		expect(readFileSync(path.join(other, 'precious.txt'), 'utf8')).toBe('mine\n');
	});

	it('fresh: resets worktree and branch to the project HEAD when nothing would be lost', async () => {
		const first = await up();
		project.commit('main moves on', {'b.txt': 'b\n'});
		const result = await up({fresh: true});
		expect(result.created).toBe(true);
		expect(project.git(['rev-parse', 'HEAD'], first.path)).toBe(project.git(['rev-parse', 'HEAD']));
	});

	it('fresh: refuses to drop uncommitted or unlanded work unless forced', async () => {
		const first = await up();
		writeFileSync(path.join(first.path, `it's "quoted".txt`), 'wip\n');
		await expect(up({fresh: true})).rejects.toMatchObject({code: 'ERR_WORKTREE_UNSAFE', message: expect.stringContaining(`?? it's "quoted".txt`)});
		project.commit('unlanded', {}, first.path);
		await expect(up({fresh: true})).rejects.toMatchObject({
			code: 'ERR_WORKTREE_UNSAFE',
			message: expect.stringMatching(/1 commit on tutti\/coder not on main \([0-9a-f]{7} unlanded\)/),
		});
		const result = await up({fresh: true, force: true});
		expect(result.created).toBe(true);
		expect(existsSync(path.join(first.path, `it's "quoted".txt`))).toBe(false);
		expect(project.git(['rev-parse', 'tutti/coder'])).toBe(project.git(['rev-parse', 'HEAD']));
	});

	it('fresh: keeps a worktree that is on an auto/issue-* branch', async () => {
		const first = await up();
		project.git(['checkout', '-q', '-b', 'auto/issue-42'], first.path);
		const result = await up({fresh: true});
		expect(result).toMatchObject({reused: true, created: false, branch: 'auto/issue-42'});
		expect(result.warnings.join('\n')).toMatch(/auto\/issue-/);
	});

	it('handles a project path holding a double quote (worktree list output is matched back)', async () => {
		const temp = makeTempDir('tutti quote ');
		try {
			const root = makeGitRepo(path.join(temp.dir, 'say "hi"'));
			const first = await ensureWorktree({root, agent: 'coder', branch: 'tutti/coder'});
			expect(first.created).toBe(true);
			expect((await ensureWorktree({root, agent: 'coder', branch: 'tutti/coder'})).reused).toBe(true);
			expect(await inspectWorktree(root, 'coder')).toMatchObject({exists: true, atProjectHead: true});
		} finally {
			temp.cleanup();
		}
	});

	it('refuses an empty repository with a hint to make a first commit', async () => {
		const temp = makeTempDir('tutti empty ');
		try {
			const {execFileSync} = await import('node:child_process');
			execFileSync('git', ['init', '-q', temp.dir]);
			await expect(ensureWorktree({root: temp.dir, agent: 'coder', branch: 'tutti/coder'})).rejects.toMatchObject({
				code: 'ERR_GIT',
				message: expect.stringContaining('no commits yet'),
				hint: expect.stringContaining('git commit'),
			});
		} finally {
			temp.cleanup();
		}
	});

	it('refuses a folder outside any git repository with ERR_NOT_A_REPO', async () => {
		const temp = makeTempDir('tutti norepo ');
		try {
			await expect(ensureWorktree({root: temp.dir, agent: 'coder', branch: 'tutti/coder'})).rejects.toMatchObject({
				code: 'ERR_NOT_A_REPO',
				hint: expect.stringContaining('git init'),
			});
		} finally {
			temp.cleanup();
		}
	});

	it('rejects invalid branch names and agent names that escape the folder', async () => {
		await expect(up({branch: 'bad..name'})).rejects.toMatchObject({code: 'ERR_GIT'});
		expect(() => worktreePath(project.root, '../evil')).toThrow(/cannot be used/);
	});
});

describe('inspectWorktree', () => {
	it('reports a missing worktree', async () => {
		expect(await inspectWorktree(project.root, 'coder')).toMatchObject({exists: false, dirty: false, aheadOfProject: 0});
	});

	it('reports branch, dirtiness, changed files and commits ahead', async () => {
		const {path: dir} = await up();
		expect(await inspectWorktree(project.root, 'coder')).toMatchObject({exists: true, branch: 'tutti/coder', dirty: false, atProjectHead: true});
		project.commit('one', {'one.txt': '1\n'}, dir);
		project.commit('two', {'two.txt': '2\n'}, dir);
		writeFileSync(path.join(dir, 'src', 'a.ts'), 'changed\n');
		writeFileSync(path.join(dir, 'new file.txt'), 'new\n');
		expect(await inspectWorktree(project.root, 'coder')).toMatchObject({
			exists: true,
			path: dir,
			branch: 'tutti/coder',
			dirty: true,
			changedFiles: 2,
			aheadOfProject: 2,
			atProjectHead: false,
		});
	});
});
