import {mkdtempSync, mkdirSync, rmSync, writeFileSync, realpathSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {execFileSync} from 'node:child_process';
import {tmuxServersOn} from './proc-scan.js';
import {socketPrefix, tmuxSocketDir} from './test-run.js';

/** A private temp directory, removed by `cleanup()`. Resolves symlinks so paths compare equal. */
export function makeTempDir(prefix = 'tutti-test-'): {dir: string; cleanup: () => void} {
	const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), prefix)));
	return {dir, cleanup: () => rmSync(dir, {recursive: true, force: true})};
}

/** Creates a git repository with one commit, with identity set locally. */
export function makeGitRepo(dir: string, files: Record<string, string> = {'README.md': '# test\n'}): string {
	mkdirSync(dir, {recursive: true});
	const git = (...args: string[]) => execFileSync('git', args, {cwd: dir, stdio: 'pipe'});
	git('init', '-q', '-b', 'main');
	git('config', 'user.email', 'test@example.com');
	git('config', 'user.name', 'Test');
	git('config', 'commit.gpgsign', 'false');
	for (const [name, content] of Object.entries(files)) {
		mkdirSync(path.dirname(path.join(dir, name)), {recursive: true});
		writeFileSync(path.join(dir, name), content);
	}
	git('add', '-A');
	git('commit', '-q', '-m', 'initial');
	return dir;
}

/**
 * A unique tmux socket name for one test file; never the default socket. It carries the run id,
 * so the global teardown can tell this run's sockets from those of runs beside it.
 */
export function uniqueSocket(label = 't'): string {
	return `${socketPrefix()}${label}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * Kills the tmux server on a private socket (ignores "no server running") and removes the socket
 * file, which tmux leaves behind when its server exits. A server that does not answer (one whose
 * start was cut short by a SIGKILLed tt) is ended by its pid; a tmux client can ignore SIGTERM,
 * so the client is given SIGKILL when it waits too long.
 */
export function killTmuxServer(socket: string): void {
	const file = path.join(tmuxSocketDir(), socket);
	// The agents in its panes get SIGHUP from kill-server and may still write (a last log line)
	// for a moment: wait for them to be gone, or that write recreates a folder the test removes next.
	let panes: number[] = [];
	try {
		panes = execFileSync('tmux', ['-L', socket, 'list-panes', '-a', '-F', '#{pane_pid}'], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000, killSignal: 'SIGKILL'})
			.split('\n')
			.map(Number)
			.filter((pid) => Number.isInteger(pid) && pid > 0);
	} catch {
		// No server, or no panes.
	}
	try {
		execFileSync('tmux', ['-L', socket, 'kill-server'], {stdio: 'ignore', timeout: 5000, killSignal: 'SIGKILL'});
	} catch {
		// No server was running, or it did not answer: see below.
	}
	waitForExit(panes, 3000);
	for (const pid of tmuxServersOn(file)) {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {
			// It exited after all.
		}
	}
	rmSync(file, {force: true});
}

const alive = (pid: number): boolean => {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
};

/** Waits (synchronously, up to `withinMs`) for processes to exit; SIGKILLs what is left. */
function waitForExit(pids: readonly number[], withinMs: number): void {
	const deadline = Date.now() + withinMs;
	const pause = new Int32Array(new SharedArrayBuffer(4));
	while (pids.some(alive) && Date.now() < deadline) Atomics.wait(pause, 0, 0, 20);
	for (const pid of pids.filter(alive)) {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {
			// Gone meanwhile.
		}
	}
}
