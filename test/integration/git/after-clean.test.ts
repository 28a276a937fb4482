import path from 'node:path';
import {writeFileSync} from 'node:fs';
import {execFileSync} from 'node:child_process';
import {afterAll, describe, expect, it} from 'vitest';
import {makeGitRepo} from '../../helpers/sandbox.js';
import {makeWorld} from '../../helpers/tt.js';

/**
 * `tt down --clean --force` removes an agent's worktree but keeps its branch: `tt diff` shows that
 * branch (instead of "no worktree") and `tt land` still lands it.
 */
describe('an agent whose worktree was removed', () => {
	const world = makeWorld('after-clean');
	afterAll(() => world.cleanup());

	it('tt diff shows the branch it left, and tt land lands it', async () => {
		const repo = makeGitRepo(path.join(world.dir, 'project'));
		writeFileSync(path.join(repo, 'tutti.toml'), '[workspace]\nname = "gone"\n[defaults]\nworktree = true\n[[agent]]\nname = "dev"\nruntime = "demo"\n');
		const tt = (args: string[]) => world.tt(args, {cwd: repo});
		expect((await tt(['up'])).code).toBe(0);
		for (const prompt of ['write notes.txt kept on the branch', 'commit add notes']) expect((await tt(['send', 'dev', '--wait', prompt])).code).toBe(0);
		expect((await tt(['down', '--clean', '--force'])).stdout).toContain('worktree removed');

		const before = await tt(['diff', 'dev', '--json']);
		expect(before.code, before.stderr).toBe(0);
		const diff = JSON.parse(before.stdout) as {from: string; branch: string; commits: Array<{subject: string}>; status: unknown[]; files: Array<{path: string}>};
		expect(diff).toMatchObject({from: 'branch', branch: 'tutti/dev', status: []});
		expect(diff.commits.map((commit) => commit.subject)).toEqual(['add notes']);
		expect(diff.files.map((file) => file.path)).toEqual(['notes.txt']);
		const human = await tt(['diff', 'dev']);
		expect(human.stdout).toMatch(/worktree removed .*; branch tutti\/dev is still there/);
		expect(human.stdout).toContain('Commits to land (1)');

		const landed = await tt(['land', 'dev']);
		expect(landed.code, landed.stderr).toBe(0);
		expect(landed.stdout).toContain('landed 1 commit from tutti/dev');
		expect(execFileSync('git', ['log', '--format=%s', '-1'], {cwd: repo, encoding: 'utf8'}).trim()).toBe('add notes');
		expect(JSON.parse((await tt(['diff', 'dev', '--json'])).stdout)).toMatchObject({from: 'branch', commits: [], files: []});
		const after = await tt(['diff', 'dev']);
		expect(after.stdout).toContain('; everything on it is landed\n');
		expect(after.stdout).toMatch(/Commits to land \(0\):\n {2}\(none\)\n\nNothing to land: all of its work is on your branch\.\n$/);
		expect(after.stdout).not.toContain('notes.txt');
	});
});
