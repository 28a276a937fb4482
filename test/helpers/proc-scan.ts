import {readdirSync, readFileSync, readlinkSync} from 'node:fs';

/** One process as /proc shows it (Linux; elsewhere the scan finds nothing). */
export type ProcInfo = {
	pid: number;
	ppid: number;
	/** Single-letter state from /proc/<pid>/stat (`Z` is a zombie: already dead, not killable). */
	state: string;
	/** The kernel's short name; a tmux server renames itself `tmux: server`. */
	comm: string;
	cmdline: string;
	cwd: string | undefined;
	environ: string[];
};

function read(file: string): string | undefined {
	try {
		return readFileSync(file, 'latin1');
	} catch {
		// The process is gone, or belongs to someone we may not look at.
		return undefined;
	}
}

function link(file: string): string | undefined {
	try {
		return readlinkSync(file);
	} catch {
		return undefined;
	}
}

/** Every process we can see. */
export function listProcesses(): ProcInfo[] {
	let names: string[];
	try {
		names = readdirSync('/proc');
	} catch {
		return [];
	}
	const processes: ProcInfo[] = [];
	for (const name of names) {
		if (!/^\d+$/.test(name)) continue;
		const stat = read(`/proc/${name}/stat`);
		if (stat === undefined) continue;
		// `pid (comm) state ppid …`: comm may hold spaces and parentheses, so split at the last ')'.
		const close = stat.lastIndexOf(')');
		const [state = '?', ppid = '0'] = stat.slice(close + 2).split(' ');
		processes.push({
			pid: Number(name),
			ppid: Number(ppid),
			state,
			comm: stat.slice(stat.indexOf('(') + 1, close),
			cmdline: (read(`/proc/${name}/cmdline`) ?? '').split('\0').filter(Boolean).join(' '),
			cwd: link(`/proc/${name}/cwd`),
			environ: (read(`/proc/${name}/environ`) ?? '').split('\0'),
		});
	}
	return processes;
}

/** Paths of the unix sockets `pid` listens on (a tmux server: its socket file). */
export function listeningSocketPaths(pid: number): string[] {
	const byInode = new Map<string, string>();
	// Columns: Num RefCount Protocol Flags Type St Inode Path; flag 00010000 is __SO_ACCEPTCON (listening).
	for (const line of (read('/proc/net/unix') ?? '').split('\n').slice(1)) {
		const fields = line.trim().split(/\s+/);
		if (fields.length >= 8 && fields[3] === '00010000') byInode.set(fields[6]!, fields.slice(7).join(' '));
	}
	const paths: string[] = [];
	let fds: string[];
	try {
		fds = readdirSync(`/proc/${pid}/fd`);
	} catch {
		return paths;
	}
	for (const fd of fds) {
		const inode = /^socket:\[(\d+)\]$/.exec(link(`/proc/${pid}/fd/${fd}`) ?? '')?.[1];
		const socketPath = inode === undefined ? undefined : byInode.get(inode);
		if (socketPath !== undefined && !paths.includes(socketPath)) paths.push(socketPath);
	}
	return paths;
}

/** Whether `pid` still runs (a zombie counts as gone: only its parent can reap it). */
export function isAlive(pid: number): boolean {
	const stat = read(`/proc/${pid}/stat`);
	if (stat === undefined) return false;
	return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
}

/** Pids of the tmux servers listening on `socketPath` (normally one; none once it exited). */
export function tmuxServersOn(socketPath: string): number[] {
	let names: string[];
	try {
		names = readdirSync('/proc');
	} catch {
		return [];
	}
	return names.filter((name) => /^\d+$/.test(name) && read(`/proc/${name}/comm`)?.trim() === 'tmux: server' && listeningSocketPaths(Number(name)).includes(socketPath)).map(Number);
}
