import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {ensureWorktree, forceLandStashMessage, isLanded, land} from '../../../src/core/git/index.js';
import {makeTempDir} from '../../helpers/sandbox.js';
import {makeProject, type TestProject} from './repo.js';

let project: TestProject;
let dir: string;
beforeEach(async () => {
	project = makeProject();
	dir = (await ensureWorktree({root: project.root, agent: 'coder', branch: 'tutti/coder'})).path;
});
afterEach(() => project.cleanup());

// No gh on PATH and no merge gate unless a test asks for them.
const env = {PATH: process.env['PATH'] ?? ''};
const landCoder = (extra: {force?: boolean; pr?: boolean; includeUncommitted?: boolean} = {}) => land({root: project.root, agent: 'coder', branch: 'tutti/coder', env, ...extra});
const subjects = () => project.git(['log', '--format=%s', 'main']).split('\n');

describe('land', () => {
	it('cherry-picks the branch commits onto main in order, keeping authorship', async () => {
		const first = project.commit('first', {'one.txt': '1\n'}, dir);
		writeFileSync(path.join(dir, 'two.txt'), '2\n');
		project.git(['add', '-A'], dir);
		project.git(['commit', '-q', '--author', 'Agent <agent@example.com>', '-m', 'second'], dir);
		project.commit('third', {[`it's "quoted".txt`]: 'q\n'}, dir);
		// main moves on, so the picked commits get new hashes (same parent and second would give the same ones).
		project.commit('main work', {'main.txt': 'm\n'});
		const result = await landCoder();
		expect(result.landed.map((commit) => commit.subject)).toEqual(['first', 'second', 'third']);
		expect(result.landed[0]?.source).toBe(first);
		expect(result.landed[0]?.hash).not.toBe(first);
		expect(result.landed[2]?.hash).toBe(project.git(['rev-parse', 'HEAD']));
		expect(subjects().slice(0, 3)).toEqual(['third', 'second', 'first']);
		expect(project.git(['log', '-1', '--format=%an', 'HEAD~1'])).toBe('Agent');
		expect(existsSync(path.join(project.root, `it's "quoted".txt`))).toBe(true);
		expect(result).toMatchObject({target: 'main', stashed: false, skipped: [], message: 'landed 3 commits from tutti/coder onto main'});
	});

	it('leaves uncommitted work in the worktree and says so, unless asked to include it', async () => {
		writeFileSync(path.join(dir, 'src', 'a.ts'), 'export const a = 2;\n');
		writeFileSync(path.join(dir, 'new.txt'), 'new\n');
		const plain = await landCoder();
		expect(plain).toMatchObject({landed: [], message: 'nothing to land'});
		expect(plain.checkpoint).toBeUndefined();
		expect(plain.warnings).toEqual(["2 uncommitted changes in coder's worktree were not landed (M src/a.ts, ?? new.txt); `tt land coder --include-uncommitted` commits them as a checkpoint and lands them too"]);
		expect(existsSync(path.join(project.root, 'new.txt'))).toBe(false);
	});

	it('with includeUncommitted, commits a dirty worktree as a checkpoint first, untracked files included', async () => {
		writeFileSync(path.join(dir, 'src', 'a.ts'), 'export const a = 2;\n');
		writeFileSync(path.join(dir, 'new.txt'), 'new\n');
		const result = await landCoder({includeUncommitted: true});
		expect(result.checkpoint).toMatch(/^[0-9a-f]{40}$/);
		expect(result.landed.map((commit) => commit.subject)).toEqual(['tutti: checkpoint coder before land']);
		expect(readFileSync(path.join(project.root, 'new.txt'), 'utf8')).toBe('new\n');
		expect(project.git(['status', '--porcelain'], dir)).toBe('');
	});

	it('says there is nothing to land, and a second land is a no-op that skips applied patches', async () => {
		expect(await landCoder()).toMatchObject({landed: [], skipped: [], message: 'nothing to land'});
		project.commit('work', {'w.txt': 'w\n'}, dir);
		project.commit('main work', {'main.txt': 'm\n'});
		expect((await landCoder()).landed).toHaveLength(1);
		const head = project.git(['rev-parse', 'HEAD']);
		const again = await landCoder();
		expect(again.landed).toEqual([]);
		expect(again.skipped.map((commit) => commit.subject)).toEqual(['work']);
		expect(again.message).toBe('nothing to land: 1 commit already on main');
		expect(project.git(['rev-parse', 'HEAD'])).toBe(head);
	});

	it('skips a commit whose change main already has in another shape (empty cherry-pick)', async () => {
		project.commit('agent readme', {'README.md': 'new\n'}, dir);
		project.commit('agent more', {'more.txt': 'more\n'}, dir);
		project.commit('main readme and more', {'README.md': 'new\n', 'other.txt': 'o\n'});
		const result = await landCoder();
		expect(result.landed.map((commit) => commit.subject)).toEqual(['agent more']);
		expect(result.skipped.map((commit) => commit.subject)).toEqual(['agent readme']);
		expect(project.git(['status', '--porcelain'])).toBe('');
	});

	it('refuses a project root with tracked changes, listing them', async () => {
		project.commit('work', {'w.txt': 'w\n'}, dir);
		writeFileSync(path.join(project.root, 'README.md'), 'dirty\n');
		await expect(landCoder()).rejects.toMatchObject({
			code: 'ERR_LAND_DIRTY',
			message: expect.stringContaining('M README.md'),
			hint: expect.stringContaining('--force'),
		});
	});

	it('ignores untracked files in the root (they do not block a land)', async () => {
		project.commit('work', {'w.txt': 'w\n'}, dir);
		writeFileSync(path.join(project.root, 'scratch.txt'), 's\n');
		expect((await landCoder()).landed).toHaveLength(1);
	});

	it('--force stashes tracked and untracked changes and restores them afterwards', async () => {
		project.commit('work', {'w.txt': 'w\n'}, dir);
		writeFileSync(path.join(project.root, 'README.md'), 'dirty\n');
		project.git(['add', 'README.md']);
		writeFileSync(path.join(project.root, 'untracked note.txt'), 'u\n');
		const result = await landCoder({force: true});
		expect(result).toMatchObject({stashed: true, warnings: []});
		expect(result.landed).toHaveLength(1);
		expect(readFileSync(path.join(project.root, 'README.md'), 'utf8')).toBe('dirty\n');
		expect(readFileSync(path.join(project.root, 'untracked note.txt'), 'utf8')).toBe('u\n');
		// --index restored the staged state too.
		expect(project.git(['diff', '--cached', '--name-only'])).toBe('README.md');
		expect(project.git(['stash', 'list'])).toBe('');
	});

	it('stops on a conflict with ERR_LAND_CONFLICT naming the commit and files, keeping the stash', async () => {
		project.commit('agent edit', {'src/a.ts': 'export const a = "agent";\n'}, dir);
		project.commit('later', {'later.txt': 'l\n'}, dir);
		project.commit('main edit', {'src/a.ts': 'export const a = "main";\n'});
		writeFileSync(path.join(project.root, 'README.md'), 'dirty\n');
		const error = await landCoder({force: true}).catch((caught: unknown) => caught);
		expect(error).toMatchObject({
			code: 'ERR_LAND_CONFLICT',
			message: expect.stringMatching(/cherry-picking [0-9a-f]{7,} "agent edit" onto main conflicted in src\/a\.ts/),
			hint: expect.stringContaining('git cherry-pick --continue'),
		});
		expect((error as {hint: string}).hint).toContain('git cherry-pick --abort');
		expect((error as {hint: string}).hint).toContain(forceLandStashMessage);
		expect(project.git(['stash', 'list'])).toContain(forceLandStashMessage);
		// Not aborted automatically: the user resolves it.
		expect(project.git(['rev-parse', '--verify', '-q', 'CHERRY_PICK_HEAD'])).toMatch(/^[0-9a-f]{40}$/);
		await expect(landCoder()).rejects.toMatchObject({code: 'ERR_LAND_CONFLICT', message: expect.stringContaining('already in progress')});
	});

	it('refuses a detached HEAD in the root and a missing branch or worktree', async () => {
		project.git(['checkout', '-q', '--detach']);
		await expect(landCoder()).rejects.toMatchObject({code: 'ERR_GIT', message: expect.stringContaining('detached HEAD')});
		project.git(['checkout', '-q', 'main']);
		await expect(land({root: project.root, agent: 'ghost', branch: 'tutti/ghost', env})).rejects.toMatchObject({
			code: 'ERR_WORKTREE_MISSING',
			hint: expect.stringContaining('tt up ghost'),
		});
		await expect(land({root: project.root, agent: 'coder', branch: 'tutti/nope', env})).rejects.toMatchObject({code: 'ERR_GIT'});
	});

	it('--pr needs gh: ERR_GH_MISSING with an install hint, before anything is pushed', async () => {
		const empty = makeTempDir('tutti nobin ');
		try {
			await expect(land({root: project.root, agent: 'coder', branch: 'tutti/coder', pr: true, env: {PATH: empty.dir}})).rejects.toMatchObject({
				code: 'ERR_GH_MISSING',
				hint: expect.stringContaining('cli.github.com'),
			});
		} finally {
			empty.cleanup();
		}
	});
});

// land --pr and the merge gate with the real gh: merge-gate-gh.test.ts.

describe('isLanded', () => {
	it('is true only when every patch is upstream and the worktree is clean', async () => {
		const args = {root: project.root, agent: 'coder', branch: 'tutti/coder'};
		expect(await isLanded(args)).toBe(true);
		const work = project.commit('work', {'w.txt': 'w\n'}, dir);
		expect(await isLanded(args)).toBe(false);
		project.git(['cherry-pick', work]);
		expect(await isLanded(args)).toBe(true);
		writeFileSync(path.join(dir, 'more.txt'), 'm\n');
		expect(await isLanded(args)).toBe(false);
		expect(await isLanded({root: project.root, branch: 'tutti/coder'})).toBe(true);
		expect(await isLanded({root: project.root, branch: 'tutti/missing'})).toBe(false);
	});
});
