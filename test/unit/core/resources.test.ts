import {readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {agentResources} from '../../../src/core/resources/agent-resources.js';
import {pageSizeOf, parseStat, scanProcesses} from '../../../src/core/resources/proc.js';
import {ProcessSampler} from '../../../src/core/resources/sampler.js';
import {formatResources} from '../../../src/core/model/resources-text.js';

const fixtures = path.resolve('test/fixtures/proc');
const before = path.join(fixtures, 'before');
const after = path.join(fixtures, 'after');
const pages = (count: number) => count * 4096;

describe('/proc parsing', () => {
	it('reads a stat line whose process name holds spaces and parentheses', () => {
		const stat = parseStat(readFileSync(path.join(before, '102', 'stat'), 'latin1'));
		expect(stat).toEqual({pid: 102, ppid: 101, comm: 'bash) S 1 (x', cpuTicks: 10, startTicks: 99_000, rssPages: 1000, kernel: false});
	});

	it('marks kernel threads (PF_KTHREAD) and leaves them out of the scan', () => {
		expect(parseStat(readFileSync(path.join(before, '50', 'stat'), 'latin1'))?.kernel).toBe(true);
		const scan = scanProcesses(before);
		expect([...(scan?.processes.keys() ?? [])].sort((a, b) => a - b)).toEqual([1, 100, 101, 102, 200]);
	});

	it('skips a process listed in /proc that vanished before its stat was read', () => {
		expect(scanProcesses(before)?.processes.has(103)).toBe(false);
	});

	it('rejects text that is not a stat line', () => {
		expect(parseStat('')).toBeUndefined();
		expect(parseStat('12 (x) S')).toBeUndefined();
	});

	it('takes the page size from smaps', () => {
		expect(pageSizeOf(before)).toBe(4096);
	});

	it('says unknown where there is no /proc', () => {
		expect(scanProcesses(path.join(fixtures, 'no-such-proc'))).toBeUndefined();
		const sampler = new ProcessSampler({procRoot: path.join(fixtures, 'no-such-proc')});
		expect(sampler.tree(100)).toBeUndefined();
		expect(agentResources({pid: 100, dead: false}, sampler)).toEqual({rss_bytes: null, cpu_pct: null});
	});
});

describe('ProcessSampler', () => {
	const twoSamples = () => {
		let root = before;
		let now = 0;
		const sampler = new ProcessSampler({scan: () => scanProcesses(root), now: () => now, pageSize: 4096});
		return {sampler, later: () => ((root = after), (now += 2000))};
	};

	it('sums the whole tree under the pane pid, and nothing outside it', () => {
		const {sampler} = twoSamples();
		// Lifetime averages on a first sample: 50 s of 100, 10 s of 50, 0.1 s of 10 → 50 + 20 + 1 %.
		expect(sampler.tree(100)).toEqual({rssBytes: pages(200_000 + 25_000 + 1000), cpuPct: 71, processes: 3});
		expect(sampler.tree(101)).toEqual({rssBytes: pages(26_000), cpuPct: 21, processes: 2});
		expect(sampler.tree(2)).toBeUndefined();
		expect(sampler.tree(999)).toBeUndefined();
	});

	it('measures CPU between samples, counting a child born since and dropping one that exited', () => {
		const {sampler, later} = twoSamples();
		sampler.tree(100);
		later();
		// 100: 1 s of 2 s; 101: 0.5 s of 2 s; 104 (born at 1001.5 s): 0.5 s of 0.5 s.
		expect(sampler.tree(100)).toEqual({rssBytes: pages(210_000 + 25_000 + 2000), cpuPct: 175, processes: 3});
	});

	it('reuses a sample younger than the interval instead of reading /proc again', () => {
		let reads = 0;
		let now = 0;
		const sampler = new ProcessSampler({scan: () => (reads++, scanProcesses(before)), now: () => now, pageSize: 4096, minIntervalMs: 2000});
		sampler.tree(100);
		sampler.tree(101);
		now = 1999;
		sampler.tree(100);
		expect(reads).toBe(1);
		now = 2000;
		sampler.tree(100);
		expect(reads).toBe(2);
	});

	it('treats a reused pid as a new process, not as negative CPU', () => {
		let root = before;
		let now = 0;
		const sampler = new ProcessSampler({scan: () => {
			const scan = scanProcesses(root);
			// In the later sample, pid 101 is another process that started at 1001 s with few ticks.
			const reused = scan?.processes.get(101);
			if (scan && reused && root === after) scan.processes.set(101, {...reused, startTicks: 100_100, cpuTicks: 10});
			return scan;
		}, now: () => now, pageSize: 4096});
		sampler.tree(101);
		root = after;
		now = 2000;
		// 0.1 s over the 1 s it has lived.
		expect(sampler.tree(101)?.cpuPct).toBe(10);
	});
});

describe('formatResources', () => {
	it('shows memory and CPU compactly, and a dash when unknown', () => {
		expect(formatResources({rss_bytes: 812 * 1024 * 1024, cpu_pct: 3})).toBe('812M 3%');
		expect(formatResources({rss_bytes: 1.5 * 1024 ** 3, cpu_pct: 120.4})).toBe('1.5G 120%');
		expect(formatResources({rss_bytes: 300 * 1024, cpu_pct: 0.4})).toBe('300K 0.4%');
		expect(formatResources({rss_bytes: null, cpu_pct: null})).toBe('–');
	});
});
