import {describe, expect, it} from 'vitest';
import {ProcessError} from '../../../src/core/errors.js';
import {Git, gitBaseArgs} from '../../../src/core/git/index.js';
import {FakeRunner} from '../../helpers/fake-runner.js';

const g = (...args: string[]) => [...gitBaseArgs, ...args];
const cwd = '/repo with space';

function setup(): {runner: FakeRunner; git: Git} {
	const runner = new FakeRunner();
	return {runner, git: new Git(cwd, runner)};
}

describe('Git argv', () => {
	it('prefixes every call with quotepath/colour overrides and runs with a C locale, no prompt, no GIT_DIR', async () => {
		const {runner, git} = setup();
		runner.expect('git', g('rev-parse', '--show-toplevel'), {stdout: '/repo with space\n'}, {cwd});
		expect(await git.topLevel()).toBe('/repo with space');
		const options = runner.calls[0]!.options;
		expect(options.env).toMatchObject({LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0', GIT_DIR: undefined, GIT_WORK_TREE: undefined});
		expect(options.reject).toBe(false);
		runner.assertDone();
	});

	it('builds the three worktree add forms', async () => {
		const {runner, git} = setup();
		runner
			.expect('git', g('worktree', 'add', '/w/a b', 'tutti/coder'))
			.expect('git', g('worktree', 'add', '-b', 'tutti/coder', '/w/a b', 'HEAD'))
			.expect('git', g('worktree', 'add', '--force', '-B', 'tutti/coder', '/w/a b', 'HEAD'))
			.expect('git', g('worktree', 'remove', '--force', '/w/a b'));
		await git.worktreeAdd('/w/a b', {mode: 'checkout', branch: 'tutti/coder'});
		await git.worktreeAdd('/w/a b', {mode: 'create', branch: 'tutti/coder', from: 'HEAD'});
		await git.worktreeAdd('/w/a b', {mode: 'reset', branch: 'tutti/coder', from: 'HEAD'});
		await git.worktreeRemove('/w/a b', {force: true});
		runner.assertDone();
	});

	it('builds diff, log and rev-list flags', async () => {
		const {runner, git} = setup();
		runner
			.expect('git', g('diff', '--no-ext-diff', '--cached', '--name-only', '--'), {stdout: 'a.ts\n'})
			.expect('git', g('diff', '--no-ext-diff', '--stat', 'base', 'head', '--'))
			.expect('git', g('diff', '--no-ext-diff', '--numstat', '-z', 'HEAD', '--'), {stdout: '1\t2\ta b.ts\0'})
			.expect('git', g('log', '--no-decorate', '--reverse', '--no-merges', '--format=%H%x00%h%x00%s', 'a..b', '--'), {
				stdout: `${'1'.repeat(40)}\u00001111111\u0000first\n`,
			})
			.expect('git', g('rev-list', '--reverse', '--no-merges', 'a..b', '--'), {stdout: 'x\ny\n'});
		expect(await git.diff({staged: true, nameOnly: true})).toBe('a.ts\n');
		await git.diff({stat: true, revs: ['base', 'head']});
		expect(await git.numstat({revs: ['HEAD']})).toEqual([{path: 'a b.ts', insertions: 1, deletions: 2}]);
		expect(await git.log('a..b', {reverse: true, noMerges: true})).toEqual([{hash: '1'.repeat(40), short: '1111111', subject: 'first'}]);
		expect(await git.revList('a..b', {reverse: true, noMerges: true})).toEqual(['x', 'y']);
		runner.assertDone();
	});

	it('treats exit 1 as an answer where git uses it as one', async () => {
		const {runner, git} = setup();
		runner
			.expect('git', g('show-ref', '--verify', '--quiet', 'refs/heads/tutti/x'), {exitCode: 1})
			.expect('git', g('merge-base', '--is-ancestor', 'a', 'b'), {exitCode: 1})
			.expect('git', g('symbolic-ref', '--quiet', '--short', 'HEAD'), {exitCode: 1})
			.expect('git', g('merge-base', 'a', 'b'), {exitCode: 1});
		expect(await git.branchExists('tutti/x')).toBe(false);
		expect(await git.isAncestor('a', 'b')).toBe(false);
		expect(await git.currentBranch()).toBeUndefined();
		expect(await git.mergeBase('a', 'b')).toBeUndefined();
		runner.assertDone();
	});

	it('stashes and reports the new stash commit, or undefined when nothing was stashed', async () => {
		const {runner, git} = setup();
		runner
			.expect('git', g('rev-parse', '--verify', '--quiet', 'refs/stash^{commit}'), {exitCode: 1})
			.expect('git', g('stash', 'push', '--include-untracked', '-m', 'msg'))
			.expect('git', g('rev-parse', '--verify', '--quiet', 'refs/stash^{commit}'), {stdout: 'abc\n'})
			.expect('git', g('stash', 'pop', '--index'));
		expect(await git.stashPush('msg', {includeUntracked: true})).toBe('abc');
		await git.stashPop({index: true});
		runner.assertDone();
	});

	it('maps "not a git repository" to ERR_NOT_A_REPO with a hint', async () => {
		const {runner, git} = setup();
		runner.expect('git', g('rev-parse', '--show-toplevel'), {
			exitCode: 128,
			stderr: 'fatal: not a git repository (or any of the parent directories): .git\n',
		});
		const error = await git.topLevel().catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(ProcessError);
		expect(error).toMatchObject({code: 'ERR_NOT_A_REPO', hint: expect.stringContaining('git init')});
		// The constant -c prefix is left out of the message.
		expect((error as ProcessError).message).toMatch(/^`git rev-parse --show-toplevel` exited with 128/);
	});

	it('maps other failures to ERR_GIT with a hint, including a missing identity', async () => {
		const {runner, git} = setup();
		runner
			.expect('git', g('commit', '--quiet', '-m', 'm'), {exitCode: 128, stderr: '*** Please tell me who you are.\n'})
			.expect('git', g('push', '-u', 'origin', 'tutti/x'), {exitCode: 1, stderr: 'fatal: no remote\n'});
		await expect(git.commit('m')).rejects.toMatchObject({code: 'ERR_GIT', hint: expect.stringContaining('git config user.name')});
		await expect(git.push('origin', 'tutti/x', {setUpstream: true})).rejects.toMatchObject({code: 'ERR_GIT', hint: expect.stringContaining('origin')});
		expect(runner.calls[1]!.options.timeoutMs).toBeGreaterThan(0);
		runner.assertDone();
	});
});

describe('FakeRunner', () => {
	it('fails on unexpected, mismatched and missing calls', async () => {
		const runner = new FakeRunner();
		await expect(runner.run('git', ['status'])).rejects.toThrow(/unexpected call git status/);
		runner.expect('git', ['a']);
		await expect(runner.run('git', ['b'])).rejects.toThrow(/expected git a/);
		runner.expect('git', ['c']);
		expect(() => runner.assertDone()).toThrow(/never made/);
	});
});
