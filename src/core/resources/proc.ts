import {closeSync, openSync, readdirSync, readFileSync, readSync} from 'node:fs';
import path from 'node:path';

/** One process as a single read of `/proc/<pid>/stat` shows it. */
export type ProcStat = {
	pid: number;
	ppid: number;
	/** The kernel's short name (may hold spaces and parentheses). */
	comm: string;
	/** utime + stime, in clock ticks. */
	cpuTicks: number;
	/** When the process started, in clock ticks since boot (with the pid, it tells a reused pid apart). */
	startTicks: number;
	/** Resident pages. */
	rssPages: number;
	/** A kernel thread (PF_KTHREAD): it has no memory of its own and is never part of an agent. */
	kernel: boolean;
};

/** PF_KTHREAD in include/linux/sched.h. */
const PF_KTHREAD = 0x0020_0000;

/**
 * Parses `/proc/<pid>/stat`. The name sits in parentheses and may itself contain `)` or spaces,
 * so the fields are counted from the LAST `)`. Undefined for text that is not a stat line.
 */
export function parseStat(text: string): ProcStat | undefined {
	const open = text.indexOf('(');
	const close = text.lastIndexOf(')');
	if (open < 0 || close < open) return undefined;
	const pid = Number(text.slice(0, open).trim());
	// After the name: field 3 (state) is rest[0], so field n is rest[n - 3].
	const rest = text.slice(close + 2).trim().split(' ');
	const field = (n: number) => Number(rest[n - 3]);
	const values = {ppid: field(4), flags: field(9), utime: field(14), stime: field(15), start: field(22), rss: field(24)};
	if (!Number.isInteger(pid) || Object.values(values).some((value) => !Number.isFinite(value))) return undefined;
	return {
		pid,
		ppid: values.ppid,
		comm: text.slice(open + 1, close),
		cpuTicks: values.utime + values.stime,
		startTicks: values.start,
		rssPages: Math.max(0, values.rss),
		kernel: (values.flags & PF_KTHREAD) !== 0,
	};
}

/** Seconds since boot from `/proc/uptime` (its first number). */
export function parseUptime(text: string): number | undefined {
	const value = Number(text.trim().split(/\s+/)[0]);
	return Number.isFinite(value) && value > 0 ? value : undefined;
}

/** Every process under `procRoot`, read with one `stat` read each. Undefined where there is no /proc (not Linux). */
export function scanProcesses(procRoot: string): {uptime: number; processes: Map<number, ProcStat>} | undefined {
	const uptime = readText(path.join(procRoot, 'uptime'));
	const seconds = uptime === undefined ? undefined : parseUptime(uptime);
	if (seconds === undefined) return undefined;
	let names: string[];
	try {
		names = readdirSync(procRoot);
	} catch {
		return undefined;
	}
	const processes = new Map<number, ProcStat>();
	for (const name of names) {
		if (!isPid(name)) continue;
		// A process that exited since the listing has no stat any more: it is simply not counted.
		const text = readSmall(`${procRoot}/${name}/stat`);
		const stat = text === undefined ? undefined : parseStat(text);
		if (stat && !stat.kernel) processes.set(stat.pid, stat);
	}
	return {uptime: seconds, processes};
}

/** The page size, from the first mapping of our own `smaps` (read once; no `getconf` process). */
export function pageSizeOf(procRoot: string): number {
	let fd: number | undefined;
	try {
		fd = openSync(path.join(procRoot, 'self', 'smaps'), 'r');
		const buffer = Buffer.alloc(2048);
		const read = readSync(fd, buffer, 0, buffer.length, 0);
		const match = /KernelPageSize:\s+(\d+) kB/.exec(buffer.toString('latin1', 0, read));
		return match ? Number(match[1]) * 1024 : 4096;
	} catch {
		return 4096;
	} finally {
		if (fd !== undefined) closeSync(fd);
	}
}

function isPid(name: string): boolean {
	const first = name.charCodeAt(0);
	return first >= 48 && first <= 57;
}

/** A stat line is under 1 KiB: one buffer for every read, no fstat or allocation per file (this runs for every process). */
const statBuffer = Buffer.alloc(4096);

function readSmall(file: string): string | undefined {
	let fd: number | undefined;
	try {
		fd = openSync(file, 'r');
		const read = readSync(fd, statBuffer, 0, statBuffer.length, 0);
		return statBuffer.toString('latin1', 0, read);
	} catch {
		return undefined;
	} finally {
		if (fd !== undefined) closeSync(fd);
	}
}

function readText(file: string): string | undefined {
	try {
		return readFileSync(file, 'latin1');
	} catch {
		return undefined;
	}
}
