#!/usr/bin/env node
// Compares the bench/ figures of an older commit with this checkout's, measured in one run: the old
// commit is checked out in a temporary git worktree (node_modules linked, removed afterwards), both
// are built, and each benchmark runs from its own tree, old and new in turn (A B A B …), so a noisy
// neighbour hits both alike. Only the same-run ratio new/old means something on a shared machine.
//
//   node bench/compare-builds.mjs <old-commit> [benchmark …] [--rounds N] [--json FILE]
//
// Benchmarks (default: all): observe-latency, observe-idle, watch-frames, status-cold-start,
// serve-sse-fanout, shortened as bench/compare-figures.mjs says (about 12 minutes in all with 3
// rounds). Every process a run starts carries a marker in its environment, its tmux servers use a
// private TMUX_TMPDIR and its temp files a private TMPDIR: after each run whatever is left is
// killed, and on exit (or ctrl-c) the temporary worktree and files are removed.
import {spawn, spawnSync} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {benchmarks, median, table, wholeRun} from './compare-figures.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const option = (name) => {
	const at = argv.indexOf(name);
	return at === -1 ? undefined : argv.splice(at, 2)[1];
};
const roundsOption = option('--rounds');
const jsonFile = option('--json');
const [oldRef, ...chosen] = argv;
const names = chosen.length > 0 ? chosen : Object.keys(benchmarks);
const unknown = names.filter((name) => !(name in benchmarks));
if (!oldRef || oldRef.startsWith('-') || unknown.length > 0) {
	console.error(`${unknown.length > 0 ? `unknown benchmark: ${unknown.join(', ')}\n` : ''}usage: node bench/compare-builds.mjs <old-commit> [${Object.keys(benchmarks).join('|')} …] [--rounds N] [--json FILE]`);
	process.exit(2);
}

const git = (...args) => {
	const result = spawnSync('git', args, {cwd: root, encoding: 'utf8'});
	if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr.trim()}`);
	return result.stdout.trim();
};
const oldCommit = git('rev-parse', '--verify', `${oldRef}^{commit}`);
const newCommit = git('rev-parse', 'HEAD');
const dirty = git('status', '--porcelain', '--untracked-files=no') !== '';

const temp = mkdtempSync(path.join(os.tmpdir(), 'tutti-compare-'));
const oldTree = path.join(temp, 'old');
const tmux = path.join(temp, 'tmux');
const token = randomBytes(6).toString('hex');
const marker = `TUTTI_COMPARE_BUILDS=${token}`;
for (const dir of ['tmp', 'tmux', 'runtime']) mkdirSync(path.join(temp, dir), {mode: 0o700});
const env = {...process.env, TUTTI_COMPARE_BUILDS: token, TMPDIR: path.join(temp, 'tmp'), TMUX_TMPDIR: tmux, XDG_RUNTIME_DIR: path.join(temp, 'runtime')};
delete env.TMUX;
delete env.TMUX_PANE;
const trees = {old: oldTree, new: root};
let child;

/** Processes this comparison started that are still running (they carry the marker). */
function leftovers() {
	const pids = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
		try {
			if (readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0').includes(marker)) pids.push(Number(entry));
		} catch {
			// gone, or not ours to read
		}
	}
	return pids;
}

/** Stops what a run left behind: its process group, its tmux servers, any process with the marker. */
function sweep() {
	if (child?.pid) {
		try {
			process.kill(-child.pid, 'SIGKILL');
		} catch {
			// the group is gone
		}
	}
	const sockets = path.join(tmux, `tmux-${process.getuid?.() ?? 0}`);
	if (existsSync(sockets)) {
		for (const socket of readdirSync(sockets)) {
			spawnSync('tmux', ['-L', socket, 'kill-server'], {env, stdio: 'ignore', timeout: 5000});
			rmSync(path.join(sockets, socket), {force: true});
		}
	}
	// What tmux's kill-server hung up on may take a moment to exit by itself.
	let left = leftovers();
	for (let waited = 0; left.length > 0 && waited < 20; waited++) {
		spawnSync('sleep', ['0.1']);
		left = leftovers();
	}
	for (const pid of left) {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {
			// exited meanwhile
		}
	}
	return left.length;
}

let cleaned = false;
function cleanup() {
	if (cleaned) return;
	cleaned = true;
	sweep();
	if (existsSync(oldTree)) spawnSync('git', ['worktree', 'remove', '--force', oldTree], {cwd: root, stdio: 'ignore'});
	spawnSync('git', ['worktree', 'prune'], {cwd: root, stdio: 'ignore'});
	rmSync(temp, {recursive: true, force: true});
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
	process.on(signal, () => {
		console.error(`\n${signal}: stopping, removing the temporary worktree`);
		cleanup();
		process.exit(128 + (os.constants.signals[signal] ?? 2));
	});
}

/** Runs one command in its own process group (so a sweep can end all of it); never throws. */
function run(tree, args, extraEnv = {}, timeoutMs = 8 * 60_000) {
	return new Promise((resolve) => {
		const started = performance.now();
		let stdout = '';
		let stderr = '';
		child = spawn(process.execPath, args, {cwd: tree, env: {...env, ...extraEnv}, detached: true, stdio: ['ignore', 'pipe', 'pipe']});
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => (stderr += chunk));
		const timer = setTimeout(() => {
			stderr += `\n(killed after ${timeoutMs / 1000} s)`;
			sweep();
		}, timeoutMs);
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			const left = sweep();
			child = undefined;
			resolve({code: code ?? signal, stdout, stderr, seconds: (performance.now() - started) / 1000, left});
		});
	});
}

/** bench/<name>.ts bundled as bench/run.mjs does, so it can run without rebuilding the CLI each time. */
async function bundle(tree, name) {
	const esbuild = await import('esbuild');
	const outfile = path.join(tree, '.cache', 'bench', `${name}.mjs`);
	await esbuild.build({
		entryPoints: [path.join(tree, 'bench', `${name}.ts`)],
		outfile,
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		external: ['better-sqlite3'],
		banner: {js: "import {createRequire as __cr} from 'node:module'; const require = __cr(import.meta.url);"},
		logLevel: 'warning',
	});
	return outfile;
}

const say = (text) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${text}`);
const load = () => os.loadavg().map((value) => value.toFixed(1)).join(' ');

try {
	const startedAt = new Date();
	const loadBefore = load();
	say(`old ${oldCommit.slice(0, 7)} in ${oldTree}; new ${newCommit.slice(0, 7)}${dirty ? ' (with uncommitted changes)' : ''} in ${root}`);
	git('worktree', 'add', '--detach', '--quiet', oldTree, oldCommit);
	symlinkSync(realpathSync(path.join(root, 'node_modules')), path.join(oldTree, 'node_modules'));
	for (const [side, tree] of Object.entries(trees)) {
		const build = await run(tree, ['scripts/build.mjs']);
		if (build.code !== 0) throw new Error(`the ${side} build failed:\n${build.stderr}`);
		say(`built ${side} (${build.seconds.toFixed(0)} s)`);
	}
	const results = [];
	for (const name of names) {
		const spec = benchmarks[name];
		const scripts = {};
		for (const [side, tree] of Object.entries(trees)) {
			const file = path.join(tree, 'bench', `${name}.${spec.kind}`);
			if (spec.sameHarness && side === 'old') copyFileSync(path.join(root, 'bench', `${name}.${spec.kind}`), file);
			if (!existsSync(file)) throw new Error(`bench/${name}.${spec.kind} does not exist in the ${side} build`);
			scripts[side] = spec.kind === 'ts' ? ['--expose-gc', await bundle(tree, name)] : [file];
		}
		const rounds = Number(roundsOption ?? spec.rounds ?? 3);
		const entry = {name, rounds: [], runs: []};
		for (let round = 1; round <= rounds; round++) {
			const figures = {};
			for (const side of ['old', 'new']) {
				const result = await run(trees[side], [...scripts[side], ...(spec.args ?? [])], {TUTTI_BENCH_ROOT: trees[side], ...spec.env});
				figures[side] = {...Object.fromEntries(spec.figures.map((figure) => [figure.label, figure.read(result.stdout)])), [wholeRun.label]: result.seconds};
				entry.runs.push({side, round, ...result});
				const head = spec.figures[0];
				say(`${name} ${side} ${round}/${rounds}: ${head.label} ${figures[side][head.label]} (${result.seconds.toFixed(0)} s, exit ${result.code}${result.left > 0 ? `, ${result.left} processes left behind and killed` : ''})`);
				if (Number.isNaN(figures[side][head.label])) console.error(`${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-15).join('\n'));
			}
			entry.rounds.push(figures);
		}
		results.push(entry);
	}
	const {text, worse} = table(results);
	const minutes = (Date.now() - startedAt.getTime()) / 60_000;
	console.log(`old ${git('log', '-1', '--format=%h %s', oldCommit).slice(0, 100)}`);
	console.log(`new ${git('log', '-1', '--format=%h %s', newCommit).slice(0, 100)}${dirty ? ' (+ uncommitted changes)' : ''}`);
	console.log(`node ${process.version}, ${os.cpus().length} cores, load ${loadBefore} → ${load()}, ${startedAt.toISOString()}, ${minutes.toFixed(1)} min; medians over the rounds, A B interleaved`);
	console.log(text);
	console.log(worse.length > 0 ? `more than 15 % worse: ${worse.join('; ')} (repeat before believing it)` : 'no figure more than 15 % worse');
	if (jsonFile) writeFileSync(jsonFile, `${JSON.stringify({oldCommit, newCommit, dirty, startedAt, results}, null, 2)}\n`);
	// A benchmark whose main figure could not be read from either build is a failed comparison.
	const unread = results.filter(({name, rounds}) => ['old', 'new'].some((side) => Number.isNaN(median(rounds.map((round) => round[side][benchmarks[name].figures[0].label])))));
	if (unread.length > 0) {
		console.log(`no figures from: ${unread.map(({name}) => name).join(', ')} (the --json file has what they printed)`);
		process.exitCode = 1;
	}
} catch (error) {
	console.error(error instanceof Error ? error.message : error);
	process.exitCode = 1;
} finally {
	cleanup();
}
