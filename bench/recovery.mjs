// How long a team takes to come back after its tmux server dies (a reboot, `tmux kill-server`):
// `tt up` after kill-server until every agent is idle again in its resumed conversation, against
// a fresh start of the same team (`tt down` + `tt up --new-session`) measured in the same run,
// rounds interleaved (the machine is shared and noisy: the ratio is what means something).
//
//   node bench/recovery.mjs            AGENTS=20 ROUNDS=3 WORKTREES=1
import {execFileSync, spawn, spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tt = path.join(root, 'dist', 'tt.js');
const agents = Number(process.env.AGENTS ?? 20);
const rounds = Number(process.env.ROUNDS ?? 3);
const worktrees = process.env.WORKTREES !== '0';
const dir = mkdtempSync(path.join(os.tmpdir(), 'tutti-bench-recovery-'));
const home = path.join(dir, 'home');
mkdirSync(home);
const project = path.join(dir, 'project');
mkdirSync(project);
const git = (...args) => execFileSync('git', args, {cwd: project, stdio: 'ignore'});
git('init', '-q');
git('-c', 'user.name=bench', '-c', 'user.email=bench@invalid', 'commit', '-q', '--allow-empty', '-m', 'start');
const names = Array.from({length: agents}, (_, index) => `a${String(index).padStart(2, '0')}`);
writeFileSync(
	path.join(project, 'tutti.toml'),
	`[workspace]\nname = "recovery"\n[defaults]\nruntime = "demo"\nworktree = ${worktrees}\n${names.map((name) => `[[agent]]\nname = "${name}"\n`).join('')}`,
);
const socket = `tutti-bench-recovery-${process.pid}`;
const env = {...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), TUTTI_TMUX_SOCKET: socket, TUTTI_DEMO_WORK_MS: '300', TUTTI_DEMO_STARTUP_MS: '300'};

function ttSync(args) {
	const result = spawnSync(process.execPath, [tt, ...args], {cwd: project, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024});
	if (result.status !== 0) throw new Error(`tt ${args.join(' ')} failed: ${result.stderr}`);
	return result.stdout;
}

function ttAsync(args) {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [tt, ...args], {cwd: project, env, stdio: ['ignore', 'ignore', 'pipe']});
		let stderr = '';
		child.stderr.on('data', (chunk) => (stderr += chunk));
		child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`tt ${args.join(' ')}: ${stderr}`))));
	});
}

/** Waits until `tt status` shows every agent idle; returns when it did (ms since `from`). */
function untilAllIdle(from) {
	const deadline = Date.now() + 180_000;
	for (;;) {
		const rows = JSON.parse(ttSync(['status', '--json']));
		if (rows.length === agents && rows.every((row) => row.state === 'idle')) return Date.now() - from;
		if (Date.now() > deadline) throw new Error(`not all idle after 180 s: ${rows.filter((row) => row.state !== 'idle').map((row) => `${row.name}=${row.state}`).join(', ')}`);
		spawnSync('sleep', ['0.1']);
	}
}

/** A start of the whole team, timed until every agent is idle: `up --json`'s conversations, and the time. */
function timedUp(args) {
	const start = Date.now();
	const results = JSON.parse(ttSync(['up', '--json', ...args]));
	const upMs = Date.now() - start;
	return {upMs, readyMs: untilAllIdle(start), resumed: results.filter((row) => row.conversation?.kind === 'resumed').length};
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

try {
	const first = timedUp([]);
	// One turn each, so every agent has a conversation to come back to.
	await Promise.all(names.map((name) => ttAsync(['send', name, `echo remember ${name}`, '--wait', '--timeout-secs', '120'])));
	const fresh = [];
	const recovered = [];
	for (let round = 0; round < rounds; round++) {
		spawnSync('tmux', ['-L', socket, 'kill-server'], {stdio: 'ignore'});
		const after = timedUp([]);
		if (after.resumed !== agents) throw new Error(`round ${round + 1}: only ${after.resumed} of ${agents} agents resumed their conversation`);
		// Resumed means the same conversation: each screen shows its own earlier turn.
		for (const name of names) {
			const screen = execFileSync('tmux', ['-L', socket, 'capture-pane', '-p', '-S', '-200', '-t', `=tt-recovery-${name}:`], {encoding: 'utf8'});
			if (!screen.includes(`remember ${name}`)) throw new Error(`round ${round + 1}: ${name} came back without its conversation`);
		}
		recovered.push(after);
		ttSync(['down']);
		fresh.push(timedUp(['--new-session']));
		// Back to conversations worth resuming for the next round.
		await Promise.all(names.map((name) => ttAsync(['send', name, `echo remember ${name}`, '--wait', '--timeout-secs', '120'])));
	}
	const r = median(recovered.map((entry) => entry.readyMs));
	const f = median(fresh.map((entry) => entry.readyMs));
	console.log(`node ${process.version}, ${agents} demo agents${worktrees ? ' in worktrees' : ''}, ${rounds} rounds, first start ${first.readyMs} ms`);
	console.log(`fresh start (down + up --new-session)   tt up ${median(fresh.map((entry) => entry.upMs))} ms, all idle after ${f} ms`);
	console.log(`after kill-server (up, all resumed)     tt up ${median(recovered.map((entry) => entry.upMs))} ms, all idle after ${r} ms  ratio ${(r / f).toFixed(2)}x`);
	console.log(`resumed: ${recovered.map((entry) => `${entry.resumed}/${agents}`).join(', ')}; every screen showed its own earlier turn`);
} finally {
	spawnSync('tmux', ['-L', socket, 'kill-server'], {stdio: 'ignore'});
	rmSync(dir, {recursive: true, force: true});
}
