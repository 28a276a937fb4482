import {execFileSync} from 'node:child_process';
import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {makeGitRepo} from '../../helpers/sandbox.js';
import {makeWorld, waitFor} from '../../helpers/tt.js';

const config = `
[workspace]
name = "team-test"

[workspace.env]
git_name = "Team Test"
git_email = "team@example.com"

[defaults]
worktree = true
runtime = "demo"

[[agent]]
name = "planner"

[[agent]]
name = "implementer"
depends_on = ["planner"]

[[agent]]
name = "tester"
depends_on = ["implementer"]
`;

type Status = {name: string; runtime: string; state: string; session: string; worktree: string | null; branch: string | null; running: boolean};

describe('a team of three demo agents in real tmux and git', () => {
	const world = makeWorld('team');
	let repo: string;
	const git = (...args: string[]) => execFileSync('git', args, {cwd: repo, encoding: 'utf8'});
	const status = async (): Promise<Status[]> => {
		const result = await world.tt(['status', '--json'], {cwd: repo});
		expect(result.code, result.stderr).toBe(0);
		return JSON.parse(result.stdout) as Status[];
	};

	beforeAll(() => {
		repo = makeGitRepo(path.join(world.dir, 'project'));
		writeFileSync(path.join(repo, 'tutti.toml'), config);
		git('add', 'tutti.toml');
		git('commit', '-q', '-m', 'add tutti.toml');
	});
	afterAll(() => world.cleanup());

	it('brings the team up in depends_on order, each in its own worktree', async () => {
		const result = await world.tt(['up', '--json'], {cwd: repo});
		expect(result.code, result.stderr).toBe(0);
		const started = JSON.parse(result.stdout) as Array<{agent: string; outcome: string; branch: string; worktree: string}>;
		expect(started.map((entry) => entry.agent)).toEqual(['planner', 'implementer', 'tester']);
		for (const entry of started) {
			expect(entry.outcome).toBe('started');
			expect(entry.branch).toBe(`tutti/${entry.agent}`);
			expect(entry.worktree).toBe(path.join(repo, '.tutti', 'worktrees', entry.agent));
		}
		const statuses = await waitFor(async () => {
			const current = await status();
			return current.every((agent) => agent.state === 'idle') ? current : undefined;
		}, {what: 'all agents idle'});
		expect(statuses.map((agent) => [agent.name, agent.runtime, agent.session])).toEqual([
			['planner', 'demo', 'tt-team-test-planner'],
			['implementer', 'demo', 'tt-team-test-implementer'],
			['tester', 'demo', 'tt-team-test-tester'],
		]);
		// tutti's files never show up as changes in the user's repository.
		expect(git('status', '--porcelain')).toBe('');
	});

	it('a second tt up of a running agent is a no-op', async () => {
		const before = await status();
		const result = await world.tt(['up', 'planner', '--json'], {cwd: repo});
		expect(result.code, result.stderr).toBe(0);
		expect(JSON.parse(result.stdout)[0].outcome).toBe('already_running');
		const after = await status();
		expect(after.find((agent) => agent.name === 'planner')?.running).toBe(true);
		expect(after.length).toBe(before.length);
	});

	it('each agent writes and commits a file in its own worktree', async () => {
		for (const agent of ['planner', 'implementer', 'tester']) {
			const write = await world.tt(['send', agent, '--wait', '--timeout-secs', '60', `write ${agent}.txt made by ${agent}`], {cwd: repo});
			expect(write.code, write.stderr).toBe(0);
			const commit = await world.tt(['send', agent, '--wait', '--timeout-secs', '60', `commit ${agent}: add file`], {cwd: repo});
			expect(commit.code, commit.stderr).toBe(0);
			const file = path.join(repo, '.tutti', 'worktrees', agent, `${agent}.txt`);
			expect(readFileSync(file, 'utf8')).toBe(`made by ${agent}\n`);
			const log = execFileSync('git', ['log', '--format=%s|%an', '-1'], {cwd: path.dirname(file), encoding: 'utf8'});
			expect(log.trim()).toBe(`${agent}: add file|Team Test`);
		}
		expect(existsSync(path.join(repo, 'planner.txt'))).toBe(false);
	});

	it('tt diff shows the commit to land', async () => {
		const result = await world.tt(['diff', 'implementer', '--json'], {cwd: repo});
		expect(result.code, result.stderr).toBe(0);
		const diff = JSON.parse(result.stdout) as {commits: Array<{subject: string}>; diff: string};
		expect(diff.commits.map((commit) => commit.subject)).toEqual(['implementer: add file']);
		expect(diff.diff).toContain('+made by implementer');
		const human = await world.tt(['diff', 'implementer'], {cwd: repo});
		expect(human.stdout).toContain('implementer: add file');
	});

	it('tt down --clean refuses to drop unlanded work, and tt land brings it onto main', async () => {
		const refused = await world.tt(['down', 'tester', '--clean'], {cwd: repo});
		expect(refused.code).toBe(1);
		expect(refused.stderr).toMatch(/error\[git\]/);
		expect(refused.stderr).toMatch(/tester: add file/);
		expect(existsSync(path.join(repo, '.tutti', 'worktrees', 'tester', 'tester.txt'))).toBe(true);

		for (const agent of ['planner', 'implementer', 'tester']) {
			const landed = await world.tt(['land', agent], {cwd: repo});
			expect(landed.code, landed.stderr).toBe(0);
		}
		expect(git('log', '--format=%s', '-3').trim().split('\n')).toEqual(['tester: add file', 'implementer: add file', 'planner: add file']);
		expect(readFileSync(path.join(repo, 'implementer.txt'), 'utf8')).toBe('made by implementer\n');
		const again = await world.tt(['land', 'planner', '--json'], {cwd: repo});
		expect(JSON.parse(again.stdout).landed).toEqual([]);
	});

	it('tt down --clean stops everyone and removes the landed worktrees', async () => {
		const result = await world.tt(['down', '--clean'], {cwd: repo});
		expect(result.code, result.stderr).toBe(0);
		for (const agent of ['planner', 'implementer', 'tester']) expect(existsSync(path.join(repo, '.tutti', 'worktrees', agent))).toBe(false);
		const statuses = await status();
		expect(statuses.every((agent) => agent.state === 'stopped' && !agent.running)).toBe(true);
		expect(git('branch', '--list', 'tutti/*').trim().split('\n').length).toBe(3);
	});
});
