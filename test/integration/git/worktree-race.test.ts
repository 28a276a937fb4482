import {execFileSync} from 'node:child_process';
import {afterAll, describe, expect, it} from 'vitest';
import {downAgents} from '../../../src/core/agents/down.js';
import {upAgents} from '../../../src/core/agents/up.js';
import {makeCoreWorld} from '../../helpers/core-world.js';

const names = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8'];
const toml = `[workspace]\nname = "race"\n[defaults]\nworktree = true\nruntime = "demo"\n${names.map((name) => `[[agent]]\nname = "${name}"\n`).join('')}`;

describe('worktrees made and removed side by side', () => {
	const core = makeCoreWorld('wt-race');
	afterAll(() => core.cleanup());

	// git's own worktree commands fail side by side in one repository ("failed to read
	// .git/worktrees/<name>/commondir"): tutti takes them in turn, across callers and processes.
	it('eight agents brought up and cleaned at once, three times: every one succeeds', async () => {
		const ctx = core.workspace('project', toml);
		const worktrees = () => execFileSync('git', ['worktree', 'list', '--porcelain'], {cwd: ctx.root, encoding: 'utf8'}).split('\n').filter((line) => line.startsWith('worktree ')).length;
		for (const round of [1, 2, 3]) {
			const ups = (await Promise.all(names.map((name) => upAgents(ctx, {agents: [name]})))).flat();
			expect(ups.filter((result) => result.outcome === 'failed').map((result) => `round ${round}: ${result.agent}: ${result.error?.message}`)).toEqual([]);
			expect(worktrees()).toBe(names.length + 1);
			const downs = (await Promise.all(names.map((name) => downAgents(ctx, {agents: [name], clean: true})))).flat();
			expect(downs.filter((result) => result.error).map((result) => `round ${round}: ${result.agent}: ${result.error?.message}`)).toEqual([]);
			expect(worktrees()).toBe(1);
		}
	}, 180_000);
});
