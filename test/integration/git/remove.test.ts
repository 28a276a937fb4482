import {existsSync, mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {ensureWorktree, removeWorktree, worktreePath} from '../../../src/core/git/index.js';
import {makeProject, type TestProject} from './repo.js';

let project: TestProject;
let dir: string;
beforeEach(async () => {
	project = makeProject();
	dir = (await ensureWorktree({root: project.root, agent: 'coder', branch: 'tutti/coder'})).path;
});
afterEach(() => project.cleanup());

const remove = (force = false) => removeWorktree({root: project.root, agent: 'coder', branch: 'tutti/coder', force});

describe('removeWorktree', () => {
	it('removes a clean worktree and keeps its branch', async () => {
		expect(await remove()).toEqual({path: dir, removed: true, branch: 'tutti/coder'});
		expect(existsSync(dir)).toBe(false);
		expect(project.git(['branch', '--list', 'tutti/coder'])).toContain('tutti/coder');
		expect(project.git(['worktree', 'list', '--porcelain'])).not.toContain('.tutti');
	});

	it('refuses with an uncommitted change, naming it', async () => {
		writeFileSync(path.join(dir, 'src', 'a.ts'), 'changed\n');
		await expect(remove()).rejects.toMatchObject({
			code: 'ERR_WORKTREE_UNSAFE',
			message: expect.stringContaining('1 uncommitted change (M src/a.ts)'),
			hint: expect.stringMatching(/tt land coder.*tt diff coder.*--force/),
		});
		expect(existsSync(path.join(dir, 'src', 'a.ts'))).toBe(true);
	});

	it('refuses with an untracked file', async () => {
		mkdirSync(path.join(dir, 'notes dir'));
		writeFileSync(path.join(dir, 'notes dir', `say "hi".md`), 'x\n');
		await expect(remove()).rejects.toMatchObject({code: 'ERR_WORKTREE_UNSAFE', message: expect.stringContaining(`?? notes dir/say "hi".md`)});
	});

	it('refuses with git-ignored files only the worktree has (.env.local), not for rebuildable folders', async () => {
		project.commit('ignore things', {'.gitignore': '.env.local\nnode_modules/\n*.log\nbuild/\n'});
		project.git(['merge', '--ff-only', 'main'], dir);
		mkdirSync(path.join(dir, 'node_modules', 'dep'), {recursive: true});
		writeFileSync(path.join(dir, 'node_modules', 'dep', 'index.js'), '');
		mkdirSync(path.join(dir, 'build'));
		writeFileSync(path.join(dir, 'build', 'out.js'), '');
		expect((await remove()).removed).toBe(true);
		dir = (await ensureWorktree({root: project.root, agent: 'coder', branch: 'tutti/coder'})).path;
		writeFileSync(path.join(dir, '.env.local'), 'API_KEY=secret\n');
		writeFileSync(path.join(dir, 'debug.log'), 'x\n');
		mkdirSync(path.join(dir, 'node_modules'));
		await expect(remove()).rejects.toMatchObject({
			code: 'ERR_WORKTREE_UNSAFE',
			message: expect.stringContaining('2 git-ignored files that would be deleted (!! .env.local, !! debug.log)'),
			hint: expect.stringContaining('--force'),
		});
		expect(existsSync(path.join(dir, '.env.local'))).toBe(true);
		expect((await remove(true)).removed).toBe(true);
		expect(existsSync(dir)).toBe(false);
	});

	it('refuses with a commit not on the project branch, and allows it once cherry-picked (new hash)', async () => {
		const work = project.commit('agent work', {'feature.ts': 'export {};\n'}, dir);
		await expect(remove()).rejects.toMatchObject({
			code: 'ERR_WORKTREE_UNSAFE',
			message: expect.stringMatching(/1 commit on tutti\/coder not on main \([0-9a-f]{7,} agent work\)/),
		});
		project.commit('main moved', {'other.txt': 'o\n'});
		project.git(['cherry-pick', work]);
		expect(project.git(['rev-parse', 'HEAD'])).not.toBe(work);
		expect((await remove()).removed).toBe(true);
	});

	it('--force removes despite uncommitted and unlanded work', async () => {
		project.commit('agent work', {'feature.ts': 'export {};\n'}, dir);
		writeFileSync(path.join(dir, 'wip.txt'), 'wip\n');
		expect((await remove(true)).removed).toBe(true);
		expect(existsSync(dir)).toBe(false);
	});

	it('is a no-op when the worktree is gone, and never deletes a folder that is not a worktree', async () => {
		await remove();
		expect(await remove()).toMatchObject({removed: false});
		const other = worktreePath(project.root, 'stranger');
		mkdirSync(other, {recursive: true});
		writeFileSync(path.join(other, 'keep.txt'), 'k\n');
		await expect(removeWorktree({root: project.root, agent: 'stranger', force: true})).rejects.toMatchObject({code: 'ERR_WORKTREE_UNSAFE'});
		expect(existsSync(path.join(other, 'keep.txt'))).toBe(true);
	});
});
