import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {checkMergeGate, ensureWorktree, land} from '../../../src/core/git/index.js';
import {gateFailure} from '../../../src/core/git/merge-gate.js';
import {defaultRunner, type Runner} from '../../../src/core/process/runner.js';
import {writeFileSync} from 'node:fs';
import {startMockGithub, type MockPull} from '../../helpers/mock-github.js';
import {makeWorld} from '../../helpers/tt.js';
import {makeProject, type TestProject} from './repo.js';

/** `tt land --pr` and the merge gate with the real `gh` against a local mock of the GitHub API, pushing to a bare remote. */
describe('merge gate and pull requests (real gh, mock GitHub, bare remote)', () => {
	let project: TestProject;
	let mock: Awaited<ReturnType<typeof startMockGithub>>;
	let runner: Runner;
	let env: Record<string, string>;
	let coder: string;
	const pull = (head: string) => mock.pulls.find((candidate) => candidate.head === head)!;
	const gate = () => checkMergeGate({root: project.root, branch: 'tutti/coder', agent: 'coder', runner, env});

	beforeAll(async () => {
		project = makeProject();
		const remote = path.join(path.dirname(project.root), 'remote.git');
		project.git(['init', '-q', '--bare', remote]);
		project.git(['remote', 'add', 'origin', remote]);
		project.git(['push', '-q', 'origin', 'main']);
		mock = await startMockGithub(path.dirname(project.root), {repo: 'acme/app', issues: [], threadPageSize: 2});
		// Only the mock's variables reach gh: none of the developer's own tokens or hosts.
		env = {PATH: process.env['PATH'] ?? '', HOME: path.dirname(project.root), ...mock.env};
		runner = {run: (command, args, options) => defaultRunner.run(command, args, {...options, env: {...env, ...options?.env}, extendEnv: false})};
		coder = (await ensureWorktree({root: project.root, agent: 'coder', branch: 'tutti/coder'})).path;
	});
	const world = makeWorld('gate');
	afterAll(async () => {
		await mock?.close();
		project?.cleanup();
		world.cleanup();
	});

	it('tt land --pr pushes the branch and opens a PR whose body is the review packet; a second one reports the open PR', async () => {
		project.commit('feat: greet the world', {'hello.txt': 'hello\n'}, coder);
		const result = await land({root: project.root, agent: 'coder', branch: 'tutti/coder', pr: true, runner, env});
		const opened = pull('tutti/coder');
		expect(opened).toMatchObject({base: 'main', title: 'feat: greet the world', state: 'open'});
		expect(opened.body).toContain('# Review packet: coder');
		expect(opened.body).toContain('+hello');
		expect(result.pr?.url).toBe(`https://${mock.env.GH_HOST}/acme/app/pull/${opened.number}`);
		expect(result.message).toBe(`opened a pull request for tutti/coder: ${result.pr?.url}`);
		expect(project.git(['rev-parse', 'tutti/coder'], path.dirname(project.root) + '/remote.git')).toBe(project.git(['rev-parse', 'tutti/coder']));
		const again = await land({root: project.root, agent: 'coder', branch: 'tutti/coder', pr: true, runner, env});
		expect(again.message).toBe(`a pull request for tutti/coder is already open: ${result.pr?.url}`);
		expect(mock.pulls).toHaveLength(1);
	});

	it('blocks on a failing required check, says pending while one runs, and ignores checks that are not required', async () => {
		const opened: MockPull = pull('tutti/coder');
		opened.checks = [
			{name: 'test', required: true, status: 'COMPLETED', conclusion: 'FAILURE'},
			{name: 'lint', required: false, status: 'COMPLETED', conclusion: 'FAILURE'},
		];
		const failing = await gate().catch((error: unknown) => error);
		expect(failing).toMatchObject({code: 'ERR_POLICY', message: `merge gate: required checks on PR #${opened.number} are not passing: test (failure)`});
		expect(gateFailure(failing)).toEqual({reason: 'checks', files: [], detail: `required checks on PR #${opened.number} are not passing: test (failure)`});
		opened.checks[0] = {name: 'test', required: true, status: 'IN_PROGRESS', conclusion: null};
		const pending = await gate().catch((error: unknown) => error);
		expect(pending).toMatchObject({message: expect.stringContaining('still pending: test (pending)')});
		// Checks still running are nobody's fault yet: nothing to send back.
		expect(gateFailure(pending)).toBeUndefined();
	});

	it('blocks on unresolved review threads across pages, naming where they are', async () => {
		const opened = pull('tutti/coder');
		opened.checks = [{name: 'test', required: true, status: 'COMPLETED', conclusion: 'SUCCESS'}];
		opened.threads = [
			{isResolved: true, path: 'hello.txt', line: 1, body: 'ok', author: 'rita'},
			{isResolved: false, path: 'hello.txt', line: 1, body: 'say "Hello" with a capital', author: 'rita'},
			{isResolved: false, path: 'README.md', line: 3, body: 'mention hello.txt', author: 'sam'},
		];
		const blocked = await gate().catch((error: unknown) => error);
		expect(blocked).toMatchObject({code: 'ERR_POLICY', message: `merge gate: PR #${opened.number} has 2 unresolved review threads`});
		expect(gateFailure(blocked)).toEqual({
			reason: 'threads',
			files: ['hello.txt', 'README.md'],
			detail: [`PR #${opened.number} has 2 unresolved review threads`, '- hello.txt:1 (rita): say "Hello" with a capital', '- README.md:3 (sam): mention hello.txt'].join('\n'),
		});
		// The third thread is on the second page: the gate asked for it.
		expect(mock.requests.filter((request) => request === 'POST /api/graphql').length).toBeGreaterThanOrEqual(2);
	});

	it('passes with green required checks and every thread resolved', async () => {
		const opened = pull('tutti/coder');
		for (const thread of opened.threads) thread.isResolved = true;
		expect(await gate()).toEqual({pr: {number: opened.number, url: `https://${mock.env.GH_HOST}/acme/app/pull/${opened.number}`}, unresolvedThreads: 0, requiredChecks: ['test']});
	});

	it('a local land the gate blocks changes nothing', async () => {
		const other = (await ensureWorktree({root: project.root, agent: 'other', branch: 'tutti/other'})).path;
		project.commit('other work', {'o.txt': 'o\n'}, other);
		const head = project.git(['rev-parse', 'HEAD']);
		await expect(land({root: project.root, agent: 'other', branch: 'tutti/other', runner, env: {...env, TT_ENFORCE_MERGE_GATE: 'yes'}})).rejects.toMatchObject({code: 'ERR_POLICY', message: expect.stringContaining('requires an open PR')});
		expect(project.git(['rev-parse', 'HEAD'])).toBe(head);
	});

	it('tt land --queue --pr: unresolved threads go back to the agent with where they are; once resolved, it lands', async () => {
		// Tokens of the developer's own gh must not reach the mock (or GitHub).
		for (const name of ['GH_TOKEN', 'GITHUB_TOKEN', 'GH_ENTERPRISE_TOKEN', 'GITHUB_ENTERPRISE_TOKEN', 'GITHUB_REPOSITORY']) delete world.env[name];
		writeFileSync(path.join(project.root, 'tutti.toml'), '[workspace]\nname = "gate"\n[defaults]\nruntime = "demo"\nworktree = true\n[[agent]]\nname = "coder"\n');
		const tt = (...args: string[]) => world.tt(args, {cwd: project.root, env: mock.env});
		const opened = pull('tutti/coder');
		opened.threads.push({isResolved: false, path: 'hello.txt', line: 1, body: 'end with a newline?', author: 'rita'});
		const held = await tt('land', '--queue', 'coder', '--pr');
		expect(held.code, held.stderr).toBe(1);
		expect(held.stdout.trim()).toBe(`coder  held back: PR #${opened.number} has 1 unresolved review thread (not delivered to coder: agent "coder" is not running)`);
		const head = project.git(['rev-parse', 'HEAD']);
		opened.threads.at(-1)!.isResolved = true;
		const landed = await tt('land', '--queue', 'coder', '--pr', '--json');
		expect(landed.code, landed.stderr).toBe(0);
		expect(JSON.parse(landed.stdout)).toMatchObject({ok: true, target: 'main', outcomes: [{agent: 'coder', status: 'landed', line: `landed 1 commit (${project.git(['rev-parse', '--short=7', 'HEAD'])})`}]});
		expect(project.git(['rev-parse', 'HEAD~1'])).toBe(head);
	});

	it('blocks a branch without an open PR, and that is not sent back to anyone', async () => {
		const error = await checkMergeGate({root: project.root, branch: 'tutti/nobody', agent: 'nobody', runner, env}).catch((caught: unknown) => caught);
		expect(error).toMatchObject({code: 'ERR_POLICY', message: 'merge gate requires an open PR for tutti/nobody, and there is none', hint: expect.stringContaining('tt land nobody --pr')});
		expect(gateFailure(error)).toBeUndefined();
	});
});
