import {execFile, type ChildProcess} from 'node:child_process';
import {mkdirSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {killTmuxServer, makeTempDir, uniqueSocket} from './sandbox.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ttBin = path.join(repoRoot, 'dist', 'tt.js');

export type TtResult = {code: number; stdout: string; stderr: string};

/**
 * An isolated world for running `tt` like a user: its own HOME, config dir and tmux socket.
 * `cleanup()` kills the tmux server and removes the files.
 */
export function makeWorld(label = 'w'): {
	home: string;
	socket: string;
	env: NodeJS.ProcessEnv;
	tt: (args: string[], options?: {cwd?: string; input?: string; env?: NodeJS.ProcessEnv}) => Promise<TtResult>;
	/** Has `cleanup()` end this child if it still runs (for processes a test spawns itself). */
	track: (child: ChildProcess) => void;
	/** Ends the tt processes still running, kills the tmux server, removes the files. */
	cleanup: () => void;
	dir: string;
} {
	const temp = makeTempDir(`tutti-${label}-`);
	const home = path.join(temp.dir, 'home');
	mkdirSync(home, {recursive: true});
	const socket = uniqueSocket(label);
	const env: NodeJS.ProcessEnv = {
		...process.env,
		HOME: home,
		XDG_CONFIG_HOME: path.join(home, '.config'),
		TUTTI_TMUX_SOCKET: socket,
		TUTTI_DEMO_WORK_MS: '300',
		TUTTI_DEMO_STARTUP_MS: '50',
		NO_COLOR: '1',
		GIT_CONFIG_NOSYSTEM: '1',
		GIT_AUTHOR_NAME: 'Test',
		GIT_AUTHOR_EMAIL: 'test@example.com',
		GIT_COMMITTER_NAME: 'Test',
		GIT_COMMITTER_EMAIL: 'test@example.com',
	};
	delete env['TMUX'];
	// tutti's private files (tmux.conf) go under the world's HOME, not the developer's runtime dir.
	delete env['XDG_RUNTIME_DIR'];
	delete env['XDG_STATE_HOME'];
	delete env['TMUX_PANE'];
	// Processes started here that still run: a test that fails or times out mid-command leaves them.
	const running = new Set<ChildProcess>();
	const track = (child: ChildProcess) => {
		running.add(child);
		child.once('exit', () => running.delete(child));
	};
	const tt = (args: string[], options: {cwd?: string; input?: string; env?: NodeJS.ProcessEnv} = {}) =>
		new Promise<TtResult>((resolve) => {
			const child = execFile(process.execPath, [ttBin, ...args], {cwd: options.cwd ?? temp.dir, env: {...env, ...options.env}, maxBuffer: 64 * 1024 * 1024, timeout: 180_000}, (error, stdout, stderr) => {
				const code = error ? (typeof (error as NodeJS.ErrnoException & {code?: unknown}).code === 'number' ? ((error as unknown as {code: number}).code) : 1) : 0;
				resolve({code, stdout, stderr});
			});
			track(child);
			if (options.input !== undefined) child.stdin?.end(options.input);
			else child.stdin?.end();
		});
	return {
		home,
		socket,
		env,
		tt,
		dir: temp.dir,
		track,
		cleanup: () => {
			for (const child of running) child.kill('SIGKILL');
			killTmuxServer(socket);
			temp.cleanup();
		},
	};
}

/** Polls `check` until it returns a truthy value or the deadline passes. */
export async function waitFor<T>(check: () => Promise<T | undefined | false> | T | undefined | false, options: {timeoutMs?: number; intervalMs?: number; what?: string} = {}): Promise<T> {
	const deadline = Date.now() + (options.timeoutMs ?? 20_000);
	let last: unknown;
	for (;;) {
		try {
			const value = await check();
			if (value) return value;
		} catch (error) {
			last = error;
		}
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${options.what ?? 'condition'}${last ? `: ${String(last)}` : ''}`);
		await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
	}
}
