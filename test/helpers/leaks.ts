import {existsSync, readdirSync, rmSync} from 'node:fs';
import path from 'node:path';
import {isAlive, listeningSocketPaths, listProcesses, type ProcInfo} from './proc-scan.js';
import {runIdVariable, socketPrefix, tmuxSocketDir} from './test-run.js';

/** Something a test run left behind. Every one is a bug in a test (or in the product). */
export type Leak =
	| {kind: 'tmux-server'; pid: number; sockets: string[]; command: string}
	| {kind: 'process'; pid: number; what: string; command: string}
	| {kind: 'socket'; path: string}
	| {kind: 'temp'; path: string};

export type RunScope = {
	id: string;
	/** The run's own temp folder (its `TMPDIR`). */
	tempRoot: string;
	/** The vitest main process: neither it nor its workers are leftovers. */
	mainPid: number;
};

const within = (file: string | undefined, dir: string) => file !== undefined && (file === dir || file.startsWith(dir + path.sep));

/**
 * Whether a process belongs to this run: it inherited the run id, or it works in (or names) the
 * run's temp folder or one of its sockets. A process that dropped its environment (`env -i`)
 * is still caught by where it runs.
 */
function ownedBy(proc: ProcInfo, scope: RunScope): boolean {
	return proc.environ.includes(`${runIdVariable}=${scope.id}`) || within(proc.cwd, scope.tempRoot) || proc.cmdline.includes(scope.tempRoot) || proc.cmdline.includes(socketPrefix(scope.id));
}

/** Vitest itself: the main process, its ancestors and its pool workers (closed after global teardown). */
function isVitest(proc: ProcInfo, scope: RunScope, ancestors: ReadonlySet<number>): boolean {
	return proc.pid === scope.mainPid || ancestors.has(proc.pid) || (proc.ppid === scope.mainPid && /vitest/.test(proc.cmdline));
}

function ancestorsOf(pid: number, processes: readonly ProcInfo[]): Set<number> {
	const byPid = new Map(processes.map((proc) => [proc.pid, proc]));
	const seen = new Set<number>();
	for (let current = byPid.get(pid)?.ppid; current && !seen.has(current); current = byPid.get(current)?.ppid) seen.add(current);
	return seen;
}

function describe(proc: ProcInfo): string {
	if (/demo-agent\.js/.test(proc.cmdline)) return 'demo agent';
	if (/(?:dist\/tt\.js|tutti-run-entry\/tt-)/.test(proc.cmdline)) return 'tt';
	if (proc.comm.startsWith('tmux')) return 'tmux client';
	return proc.comm;
}

/** Everything this run left: live processes and tmux servers, socket files, temp folders. */
export function findLeaks(scope: RunScope): Leak[] {
	const leaks: Leak[] = [];
	const processes = listProcesses();
	const ancestors = ancestorsOf(scope.mainPid, processes);
	const serverSockets = new Set<string>();
	for (const proc of processes) {
		if (proc.state === 'Z' || isVitest(proc, scope, ancestors) || !ownedBy(proc, scope)) continue;
		if (proc.comm === 'tmux: server') {
			const sockets = listeningSocketPaths(proc.pid);
			for (const socket of sockets) serverSockets.add(socket);
			leaks.push({kind: 'tmux-server', pid: proc.pid, sockets, command: proc.cmdline});
		} else {
			leaks.push({kind: 'process', pid: proc.pid, what: describe(proc), command: proc.cmdline});
		}
	}
	const socketDir = tmuxSocketDir();
	for (const name of safeReaddir(socketDir)) {
		const file = path.join(socketDir, name);
		if (name.startsWith(socketPrefix(scope.id)) && !serverSockets.has(file)) leaks.push({kind: 'socket', path: file});
	}
	for (const name of safeReaddir(scope.tempRoot)) {
		// Node's own module compile cache (npm 11+ and Node 22+ turn it on in the temp folder): not
		// made by a test, and removed with the run's folder.
		if (name === 'node-compile-cache') continue;
		leaks.push({kind: 'temp', path: path.join(scope.tempRoot, name)});
	}
	return leaks;
}

function safeReaddir(dir: string): string[] {
	try {
		return readdirSync(dir);
	} catch {
		return [];
	}
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function signal(pid: number, name: NodeJS.Signals): void {
	try {
		process.kill(pid, name);
	} catch {
		// Already gone.
	}
}

/**
 * Ends the processes (SIGTERM, then SIGKILL after a grace period: a hung tmux server ignores
 * its clients but not signals), removes socket files and temp folders. Returns what survived.
 */
export async function removeLeaks(leaks: readonly Leak[]): Promise<string[]> {
	const pids = leaks.flatMap((leak) => (leak.kind === 'tmux-server' || leak.kind === 'process' ? [leak.pid] : []));
	for (const pid of pids) signal(pid, 'SIGTERM');
	for (const deadline = Date.now() + 3000; pids.some(isAlive) && Date.now() < deadline; ) await sleep(100);
	for (const pid of pids.filter(isAlive)) signal(pid, 'SIGKILL');
	for (const deadline = Date.now() + 2000; pids.some(isAlive) && Date.now() < deadline; ) await sleep(50);
	const survivors = pids.filter(isAlive).map((pid) => `process ${pid} survived SIGKILL`);
	const files = leaks.flatMap((leak) => (leak.kind === 'tmux-server' ? leak.sockets : leak.kind === 'socket' || leak.kind === 'temp' ? [leak.path] : []));
	for (const file of files) {
		try {
			rmSync(file, {recursive: true, force: true});
		} catch (error) {
			survivors.push(`${file}: ${(error as Error).message}`);
		}
		if (existsSync(file)) survivors.push(`${file} could not be removed`);
	}
	return survivors;
}

/** One line per leak, with the path or pid to look at. */
export function formatLeak(leak: Leak): string {
	switch (leak.kind) {
		case 'tmux-server':
			return `live tmux server pid ${leak.pid} on ${leak.sockets.join(', ') || '(no socket)'}: ${leak.command}`;
		case 'process':
			return `live process pid ${leak.pid} (${leak.what}): ${leak.command}`;
		case 'socket':
			return `tmux socket file ${leak.path}`;
		case 'temp':
			return `temp entry ${leak.path}`;
	}
}
