import {pageSizeOf, scanProcesses, type ProcStat} from './proc.js';

/** What a process tree uses now. */
export type TreeResources = {
	/** Resident memory of every process in the tree, in bytes. */
	rssBytes: number;
	/** CPU time the tree used over the last sample window, in % of one core (200 = two cores busy). */
	cpuPct: number;
	/** How many processes the tree holds (the root included). */
	processes: number;
};

type Scan = {uptime: number; processes: Map<number, ProcStat>};

export type ProcessSamplerOptions = {
	/** Where procfs is mounted (tests point it at fixture folders). @default '/proc' */
	procRoot?: string;
	/** A sample younger than this is reused: asking often costs nothing more. @default 2000 */
	minIntervalMs?: number;
	/** @default Date.now */
	now?: () => number;
	/** Reads every process (tests swap fixtures between samples). @default scanProcesses(procRoot) */
	scan?: () => Scan | undefined;
	/** @default the kernel page size read from procRoot/self/smaps */
	pageSize?: number;
};

/**
 * USER_HZ: the unit of utime/stime in /proc. It is part of the kernel's ABI (100 on every
 * architecture Node runs on); reading it with `getconf CLK_TCK` would spawn a process per start.
 */
const TICKS_PER_SECOND = 100;
/** A process born a moment ago has too short a window for its rate to mean anything. */
const MIN_WINDOW_SECONDS = 0.05;

type Sample = {at: number; uptime: number; processes: Map<number, ProcStat>; children: Map<number, number[]>; cpuPct: Map<number, number>};

/**
 * Samples processes from /proc: one directory listing and one `stat` read per process, shared by
 * every tree asked about within `minIntervalMs`, and only when something asks (nothing polls).
 * CPU % is the utime+stime a process used since the previous sample (since it started, for one not
 * seen before), so the first answer is the lifetime average, as `ps` shows it.
 */
export class ProcessSampler {
	readonly #options: ProcessSamplerOptions;
	readonly #now: () => number;
	#pageSize: number | undefined;
	#sample: Sample | undefined;
	/** False once a scan found no /proc: every answer is then "unknown". */
	#available = true;

	constructor(options: ProcessSamplerOptions = {}) {
		this.#options = options;
		this.#now = options.now ?? Date.now;
		this.#pageSize = options.pageSize;
	}

	/** The tree under `pid` (it and all its descendants); undefined when unknown: no /proc, or no such process. */
	tree(pid: number): TreeResources | undefined {
		const sample = this.#current();
		if (!sample?.processes.has(pid)) return undefined;
		const pageSize = (this.#pageSize ??= pageSizeOf(this.#options.procRoot ?? '/proc'));
		const result: TreeResources = {rssBytes: 0, cpuPct: 0, processes: 0};
		const seen = new Set<number>();
		const stack = [pid];
		while (stack.length > 0) {
			const next = stack.pop() as number;
			// A pid reused while we read could point back up the tree: visit each once.
			if (seen.has(next)) continue;
			seen.add(next);
			const stat = sample.processes.get(next);
			if (!stat) continue;
			result.processes++;
			result.rssBytes += stat.rssPages * pageSize;
			result.cpuPct += sample.cpuPct.get(next) ?? 0;
			stack.push(...(sample.children.get(next) ?? []));
		}
		result.cpuPct = Math.round(result.cpuPct * 10) / 10;
		return result;
	}

	#current(): Sample | undefined {
		if (!this.#available) return undefined;
		const now = this.#now();
		if (this.#sample && now - this.#sample.at < (this.#options.minIntervalMs ?? 2000)) return this.#sample;
		const scan = this.#options.scan ? this.#options.scan() : scanProcesses(this.#options.procRoot ?? '/proc');
		if (!scan) {
			this.#available = false;
			this.#sample = undefined;
			return undefined;
		}
		this.#sample = this.#build(now, scan, this.#sample);
		return this.#sample;
	}

	#build(at: number, scan: Scan, previous: Sample | undefined): Sample {
		const children = new Map<number, number[]>();
		const cpuPct = new Map<number, number>();
		for (const stat of scan.processes.values()) {
			const siblings = children.get(stat.ppid);
			if (siblings) siblings.push(stat.pid);
			else children.set(stat.ppid, [stat.pid]);
			const before = previous?.processes.get(stat.pid);
			// The same process only if it started at the same tick: otherwise the pid was reused.
			const known = before !== undefined && before.startTicks === stat.startTicks && previous !== undefined;
			const since = known ? previous.uptime : stat.startTicks / TICKS_PER_SECOND;
			const ticks = known ? stat.cpuTicks - before.cpuTicks : stat.cpuTicks;
			const window = Math.max(MIN_WINDOW_SECONDS, scan.uptime - since);
			cpuPct.set(stat.pid, Math.max(0, (ticks / TICKS_PER_SECOND / window) * 100));
		}
		return {at, uptime: scan.uptime, processes: scan.processes, children, cpuPct};
	}
}
