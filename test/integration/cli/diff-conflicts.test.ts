import {execFileSync} from 'node:child_process';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {makeGitRepo} from '../../helpers/sandbox.js';
import {makeWorld} from '../../helpers/tt.js';

/** `tt diff <agent>` names the agents whose work collides with its own, and the files. */
describe('tt diff shows collisions with other worktrees', () => {
	const world = makeWorld('dconf');
	let repo = '';
	const git = (cwd: string, ...args: string[]) => execFileSync('git', args, {cwd, stdio: 'pipe'});
	const wt = (agent: string) => path.join(repo, '.tutti', 'worktrees', agent);

	beforeAll(() => {
		repo = makeGitRepo(path.join(world.dir, 'project'), {'a.txt': 'one\ntwo\n', 'tutti.toml': '[workspace]\nname = "dconf"\n[defaults]\nworktree = true\nruntime = "demo"\n[[agent]]\nname = "alice"\n[[agent]]\nname = "bob"\n'});
		for (const agent of ['alice', 'bob']) git(repo, 'worktree', 'add', '-q', '-b', `tutti/${agent}`, wt(agent));
		writeFileSync(path.join(wt('alice'), 'a.txt'), 'ONE alice\ntwo\n');
		git(wt('alice'), 'commit', '-q', '-am', 'alice');
		// bob's change is not committed: the collision is found all the same, and a file name with an escape prints inert.
		writeFileSync(path.join(wt('bob'), 'a.txt'), 'ONE bob\ntwo\n');
		writeFileSync(path.join(wt('alice'), 'evil\u001b[2Jname.txt'), 'x\n');
		writeFileSync(path.join(wt('bob'), 'evil\u001b[2Jname.txt'), 'y\n');
		git(wt('alice'), 'add', '-A');
		git(wt('alice'), 'commit', '-q', '-m', 'alice 2');
		git(wt('bob'), 'add', '-A');
	});
	afterAll(() => world.cleanup());

	it('--json lists the conflict, the text output says it without control characters', async () => {
		const json = await world.tt(['diff', 'alice', '--json'], {cwd: repo});
		expect(json.code, json.stderr).toBe(0);
		expect(JSON.parse(json.stdout).conflicts).toEqual({with_target: [], with_agents: [{agent: 'bob', overlapping: ['a.txt', 'evil\u001b[2Jname.txt'], conflicts: ['a.txt', 'evil\u001b[2Jname.txt'], manifests: []}]});
		const text = await world.tt(['diff', 'bob'], {cwd: repo});
		expect(text.code, text.stderr).toBe(0);
		expect(text.stdout).toContain('Collisions:\n  with alice: conflicts in a.txt, evil [2Jname.txt');
	});
});
