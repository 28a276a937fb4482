// Cold start of `tt status --json` against a bare `node -e 0`, measured in the same run (this
// machine is shared and noisy, so only the ratio means anything). Target: ≤ 2×. Each SQLite engine
// this Node can load (node:sqlite, better-sqlite3) is measured side by side, interleaved.
import {execFileSync, spawnSync} from 'node:child_process';
import {mkdtempSync, mkdirSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tt = path.join(root, 'dist', 'tt.js');
const runs = Number(process.env.RUNS ?? 20);
const dir = mkdtempSync(path.join(os.tmpdir(), 'tutti-bench-'));
const home = path.join(dir, 'home');
mkdirSync(home);
const project = path.join(dir, 'project');
mkdirSync(project);
execFileSync('git', ['init', '-q'], {cwd: project});
const agents = Number(process.env.AGENTS ?? 3);
writeFileSync(
	path.join(project, 'tutti.toml'),
	`[workspace]\nname = "bench"\n[defaults]\nworktree = false\nruntime = "demo"\n${Array.from({length: agents}, (_, index) => `[[agent]]\nname = "a${index}"\n`).join('')}`,
);
const socket = `tutti-bench-${process.pid}`;
const env = {...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), TUTTI_TMUX_SOCKET: socket};

function time(argv, extraEnv = {}) {
	const start = process.hrtime.bigint();
	const result = spawnSync(process.execPath, argv, {cwd: project, env: {...env, ...extraEnv}, stdio: ['ignore', 'pipe', 'pipe']});
	const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
	if (result.status !== 0) throw new Error(`${argv.join(' ')} failed: ${result.stderr}`);
	return elapsed;
}

const median = (values) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
};

try {
	if (process.env.WITH_AGENTS === '1') execFileSync(process.execPath, [tt, 'up'], {cwd: project, env, stdio: 'ignore'});
	// The engines that load here (a status that opens the store fails with error[install] otherwise).
	const engines = ['node:sqlite', 'better-sqlite3'].filter((engine) => spawnSync(process.execPath, [tt, 'doctor', '--json'], {cwd: project, env: {...env, TUTTI_SQLITE: engine}, encoding: 'utf8'}).stdout.includes(`"detail": "${engine} (`));
	// Warm the file cache once for each.
	time(['-e', '0']);
	for (const engine of engines) time([tt, 'status', '--json'], {TUTTI_SQLITE: engine});
	const baseline = [];
	const status = Object.fromEntries(engines.map((engine) => [engine, []]));
	for (let index = 0; index < runs; index++) {
		// Interleave so a noisy neighbour hits all alike.
		baseline.push(time(['-e', '0']));
		for (const engine of engines) status[engine].push(time([tt, 'status', '--json'], {TUTTI_SQLITE: engine}));
	}
	const b = median(baseline);
	console.log(`node ${process.version}, ${agents} agents${process.env.WITH_AGENTS === '1' ? ', running' : ', stopped'}, ${runs} runs each`);
	console.log(`node -e 0                          median ${b.toFixed(1)} ms`);
	for (const engine of engines) {
		const s = median(status[engine]);
		console.log(`tt status --json (${engine.padEnd(14)})  median ${s.toFixed(1)} ms  ratio ${(s / b).toFixed(2)}x  (target ≤ 2x)`);
	}
} finally {
	spawnSync('tmux', ['-L', socket, 'kill-server'], {stdio: 'ignore'});
	rmSync(dir, {recursive: true, force: true});
}
