import {execFileSync} from 'node:child_process';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {killTmuxServer, makeGitRepo, uniqueSocket} from '../../helpers/sandbox.js';
import {makeWorld, ttBin, waitFor} from '../../helpers/tt.js';

describe('send --auto-up, peek, logs, attach', () => {
	const world = makeWorld('interact');
	const outer = uniqueSocket('outer');
	let repo: string;
	beforeAll(() => {
		repo = makeGitRepo(path.join(world.dir, 'project'));
		writeFileSync(path.join(repo, 'tutti.toml'), '[workspace]\nname = "inter"\n[defaults]\nworktree = false\nruntime = "demo"\n[[agent]]\nname = "solo"\n[[agent]]\nname = "other"\n');
	});
	afterAll(() => {
		killTmuxServer(outer);
		world.cleanup();
	});

	it('send --auto-up starts a stopped agent, waits until it is ready, then delivers', async () => {
		const result = await world.tt(['send', 'solo', '--auto-up', '--wait', '--output', '--json', 'echo started and answered'], {cwd: repo});
		expect(result.code, result.stderr).toBe(0);
		const reply = JSON.parse(result.stdout) as {started: boolean; waited: boolean; state: string; captured_output: string};
		expect(reply).toMatchObject({started: true, waited: true, state: 'idle'});
		expect(reply.captured_output).toContain('started and answered');
		// Without --json: what happened, in words (no source or rule names).
		const plain = await world.tt(['send', 'solo', '--wait', 'echo again'], {cwd: repo});
		expect(plain.code, plain.stderr).toBe(0);
		expect(plain.stdout.split('\n')[0]).toMatch(/^sent prompt to solo \(\S+\) · (its turn ended; it is idle|no work was seen; it is idle)$/);
	});

	it('peek prints the screen; logs prints the recorded output as readable text', async () => {
		const peek = await world.tt(['peek', 'solo'], {cwd: repo});
		expect(peek.stdout).toContain('started and answered');
		const logs = await waitFor(async () => {
			const result = await world.tt(['logs', 'solo', '--lines', '200'], {cwd: repo});
			return result.stdout.includes('started and answered') ? result : undefined;
		}, {what: 'the answer in the recorded log'});
		expect(logs.stdout).not.toMatch(/\u001B\[/);
	});

	it('attach hands a terminal to the agent and comes back on detach', async () => {
		const env = Object.entries({...world.env, TERM: 'xterm-256color'}).flatMap(([key, value]) => (value === undefined ? [] : ['-e', `${key}=${value}`]));
		execFileSync('tmux', ['-L', outer, '-f', '/dev/null', 'new-session', '-d', '-x', '120', '-y', '40', '-c', repo, ...env, '--', process.execPath, ttBin, 'attach', 'solo']);
		const screen = () => execFileSync('tmux', ['-L', outer, 'capture-pane', '-p', '-t', '=' + execFileSync('tmux', ['-L', outer, 'list-sessions', '-F', '#{session_name}'], {encoding: 'utf8'}).trim() + ':'], {encoding: 'utf8'});
		await waitFor(() => screen().includes('demo agent ready'), {what: 'the agent screen in the attached terminal'});
		expect(screen()).toMatch(/tutti: solo \(inter\)/);
		execFileSync('tmux', ['-L', outer, 'send-keys', 'C-b', 'd']);
		await waitFor(() => {
			try {
				execFileSync('tmux', ['-L', outer, 'list-sessions'], {stdio: 'pipe'});
				return false;
			} catch {
				return true;
			}
		}, {what: 'tt attach to return after detach'});
		const status = await world.tt(['status', '--json'], {cwd: repo});
		expect((JSON.parse(status.stdout) as Array<{name: string; running: boolean}>).find((agent) => agent.name === 'solo')?.running).toBe(true);
	});
});
