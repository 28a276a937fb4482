// Cost of watching 20 idle agents: CPU of the observing process (and of the tmux server), processes
// spawned per second, resident memory over time. Targets: < 2 % of one core, ≤ 1 process/s, flat
// memory. DURATION_S (default 60; the issue asks for 300 for the memory check).
import {createRequire, syncBuiltinESMExports} from 'node:module';
import {execFileSync} from 'node:child_process';
import type * as ChildProcessModule from 'node:child_process';
import {readFileSync} from 'node:fs';
import {upAgents} from '../src/core/agents/up.js';
import {WorkspaceObserver} from '../src/core/state/workspace-observer.js';
import {agentsToml, benchWorkspace, sleep} from './lib.js';

const require = createRequire(import.meta.url);
const childProcess = require('node:child_process') as typeof ChildProcessModule;
let spawned = 0;
for (const name of ['spawn', 'execFile', 'exec', 'fork'] as const) {
	const original = childProcess[name] as (...args: unknown[]) => unknown;
	(childProcess as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
		spawned++;
		return original.apply(childProcess, args);
	};
}
syncBuiltinESMExports();

const agents = Number(process.env['AGENTS'] ?? 20);
const duration = Number(process.env['DURATION_S'] ?? 60) * 1000;
const ticks = () => {
	const [user = 0, system = 0] = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ').slice(11, 13).map(Number);
	return user + system;
};
const tmuxTicks = (socket: string) => {
	try {
		const pid = execFileSync('tmux', ['-L', socket, 'display-message', '-p', '#{pid}'], {encoding: 'utf8'}).trim();
		const [user = 0, system = 0] = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ').slice(11, 13).map(Number);
		return user + system;
	} catch {
		return 0;
	}
};

const {ctx, cleanup, socket} = benchWorkspace('idle', agentsToml(agents), {TUTTI_DEMO_STARTUP_MS: '50'});
const observer = new WorkspaceObserver(ctx, {record: true});
try {
	await upAgents(ctx);
	await observer.start();
	await sleep(5000);
	globalThis.gc?.();
	const rss: number[] = [];
	const startSpawned = spawned;
	const startTicks = ticks();
	const startTmux = tmuxTicks(socket);
	const start = Date.now();
	while (Date.now() - start < duration) {
		await sleep(Math.min(10_000, duration / 6));
		globalThis.gc?.();
		rss.push(process.memoryUsage().rss / 1024 / 1024);
	}
	const elapsed = (Date.now() - start) / 1000;
	const hz = 100; // USER_HZ on Linux
	const cpu = ((ticks() - startTicks) / hz / elapsed) * 100;
	const tmuxCpu = ((tmuxTicks(socket) - startTmux) / hz / elapsed) * 100;
	console.log(`${agents} idle agents watched for ${elapsed.toFixed(0)} s (streaming observer, recorder on)`);
	console.log(`observer CPU          ${cpu.toFixed(2)} % of one core   (target < 2 %)`);
	console.log(`tmux server CPU       ${tmuxCpu.toFixed(2)} % of one core`);
	console.log(`processes spawned     ${((spawned - startSpawned) / elapsed).toFixed(3)} per second   (target ≤ 1)`);
	console.log(`resident memory (MB)  ${rss.map((value) => value.toFixed(1)).join(' → ')}   (growth ${(rss[rss.length - 1]! - rss[0]!).toFixed(1)} MB)`);
} finally {
	await observer.stop();
	cleanup();
}
