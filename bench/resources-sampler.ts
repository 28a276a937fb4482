// The resource sampler's own cost: a tree of 50 processes (one Node root holding 49 `sleep`
// children), sampled as `tt watch`/`tt serve` do it — one fresh /proc scan, then the trees of 50
// agents — and the CPU this process spent per sample set against the 2 s sampling interval, in %
// of one core, in the same run. Target: < 0.5 %. SAMPLES (default 200).
import {spawn} from 'node:child_process';
import {readdirSync} from 'node:fs';
import {ProcessSampler} from '../src/core/resources/sampler.js';

const samples = Number(process.env['SAMPLES'] ?? 200);
const intervalMs = 2000;
const children = 49;

// The root starts its children itself (argv arrays, no shell) and prints their pids.
const rootCode = `const {spawn} = require('node:child_process');
const kids = Array.from({length: ${children}}, () => spawn('sleep', ['600'], {stdio: 'ignore'}));
process.stdout.write(JSON.stringify(kids.map((kid) => kid.pid)) + '\\n');
const end = () => { for (const kid of kids) kid.kill(); process.exit(0); };
process.on('SIGTERM', end);
setInterval(() => {}, 1 << 30);`;
const root = spawn(process.execPath, ['-e', rootCode], {stdio: ['ignore', 'pipe', 'inherit']});
const kids: number[] = await new Promise((resolve, reject) => {
	root.stdout.once('data', (data: Buffer) => resolve(JSON.parse(data.toString()) as number[]));
	root.once('exit', () => reject(new Error('the root process exited early')));
});
const agents = [root.pid as number, ...kids];

try {
	// A clock moved one interval per sample set: each set scans /proc once, as it would every 2 s.
	let clock = 0;
	const sampler = new ProcessSampler({now: () => clock, minIntervalMs: intervalMs});
	const tree = sampler.tree(root.pid as number);
	if (!tree || tree.processes !== children + 1) throw new Error(`expected a tree of ${children + 1} processes, sampled ${tree?.processes ?? 'none'}`);
	const start = process.cpuUsage();
	const wallStart = process.hrtime.bigint();
	for (let index = 0; index < samples; index++) {
		clock += intervalMs;
		for (const pid of agents) sampler.tree(pid);
	}
	const used = process.cpuUsage(start);
	const wallMs = Number(process.hrtime.bigint() - wallStart) / 1e6;
	const perSampleMs = (used.user + used.system) / 1000 / samples;
	const processesOnMachine = readdirSync('/proc').filter((name) => /^\d+$/.test(name)).length;
	const sharePct = (perSampleMs / intervalMs) * 100;
	process.stdout.write(
		[
			`resource sampler: ${agents.length} agents, a tree of ${tree.processes} processes (${Math.round(tree.rssBytes / 1024 / 1024)} MiB), ${processesOnMachine} processes on this machine`,
			`  per sample (one /proc scan + ${agents.length} trees): ${perSampleMs.toFixed(3)} ms CPU (${(wallMs / samples).toFixed(3)} ms wall), ${samples} samples`,
			`  ${((perSampleMs * 1000) / processesOnMachine).toFixed(1)} µs per process on the machine: the scan grows with every process, not only the agents'`,
			`  at one sample every ${intervalMs / 1000} s: ${sharePct.toFixed(3)} % of one core (target < 0.5 %: ${sharePct < 0.5 ? 'met' : 'NOT met'})`,
			'',
		].join('\n'),
	);
} finally {
	root.kill('SIGTERM');
}
