// Shared by the workflow benchmarks: finds a `tt` that has `run` (dist/tt.js once app.ts registers
// it, else a bundle of test/integration/workflow/fixtures/run-entry.ts), and makes throw-away projects.
import {execFileSync, spawn, spawnSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function ttWithRun() {
	const dist = path.join(root, 'dist', 'tt.js');
	if (!existsSync(path.join(root, 'dist', 'demo-agent.js'))) spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], {stdio: 'inherit'});
	if (readFileSync(path.join(root, 'src', 'cli', 'app.ts'), 'utf8').includes('./commands/run.js')) return dist;
	const esbuild = await import('esbuild');
	const dir = path.join(root, 'node_modules', '.cache', 'tutti-run-entry');
	mkdirSync(dir, {recursive: true});
	const version = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version;
	const output = await esbuild.build({
		entryPoints: [path.join(root, 'test', 'integration', 'workflow', 'fixtures', 'run-entry.ts')],
		outfile: path.join(dir, 'tt.js'),
		write: false,
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		external: ['better-sqlite3'],
		logLevel: 'warning',
		banner: {js: "import {createRequire as __tuttiCreateRequire} from 'node:module'; const require = __tuttiCreateRequire(import.meta.url);"},
		define: {__TUTTI_VERSION__: JSON.stringify(version)},
	});
	const code = output.outputFiles[0].contents;
	const file = path.join(dir, `tt-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.js`);
	if (!existsSync(file)) {
		writeFileSync(`${file}.${process.pid}.tmp`, code);
		renameSync(`${file}.${process.pid}.tmp`, file);
	}
	if (!existsSync(path.join(dir, 'demo-agent.js'))) symlinkSync(path.join(root, 'dist', 'demo-agent.js'), path.join(dir, 'demo-agent.js'));
	return file;
}

/** A git project with this tutti.toml, its own HOME and tmux socket. `cleanup()` removes it all. */
export function project(label, toml) {
	const dir = mkdtempSync(path.join(os.tmpdir(), `tutti-bench-${label}-`));
	const home = path.join(dir, 'home');
	mkdirSync(home);
	const repo = path.join(dir, 'project');
	mkdirSync(repo);
	const git = (...args) => execFileSync('git', args, {cwd: repo, stdio: 'pipe', encoding: 'utf8'});
	git('init', '-q', '-b', 'main');
	git('config', 'user.email', 'bench@example.com');
	git('config', 'user.name', 'Bench');
	writeFileSync(path.join(repo, 'README.md'), '# bench\n');
	writeFileSync(path.join(repo, 'tutti.toml'), toml);
	git('add', '-A');
	git('commit', '-q', '-m', 'initial');
	const socket = `tutti-bench-${label}-${process.pid}`;
	const env = {...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), TUTTI_TMUX_SOCKET: socket, TUTTI_DEMO_WORK_MS: process.env.TUTTI_DEMO_WORK_MS ?? '300', TUTTI_DEMO_STARTUP_MS: '50', NO_COLOR: '1'};
	delete env.TMUX;
	delete env.TMUX_PANE;
	return {
		dir,
		repo,
		env,
		git,
		cleanup() {
			spawnSync('tmux', ['-L', socket, 'kill-server'], {stdio: 'ignore'});
			rmSync(dir, {recursive: true, force: true});
		},
	};
}

/** Runs `node <tt> args…` in the project; resolves with code, signal, output and wall time. */
export function tt(bin, where, args, options = {}) {
	return new Promise((resolve) => {
		const started = process.hrtime.bigint();
		const child = spawn(process.execPath, [bin, ...args], {cwd: where.repo, env: {...where.env, ...options.env}, stdio: ['ignore', 'pipe', 'pipe']});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => (stderr += chunk));
		const timer = options.killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), options.killAfterMs);
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			resolve({code, signal, stdout, stderr, ms: Number(process.hrtime.bigint() - started) / 1e6});
		});
	});
}

export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Wall time of `node -e 0`: the floor of any CLI call. */
export function nodeStartMs() {
	const times = [];
	for (let index = 0; index < 5; index++) {
		const started = process.hrtime.bigint();
		spawnSync(process.execPath, ['-e', '0']);
		times.push(Number(process.hrtime.bigint() - started) / 1e6);
	}
	return median(times);
}
