// tt watch under load: 16 demo agents printing continuously (a spinner at 10 Hz each).
// Measures, from the TUI's own timing log (TUTTI_WATCH_TIMING) and the raw output stream:
//   - frame work (React render + layout + Ink paint, per committed frame): median and p95;
//   - key latency: tmux send-keys → the frame that shows the change: median and p95;
//   - clear-screen sequences (\x1b[2J) in the output stream per frame;
//   - resident memory over the run (first vs last minute) and CPU (busy, and with 16 idle agents).
// Usage: node bench/watch-frames.mjs [--minutes 10] [--agents 16] [--idle-seconds 30]
import {execFileSync, spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import {repoRoot, watchScript} from './watch-build.mjs';

const arg = (name, fallback) => {
	const index = process.argv.indexOf(`--${name}`);
	return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
const minutes = arg('minutes', 10);
const agents = arg('agents', 16);
const idleSeconds = arg('idle-seconds', 30);
const tt = path.join(repoRoot, 'dist', 'tt.js');
if (!existsSync(tt)) throw new Error('build first: npm run build');
const watch = await watchScript();

const temp = mkdtempSync(path.join(os.tmpdir(), 'tutti-bench-watch-'));
const home = path.join(temp, 'home');
const project = path.join(temp, 'project');
mkdirSync(home, {recursive: true});
mkdirSync(project, {recursive: true});
const agentSocket = `tt-bench-agents-${process.pid}`;
const uiSocket = `tt-bench-ui-${process.pid}`;
const timing = path.join(temp, 'timing.jsonl');
const raw = path.join(temp, 'raw.bin');
const env = {...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), TUTTI_TMUX_SOCKET: agentSocket, TUTTI_DEMO_STARTUP_MS: '50', TUTTI_DEMO_WORK_MS: '500', GIT_CONFIG_NOSYSTEM: '1'};
delete env.TMUX;
delete env.CI;
const ui = (...args) => execFileSync('tmux', ['-L', uiSocket, '-f', '/dev/null', ...args], {encoding: 'utf8'});
const ttRun = (...args) => execFileSync(process.execPath, [tt, ...args], {cwd: project, env, encoding: 'utf8'});

function median(values) {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted.length === 0 ? NaN : sorted[Math.floor(sorted.length / 2)];
}
function pct(values, p) {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}
const fmt = (value, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
function readTiming() {
	if (!existsSync(timing)) return [];
	return readFileSync(timing, 'utf8')
		.split('\n')
		.filter(Boolean)
		.map((line) => JSON.parse(line));
}
const clockTicks = 100;
function cpuSeconds(pid) {
	const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
	return (Number(fields[11]) + Number(fields[12])) / clockTicks;
}
function rssMb(pid) {
	const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
	return match ? Number(match[1]) / 1024 : NaN;
}
async function cpuShare(pid, seconds) {
	const before = cpuSeconds(pid);
	const start = performance.now();
	await delay(seconds * 1000);
	return ((cpuSeconds(pid) - before) / ((performance.now() - start) / 1000)) * 100;
}

try {
	const git = (...args) => execFileSync('git', args, {cwd: project, env});
	git('init', '-q', '-b', 'main');
	git('-c', 'user.email=b@e.com', '-c', 'user.name=B', 'commit', '-q', '--allow-empty', '-m', 'init');
	const roles = ['planner', 'implementer', 'tester', 'reviewer'];
	const lines = ['[workspace]', 'name = "bench"', '', '[roles]', ...roles.map((role) => `${role} = "demo"`), ''];
	for (let index = 0; index < agents; index++) lines.push('[[agent]]', `name = "a${String(index + 1).padStart(2, '0')}"`, `role = "${roles[index % roles.length]}"`, 'worktree = false', '');
	writeFileSync(path.join(project, 'tutti.toml'), lines.join('\n'));
	console.log(`bench: ${agents} demo agents, tt watch at 200x50 (${path.relative(repoRoot, watch)})`);
	ttRun('up');

	// tt watch in its own tmux server, as a user would run it; its output stream is recorded.
	ui('new-session', '-d', '-s', 'w', '-x', '200', '-y', '50', '-e', `HOME=${home}`, '-e', `XDG_CONFIG_HOME=${env.XDG_CONFIG_HOME}`, '-e', `TUTTI_TMUX_SOCKET=${agentSocket}`, '-e', `TUTTI_WATCH_TIMING=${timing}`, '-c', project, '--', 'sh', '-c', `exec env -u CI "${process.execPath}" "${watch}" watch`);
	ui('pipe-pane', '-t', 'w', `cat >> '${raw}'`);
	const pid = Number(ui('display-message', '-p', '-t', 'w', '#{pane_pid}').trim());
	const deadline = Date.now() + 60_000;
	while (!ui('capture-pane', '-p', '-t', 'w').includes(`○ ${agents} idle`)) {
		if (Date.now() > deadline) throw new Error(`agents did not show idle:\n${ui('capture-pane', '-p', '-t', 'w')}`);
		await delay(250);
	}
	await delay(3000);
	const idleCpu = await cpuShare(pid, idleSeconds);
	console.log(`idle: CPU of tt watch with ${agents} idle agents over ${idleSeconds} s: ${fmt(idleCpu, 2)} % of one core (bar < 3 %)`);

	// Everyone prints: `sleep` keeps the demo agent's spinner going for the whole run.
	for (let index = 0; index < agents; index++) ttRun('send', `a${String(index + 1).padStart(2, '0')}`, `sleep ${minutes * 60 + 120}`);
	while (!ui('capture-pane', '-p', '-t', 'w').includes(`● ${agents} working`)) await delay(250);
	const busyStart = Date.now();
	const rawStart = existsSync(raw) ? statSync(raw).size : 0;
	const timingStart = readTiming().length;
	const rss = [];
	// Key latency: alternate j / k (the selection moves, so every key changes the frame).
	const keys = [];
	for (let index = 0; index < 40; index++) {
		const sent = performance.timeOrigin + performance.now();
		ui('send-keys', '-t', 'w', index % 2 === 0 ? 'j' : 'k');
		keys.push(sent);
		await delay(250);
	}
	const busyCpu = await cpuShare(pid, 20);
	rss.push({at: Date.now(), mb: rssMb(pid)});
	while (Date.now() - busyStart < minutes * 60_000) {
		await delay(Math.min(10_000, Math.max(0, minutes * 60_000 - (Date.now() - busyStart))));
		rss.push({at: Date.now(), mb: rssMb(pid)});
	}
	const entries = readTiming().slice(timingStart);
	const frames = entries.filter((entry) => entry.k === 'frame').map((entry) => entry.ms);
	const paints = entries.filter((entry) => entry.k === 'paint').map((entry) => entry.ms);
	const answered = entries.filter((entry) => entry.k === 'answered');
	const answers = keys.map((sent) => answered.find((entry) => entry.at >= sent));
	const latencies = answers.map((entry, index) => (entry ? entry.at - keys[index] : NaN)).filter(Number.isFinite);
	// The part spent in tt watch: from reading the key to its frame (the rest is tmux delivering it).
	const inApp = answers.filter(Boolean).map((entry) => entry.ms);
	const stream = readFileSync(raw).subarray(rawStart).toString('latin1');
	const clears = stream.split('\u001B[2J').length - 1;
	const seconds = (Date.now() - busyStart) / 1000;
	const firstMinute = rss.filter((sample) => sample.at - busyStart <= 60_000).map((sample) => sample.mb);
	const lastMinute = rss.filter((sample) => Date.now() - sample.at <= 60_000).map((sample) => sample.mb);
	console.log(`busy: ${agents} agents printing for ${fmt(seconds / 60, 1)} min`);
	console.log(`  frames: ${frames.length} (${fmt(frames.length / seconds)} /s); frame work median ${fmt(median(frames))} ms, p95 ${fmt(pct(frames, 0.95))} ms (bar: median ≤ 33 ms → ratio ${fmt(median(frames) / 33, 2)})`);
	console.log(`  Ink paint median ${fmt(median(paints), 2)} ms, p95 ${fmt(pct(paints, 0.95), 2)} ms`);
	console.log(`  keys: ${latencies.length}/${keys.length} answered; latency median ${fmt(median(latencies))} ms, p95 ${fmt(pct(latencies, 0.95))} ms, max ${fmt(Math.max(...latencies))} ms (bar < 50 ms); in tt watch median ${fmt(median(inApp))} ms, p95 ${fmt(pct(inApp, 0.95))} ms`);
	console.log(`  output: ${fmt(stream.length / 1024 / seconds)} KiB/s; clear-screen sequences: ${clears} in ${frames.length} frames (bar: none per frame)`);
	console.log(`  CPU while busy: ${fmt(busyCpu, 1)} % of one core`);
	console.log(`  RSS: first minute median ${fmt(median(firstMinute))} MiB, last minute median ${fmt(median(lastMinute))} MiB, max ${fmt(Math.max(...rss.map((sample) => sample.mb)))} MiB (ratio last/first ${fmt(median(lastMinute) / median(firstMinute), 3)})`);
	ui('send-keys', '-t', 'w', 'q');
	await delay(500);
} finally {
	spawnSync('tmux', ['-L', uiSocket, 'kill-server'], {stdio: 'ignore'});
	spawnSync('tmux', ['-L', agentSocket, 'kill-server'], {stdio: 'ignore'});
	rmSync(temp, {recursive: true, force: true});
}
