// 10 demo agents on a [[host]] (a real sshd on 127.0.0.1, test/helpers/sshd.ts) against 10 on this
// machine, in one run: prompt → observed working and → observed idle (median, p95), and the CPU
// tutti spends watching them idle for IDLE_S (default 30) — its own process, the ssh clients it
// started and the host's ssh master (which carries every stream's bytes). Printed as remote/local.
// Usage: node bench/run.mjs remote-vs-local
import {execFileSync} from 'node:child_process';
import {readFileSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {createCore} from '../src/cli/core.js';
import {WorkspaceContext} from '../src/core/agents/context.js';
import {upAgents} from '../src/core/agents/up.js';
import {loadWorkspaceConfig, type GlobalConfig} from '../src/core/config/index.js';
import {parseGlobalConfig} from '../src/core/config/global.js';
import {closeHostConnections, hostTransport} from '../src/core/hosts/routing.js';
import {WorkspaceObserver} from '../src/core/state/workspace-observer.js';
import {ensureTmuxConf} from '../src/core/tmux/tmux-conf.js';
import {listProcesses} from '../test/helpers/proc-scan.js';
import {makeGitRepo, makeTempDir} from '../test/helpers/sandbox.js';
import {startTestSshd} from '../test/helpers/sshd.js';
import {agentsToml, percentile, sleep} from './lib.js';

const agents = Number(process.env['AGENTS'] ?? 10);
const rounds = Number(process.env['ROUNDS'] ?? 3);
const idleMs = Number(process.env['IDLE_S'] ?? 30) * 1000;
const hz = 100; // USER_HZ on Linux

type Side = {label: 'local' | 'remote'; ctx: WorkspaceContext; socket: string};
type Figures = {working: number[]; idle: number[]; cpuPct: number};

/** CPU ticks of one process (utime + stime), and of its reaped children (cutime + cstime). */
function ticksOf(pid: number): {own: number; reaped: number} {
	try {
		const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
		const [utime = 0, stime = 0, cutime = 0, cstime = 0] = fields.slice(11, 15).map(Number);
		return {own: utime + stime, reaped: cutime + cstime};
	} catch {
		return {own: 0, reaped: 0};
	}
}

/** Everything tutti's side spends: this process, its children alive or reaped, and the ssh master(s) (daemons, not children). */
function tuttiTicks(extra: readonly number[]): number {
	const self = ticksOf(process.pid);
	const children = listProcesses().filter((proc) => proc.ppid === process.pid).reduce((sum, proc) => sum + ticksOf(proc.pid).own, 0);
	return self.own + self.reaped + children + extra.reduce((sum, pid) => sum + ticksOf(pid).own, 0);
}

function workspace(dir: string, label: Side['label'], global: GlobalConfig, toml: string): Side {
	const socket = `tutti-bench-rvl-${label}-${process.pid}`;
	const repo = makeGitRepo(path.join(dir, label));
	writeFileSync(path.join(repo, 'tutti.toml'), `[workspace]\nname = "${label}"\n[defaults]\nruntime = "demo"\nworktree = false\n${label === 'remote' ? 'host = "box"\n' : ''}${toml}`);
	const home = path.join(dir, 'home');
	const env = {...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_RUNTIME_DIR: '', TUTTI_DEMO_STARTUP_MS: '50', TUTTI_DEMO_WORK_MS: '1000'};
	const services = createCore({env, socket, tmuxConf: ensureTmuxConf(), tuttiBin: path.join(process.env['TUTTI_BENCH_ROOT'] ?? process.cwd(), 'dist', 'tt.js'), global});
	return {label, ctx: new WorkspaceContext(loadWorkspaceConfig(repo), services), socket};
}

async function measure(side: Side, masters: () => number[]): Promise<Figures> {
	const {ctx} = side;
	const observer = new WorkspaceObserver(ctx, {pollMs: 500, mode: 'stream', record: false, idleDebounceMs: 300});
	const sent = new Map<string, number>();
	const working: number[] = [];
	const idle: number[] = [];
	observer.on('state', (agent, verdict) => {
		const at = sent.get(agent);
		if (at === undefined) return;
		if (verdict.state === 'working') working.push(performance.now() - at);
		if (verdict.state === 'idle') {
			idle.push(performance.now() - at);
			sent.delete(agent);
		}
	});
	const results = await upAgents(ctx);
	const failed = results.filter((result) => result.error);
	if (failed.length > 0) throw new Error(`${side.label}: tt up failed: ${failed[0]?.error?.message ?? ''}`);
	await observer.start();
	const settle = Date.now() + 30_000;
	while (ctx.config.agent.some((agent) => observer.observer(agent.name)?.verdict?.state !== 'idle') && Date.now() < settle) await sleep(100);
	const {tmux} = ctx.services;
	for (let round = 0; round < rounds; round++) {
		for (const agent of ctx.config.agent) {
			const session = ctx.sessionOf(agent.name);
			await tmux.pasteText(session, 'sleep 1');
			// Timed from Enter (as bench/observe-latency.ts): on a host, Enter itself travels over ssh.
			sent.set(agent.name, performance.now());
			await tmux.sendKeys(session, ['Enter']);
		}
		const deadline = Date.now() + 20_000;
		while (sent.size > 0 && Date.now() < deadline) await sleep(50);
		for (const agent of [...sent.keys()]) {
			idle.push(Number.POSITIVE_INFINITY);
			sent.delete(agent);
		}
		await sleep(1000);
	}
	// Idle cost: nothing happens on any pane; what does watching cost?
	await sleep(2000);
	const before = tuttiTicks(masters());
	const started = Date.now();
	await sleep(idleMs);
	const cpuPct = ((tuttiTicks(masters()) - before) / hz / ((Date.now() - started) / 1000)) * 100;
	await observer.stop();
	return {working, idle, cpuPct};
}

const temp = makeTempDir('tutti-bench-rvl-');
const sshd = await startTestSshd();
const remoteSocket = `tutti-bench-rvl-host-${process.pid}`;
const global = parseGlobalConfig(`[[host]]\nname = "box"\nssh = ${JSON.stringify(sshd.destination)}\nssh_options = ${JSON.stringify(sshd.sshOptions)}\ntmux_socket = "${remoteSocket}"\nroot = ${JSON.stringify(path.join(temp.dir, 'host'))}\n`, 'config.toml').config;
const local = workspace(temp.dir, 'local', global, agentsToml(agents, 'l'));
const remote = workspace(temp.dir, 'remote', global, agentsToml(agents, 'r'));
/** The ssh master of the host: a daemon (ControlPersist), so not among this process's children. */
const masterPids = (): number[] => {
	try {
		const said = execFileSync('ssh', ['-S', hostTransport(remote.ctx.services, global.host[0]!).controlPath(), '-O', 'check', 'x'], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});
		return [...said.matchAll(/pid=(\d+)/g)].map((match) => Number(match[1]));
	} catch (error) {
		const stderr = String((error as {stderr?: unknown}).stderr ?? '');
		return [...stderr.matchAll(/pid=(\d+)/g)].map((match) => Number(match[1]));
	}
};
try {
	const localFigures = await measure(local, () => []);
	const remoteFigures = await measure(remote, masterPids);
	const ms = (values: number[], p: number) => percentile(values, p).toFixed(0).padStart(6);
	const line = (label: string, figures: Figures) =>
		`${label.padEnd(8)} working median ${ms(figures.working, 50)} ms  p95 ${ms(figures.working, 95)} ms   idle median ${ms(figures.idle, 50)} ms  p95 ${ms(figures.idle, 95)} ms   idle CPU ${figures.cpuPct.toFixed(2)} % of a core   (${figures.idle.filter((value) => !Number.isFinite(value)).length} missed)`;
	const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
	console.log(`${agents} remote (ssh to 127.0.0.1) vs ${agents} local demo agents, ${rounds} turns each (1 s of work), idle cost over ${idleMs / 1000} s`);
	console.log(line('local', localFigures));
	console.log(line('remote', remoteFigures));
	console.log(
		`remote/local: working median ${ratio(percentile(remoteFigures.working, 50), percentile(localFigures.working, 50))}, p95 ${ratio(percentile(remoteFigures.working, 95), percentile(localFigures.working, 95))}; idle median ${ratio(percentile(remoteFigures.idle, 50), percentile(localFigures.idle, 50))}, p95 ${ratio(percentile(remoteFigures.idle, 95), percentile(localFigures.idle, 95))}; idle CPU ${ratio(remoteFigures.cpuPct, localFigures.cpuPct)}`,
	);
} finally {
	for (const side of [local, remote]) side.ctx.close();
	await closeHostConnections();
	for (const socket of [local.socket, remote.socket, remoteSocket]) {
		try {
			execFileSync('tmux', ['-L', socket, 'kill-server'], {stdio: 'ignore', env: {...process.env, TMUX_TMPDIR: ''}});
		} catch {
			// Not running.
		}
		rmSync(path.join('/tmp', `tmux-${process.getuid?.() ?? 0}`, socket), {force: true});
	}
	await sshd.cleanup();
	temp.cleanup();
}
