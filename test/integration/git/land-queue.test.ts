import {execFileSync} from 'node:child_process';
import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {landQueue} from '../../../src/core/actions/index.js';
import {ensureWorktree} from '../../../src/core/git/index.js';
import {planRun, runWorkflow} from '../../../src/core/workflow/index.js';
import {scratchParent} from '../../../src/core/git/rebase-scratch.js';
import {makeCoreWorld} from '../../helpers/core-world.js';

/** The merge queue on real git: agents are not running, so what would go back to them is held back. */
describe('tt land --queue (core, real git)', () => {
	const core = makeCoreWorld('queue');
	afterAll(() => core.cleanup());
	const toml = ['[workspace]\nname = "q"\n', '[defaults]\nruntime = "demo"\nworktree = true\n', ...['a', 'b', 'c', 'd'].map((name) => `[[agent]]\nname = "${name}"\n`)].join('\n');
	const ctx = core.workspace('q', toml);
	const git = (args: string[], cwd = ctx.root) => execFileSync('git', args, {cwd, encoding: 'utf8', env: core.world.env}).trim();
	const worktrees: Record<string, string> = {};
	const commit = (agent: string, file: string, text: string, message: string) => {
		writeFileSync(path.join(worktrees[agent]!, file), text);
		git(['add', '-A'], worktrees[agent]);
		git(['commit', '-qm', message], worktrees[agent]);
		return git(['rev-parse', 'HEAD'], worktrees[agent]);
	};
	const events = (name: string) => ctx.store.lastEvents(500).filter((event) => event.event === name);

	it('lands two, holds back the third with its conflict, leaving its branch and worktree as they were', async () => {
		git(['add', '-A']);
		git(['commit', '-qm', 'seed', '--allow-empty']);
		writeFileSync(path.join(ctx.root, 'a.txt'), 'one\ntwo\nthree\n');
		git(['add', 'a.txt']);
		git(['commit', '-qm', 'a.txt']);
		for (const agent of ['a', 'b', 'c', 'd']) worktrees[agent] = (await ensureWorktree({root: ctx.root, agent, branch: `tutti/${agent}`})).path;
		commit('a', 'a.txt', 'ONE\ntwo\nthree\n', 'a: first line');
		commit('b', 'b.txt', 'b\n', 'b: new file');
		commit('b', 'b2.txt', 'b2\n', 'b: another');
		const cHead = commit('c', 'a.txt', 'uno\ntwo\nthree\n', 'c: first line too');
		writeFileSync(path.join(worktrees['c']!, 'wip.txt'), 'not committed\n');

		const result = await landQueue(ctx, ['a', 'b', 'c', 'd'], {verify: 'test -f a.txt'});
		expect(result.outcomes.map((outcome) => [outcome.agent, outcome.status])).toEqual([
			['a', 'landed'],
			['b', 'landed'],
			['c', 'sent_back'],
			['d', 'skipped'],
		]);
		const head = git(['rev-parse', 'HEAD']);
		expect(result.outcomes[1]?.line).toBe(`landed 2 commits (${head.slice(0, 7)})`);
		expect(result.outcomes[0]?.line).toMatch(/^landed 1 commit \([0-9a-f]{7}\)$/);
		expect(result.outcomes[2]).toMatchObject({reason: 'conflict', files: ['a.txt'], delivered: false});
		expect(result.outcomes[2]?.line).toMatch(/^held back: conflict in a\.txt \(not delivered to c: agent "c" is not running\)$/);
		expect(result.outcomes[3]?.line).toBe('skipped: nothing to land');
		expect(result.ok).toBe(false);
		expect(git(['log', '--format=%s', '-3'])).toBe('b: another\nb: new file\na: first line');
		expect(readFileSync(path.join(ctx.root, 'a.txt'), 'utf8')).toBe('ONE\ntwo\nthree\n');
		// c's work is untouched: same branch tip, same worktree head, its uncommitted file still there.
		expect(git(['rev-parse', 'tutti/c'])).toBe(cHead);
		expect(git(['status', '--porcelain'], worktrees['c'])).toBe('?? wip.txt');
		expect(result.outcomes[2]?.warnings.join(' ')).toContain('uncommitted change');
		// No scratch worktree is left, on disk or in git's list.
		expect(existsSync(scratchParent(ctx.root)) ? readdirSync(scratchParent(ctx.root)) : []).toEqual([]);
		expect(git(['worktree', 'list']).split('\n')).toHaveLength(5);
		expect(events('agent.landed').map((event) => [event.agent, event.data?.['queue']])).toEqual([
			['a', true],
			['b', true],
		]);
		expect(events('agent.land_sent_back').map((event) => [event.agent, event.data?.['reason'], event.data?.['files'], event.data?.['delivered']])).toEqual([['c', 'conflict', ['a.txt'], false]]);
	});

	it('refuses a project root with uncommitted tracked changes, and bad input, before anything moves', async () => {
		writeFileSync(path.join(ctx.root, 'a.txt'), 'edited by hand\n');
		await expect(landQueue(ctx, ['d'])).rejects.toMatchObject({code: 'ERR_LAND_DIRTY', message: 'the project root has 1 uncommitted change to tracked files (M a.txt)', hint: 'commit or stash them, then run the queue again'});
		git(['checkout', '--', 'a.txt']);
		await expect(landQueue(ctx, [])).rejects.toMatchObject({code: 'ERR_USAGE', hint: 'Name them in order: tt land --queue alice bob'});
		await expect(landQueue(ctx, ['a', 'a'])).rejects.toMatchObject({code: 'ERR_USAGE', message: 'agent "a" is queued twice'});
		await expect(landQueue(ctx, ['zed'])).rejects.toMatchObject({code: 'ERR_AGENT_UNKNOWN'});
	});

	it('sweeps a scratch worktree a killed run left behind', async () => {
		const stale = path.join(scratchParent(ctx.root), 'tutti_d-1-stale');
		git(['worktree', 'add', '-q', '--detach', stale, 'HEAD']);
		expect((await landQueue(ctx, ['d'])).outcomes[0]?.line).toBe('skipped: nothing to land');
		expect(existsSync(stale)).toBe(false);
		expect(git(['worktree', 'list'])).not.toContain('stale');
	});

	it('a failing verify keeps the target as it was and gives the output back', async () => {
		commit('d', 'd.txt', 'd\n', 'd: file');
		const before = git(['rev-parse', 'HEAD']);
		const result = await landQueue(ctx, ['d'], {verify: 'echo "d.txt is not allowed" >&2; test ! -f d.txt'});
		expect(result.outcomes[0]).toMatchObject({status: 'sent_back', reason: 'verify'});
		expect(result.outcomes[0]?.line).toContain("verify failed (`echo \"d.txt is not allowed\" >&2; test ! -f d.txt` exited 1)");
		expect(result.outcomes[0]?.status === 'sent_back' && result.outcomes[0].detail).toContain('d.txt is not allowed');
		expect(git(['rev-parse', 'HEAD'])).toBe(before);
	});

	it('an agent that merged the target into its branch and resolved the conflict lands as one merge', async () => {
		expect(() => git(['merge', '-q', 'main'], worktrees['c'])).toThrow();
		writeFileSync(path.join(worktrees['c']!, 'a.txt'), 'ONE uno\ntwo\nthree\n');
		git(['commit', '-qam', 'c: merge main, keep both'], worktrees['c']);
		const result = await landQueue(ctx, ['c']);
		expect(result.outcomes[0]).toMatchObject({status: 'landed'});
		expect(result.outcomes[0]?.line).toBe(`landed 1 commit (${git(['rev-parse', 'HEAD']).slice(0, 7)})`);
		expect(readFileSync(path.join(ctx.root, 'a.txt'), 'utf8')).toBe('ONE uno\ntwo\nthree\n');
		expect(git(['log', '-1', '--format=%s'])).toBe('tutti: land tutti/c');
		expect(git(['status', '--porcelain'], worktrees['c'])).toBe('?? wip.txt');
		expect((await landQueue(ctx, ['c'])).outcomes[0]?.line).toBe('skipped: nothing to land');
	});

	it("without --verify, the command steps of the workspace's verify workflow verify each landing, in the replayed tree", async () => {
		const flow = ['[[workflow]]\nname = "verify"\n', '[[workflow.step]]\ntype = "command"\nrun = "test ! -f bad.txt"\n', '[[workflow.step]]\ntype = "prompt"\nagent = "a"\ntext = "check it"\n'].join('\n');
		const vf = core.workspace('vf', `${toml}\n${flow}`);
		const tree = async (agent: string) => (await ensureWorktree({root: vf.root, agent, branch: `tutti/${agent}`})).path;
		const [a, b] = [await tree('a'), await tree('b')];
		for (const [dir, file] of [[a, 'good.txt'], [b, 'bad.txt']] as const) {
			writeFileSync(path.join(dir, file), 'x\n');
			git(['add', '-A'], dir);
			git(['commit', '-qm', file], dir);
		}
		const result = await landQueue(vf, ['a', 'b']);
		expect(result.outcomes.map((outcome) => [outcome.agent, outcome.status])).toEqual([
			['a', 'landed'],
			['b', 'sent_back'],
		]);
		expect(result.outcomes[1]?.line).toContain('verify failed (`test ! -f bad.txt` exited 1)');
		expect(result.outcomes[0]?.warnings).toEqual(['verify workflow step 2 (prompt) is not run by the merge queue: only command steps are']);
	});

	it('a workflow land step with queue lands its agents in order and fails when one goes back', async () => {
		const flow = ['[[workflow]]\nname = "ship"\n', '[[workflow.step]]\ntype = "land"\nagent = "a"\nqueue = ["b"]\nverify = "test -f a.txt"\n'].join('\n');
		const wf = core.workspace('wf', `${toml}\n${flow}`);
		const tree = async (agent: string) => (await ensureWorktree({root: wf.root, agent, branch: `tutti/${agent}`})).path;
		const [a, b] = [await tree('a'), await tree('b')];
		for (const [dir, text] of [[a, 'from a'], [b, 'from b']] as const) {
			writeFileSync(path.join(dir, 'a.txt'), `${text}\n`);
			git(['add', '-A'], dir);
			git(['commit', '-qm', text], dir);
		}
		expect(planRun(wf, {workflow: 'ship'}).steps[0]).toMatchObject({type: 'land', queue: ['a', 'b'], verify: 'test -f a.txt'});
		const result = await runWorkflow(wf, {workflow: 'ship'});
		expect(result.success).toBe(false);
		expect(result.step_results[0]?.message).toMatch(/^a: landed 1 commit \([0-9a-f]{7}\); b: held back: conflict in a\.txt/);
		expect(readFileSync(path.join(wf.root, 'a.txt'), 'utf8')).toBe('from a\n');
		expect(wf.store.lastEvents(100).find((event) => event.event === 'agent.landed')?.data).toMatchObject({queue: true, run_id: result.run_id});
	});
});
