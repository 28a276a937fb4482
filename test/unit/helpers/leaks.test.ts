import {execFileSync, spawn, type ChildProcess} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {waitFor} from '../../helpers/tt.js';
import {findLeaks, removeLeaks, type RunScope} from '../../helpers/leaks.js';
import {runIdVariable, socketPrefix, tmuxSocketDir} from '../../helpers/test-run.js';

/**
 * The global teardown's finder, on a made-up run beside the real one: it must find what that run
 * left (a process and a tmux server carrying its id, a dead socket, a temp folder) and nothing of
 * another run's.
 */
describe('findLeaks', () => {
	const id = `unit${Math.random().toString(16).slice(2, 8)}`;
	const scope: RunScope = {id, tempRoot: mkdtempSync(path.join(os.tmpdir(), 'tutti-leaks-')), mainPid: process.pid};
	const children: ChildProcess[] = [];
	const sleep = (runId: string) => {
		const child = spawn('sleep', ['30'], {env: {...process.env, [runIdVariable]: runId}, stdio: 'ignore'});
		children.push(child);
		return child;
	};
	const tmux = (socket: string, ...args: string[]) => execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], {env: {...process.env, [runIdVariable]: id}, stdio: 'ignore'});
	const live = `${socketPrefix(id)}live`;
	const dead = `${socketPrefix(id)}dead`;

	afterAll(async () => {
		// Whatever an assertion left: this test must not leak what it plants.
		for (const child of children) child.kill('SIGKILL');
		await removeLeaks(findLeaks(scope));
		for (const socket of [live, dead]) rmSync(path.join(tmuxSocketDir(), socket), {force: true});
		rmSync(scope.tempRoot, {recursive: true, force: true});
	});

	it('finds this run’s processes, tmux server, sockets and temp entries, removes them, and leaves other runs alone', async () => {
		const ours = sleep(id);
		const theirs = sleep('another-run');
		tmux(live, 'new-session', '-d', 'sleep 30');
		tmux(dead, 'new-session', '-d', 'sleep 30');
		tmux(dead, 'kill-server');
		mkdirSync(path.join(scope.tempRoot, 'tutti-wf-left'));

		// `kill-server` returns before the server has exited: wait (with a deadline) for its socket to be left behind.
		const leaks = await waitFor(
			() => {
				const found = findLeaks(scope);
				return found.some((leak) => leak.kind === 'socket' && leak.path === path.join(tmuxSocketDir(), dead)) ? found : undefined;
			},
			{what: 'the killed server to leave its socket', timeoutMs: 10_000},
		);
		const pids = leaks.flatMap((leak) => ('pid' in leak ? [leak.pid] : []));
		expect(pids).toContain(ours.pid);
		expect(pids).not.toContain(theirs.pid);
		expect(pids).not.toContain(process.pid);
		expect(leaks).toContainEqual(expect.objectContaining({kind: 'tmux-server', sockets: [path.join(tmuxSocketDir(), live)]}));
		expect(leaks).toContainEqual({kind: 'socket', path: path.join(tmuxSocketDir(), dead)});
		expect(leaks).toContainEqual({kind: 'temp', path: path.join(scope.tempRoot, 'tutti-wf-left')});

		expect(await removeLeaks(leaks)).toEqual([]);
		expect(findLeaks(scope)).toEqual([]);
		expect(existsSync(path.join(tmuxSocketDir(), live))).toBe(false);
		expect(theirs.exitCode).toBeNull();
	});
});
