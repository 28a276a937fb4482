import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {findConflicts} from '../../../src/core/git/conflicts.js';
import {NodeRunner} from '../../../src/core/process/runner.js';
import {makeProject, type TestProject} from './repo.js';

const lines = (...values: string[]) => `${values.join('\n')}\n`;
// version and license far enough apart that git merges changes to each cleanly.
const pkg = (version: string, license: string) => lines('{', '  "name": "p",', `  "version": "${version}",`, '  "private": true,', '  "type": "module",', '  "main": "index.js",', `  "license": "${license}"`, '}');

/** Conflicts between agents' worktrees, from real git (`merge-tree --write-tree`), with nothing written. */
describe('conflict warnings between worktrees', () => {
	let project: TestProject;
	const wt = (agent: string) => path.join(project.root, '.tutti', 'worktrees', agent);
	const agents = ['alice', 'bob', 'carol', 'dave'].map((agent) => ({agent, branch: `tutti/${agent}`}));

	beforeAll(() => {
		project = makeProject({'a.txt': lines('one', 'two', 'three'), 'b.txt': lines('x', 'y', 'z'), 'package.json': pkg('1.0.0', 'MIT')});
		for (const {agent, branch} of agents) project.git(['worktree', 'add', '-q', '-b', branch, wt(agent)]);
		// alice and bob change the same line of a.txt: bob has not committed his.
		project.commit('alice: a', {'a.txt': lines('ONE by alice', 'two', 'three'), 'package.json': pkg('1.1.0', 'MIT')}, wt('alice'));
		project.write('a.txt', lines('ONE by bob', 'two', 'three'), wt('bob'));
		// carol changes another line of package.json (merges cleanly) and b.txt, which main changes too.
		project.commit('carol: b', {'b.txt': lines('x', 'Y by carol', 'z'), 'package.json': pkg('1.0.0', 'Apache-2.0')}, wt('carol'));
		project.commit('main moves on', {'b.txt': lines('x', 'Y on main', 'z')});
		// dave changed nothing.
	});
	afterAll(() => project.cleanup());

	it('reports overlaps, real conflicts, manifests both touched, and conflicts with the target', async () => {
		const before = {status: project.git(['status', '--porcelain'], wt('bob')), refs: project.git(['for-each-ref'])};
		const report = await findConflicts({root: project.root, runner: new NodeRunner(), agents});
		expect(report.target).toEqual({branch: 'main', commit: project.git(['rev-parse', 'HEAD'])});
		expect(report.agents.map((entry) => [entry.agent, entry.changed, entry.conflicts_with_target])).toEqual([
			['alice', ['a.txt', 'package.json'], []],
			['bob', ['a.txt'], []],
			['carol', ['b.txt', 'package.json'], ['b.txt']],
			['dave', [], []],
		]);
		expect(report.pairs).toEqual([
			{agents: ['alice', 'bob'], overlapping: ['a.txt'], conflicts: ['a.txt'], manifests: []},
			{agents: ['alice', 'carol'], overlapping: ['package.json'], conflicts: [], manifests: ['package.json']},
		]);
		// Nothing was written: bob's worktree, the refs (no stash) are as they were.
		expect(project.git(['status', '--porcelain'], wt('bob'))).toBe(before.status);
		expect(project.git(['for-each-ref'])).toBe(before.refs);
	});

	it('is answered from the cache until a worktree or the target moves', async () => {
		const runner = new NodeRunner();
		const first = await findConflicts({root: project.root, runner, agents});
		// bob's uncommitted work is a fresh commit object each time: a clock second passing must not change it.
		const nextSecond = Math.ceil(Date.now() / 1000) * 1000 + 50;
		await new Promise((resolve) => setTimeout(resolve, nextSecond - Date.now()));
		expect(await findConflicts({root: project.root, runner, agents})).toBe(first);
		// bob resolves his overlap: the pair goes away.
		project.write('a.txt', lines('one', 'two', 'three', 'four by bob'), wt('bob'));
		const after = await findConflicts({root: project.root, runner, agents});
		expect(after).not.toBe(first);
		expect(after.pairs.find((pair) => pair.agents.includes('bob'))).toEqual({agents: ['alice', 'bob'], overlapping: ['a.txt'], conflicts: [], manifests: []});
	});
});
