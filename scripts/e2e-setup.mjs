#!/usr/bin/env node
// Installs the real agent CLIs the end-to-end tests drive into <repo>/.cache/e2e-clis (git-ignored),
// never as dependencies of the package: together they weigh ~1.4 GB and `npm ci` must stay light.
//
//   node scripts/e2e-setup.mjs [--json] [--newest] [claude-code] [codex] [gemini-cli] [qwen-code] [opencode] [copilot] [openclaw]
//
// With no runtime named, all of them. Installs only when a package is missing or at another
// version; prints the bin paths (JSON with --json). Exits non-zero with the reason when npm fails.
// `--newest` installs the newest versions instead (`newestClis`), under Node 24 from the npm
// registry, into <cache>-node24: they declare `engines: node >= 22`, and on Node 20 npm would
// silently pick an old release.
import {spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, readFileSync, rmSync, statSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/** The versions the e2e tests and the screen fixtures were made with (shared/reference/real-clis.md). */
export const e2eClis = {
	'claude-code': {pkg: '@anthropic-ai/claude-code', version: '2.1.197', bin: 'claude'},
	codex: {pkg: '@openai/codex', version: '0.171.0', bin: 'codex'},
	'gemini-cli': {pkg: '@google/gemini-cli', version: '0.61.0', bin: 'gemini'},
	// 0.15.x is the last Qwen Code whose engines accept Node 20 (0.24 needs Node 22).
	'qwen-code': {pkg: '@qwen-code/qwen-code', version: '0.15.10', bin: 'qwen'},
	opencode: {pkg: 'opencode-ai', version: '1.18.33', bin: 'opencode'},
	// A node loader plus a native binary (optional dependency @github/copilot-linux-x64).
	copilot: {pkg: '@github/copilot', version: '1.0.102', bin: 'copilot'},
};

/**
 * The newest releases users run (2026-12), which need Node >= 22: pinned so that recorded screens
 * and rules stay in step; bump them (and re-record with TUTTI_RECORD_SCREENS=1) when a release
 * changes the UI. Claude Code 2.1.2xx+ is a native binary placed by its postinstall script.
 */
export const newestClis = {
	'claude-code': {pkg: '@anthropic-ai/claude-code', version: '2.1.337', bin: 'claude'},
	// Its bin is cli-entry.js (`#!/usr/bin/env node`): Node 24 must come first on PATH.
	'qwen-code': {pkg: '@qwen-code/qwen-code', version: '0.24.4', bin: 'qwen'},
	// Needs Node >= 24.16 (Node 24 from the registry is 24.22); ~650 MB, so only its suite asks for it.
	openclaw: {pkg: 'openclaw', version: '2026.9.6', bin: 'openclaw'},
};

/** The Node major the newest CLIs run under (installed by scripts/node-toolchain.mjs). */
export const newestNodeMajor = '24';

const e2eCacheDir = process.env['TUTTI_E2E_CACHE'] ?? path.join(root, '.cache', 'e2e-clis');
/** Separate from the pinned set: `npm install --no-save` prunes what it was not given. */
export const newestCacheDir = process.env['TUTTI_E2E_NEWEST_CACHE'] ?? `${e2eCacheDir}-node${newestNodeMajor}`;

/** Node 24's bin folder (node only; npm stays the system's, which runs the CLIs' install scripts). */
function newestNodeBin() {
	const result = spawnSync(process.execPath, [path.join(root, 'scripts', 'node-toolchain.mjs'), newestNodeMajor], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 5 * 60_000});
	if (result.status !== 0) throw new Error(`e2e-setup: could not install Node ${newestNodeMajor} from the npm registry:\n${result.stderr}`);
	return result.stdout.trim();
}

function installedVersion(cacheDir, pkg) {
	try {
		return JSON.parse(readFileSync(path.join(cacheDir, 'node_modules', pkg, 'package.json'), 'utf8')).version;
	} catch {
		return undefined;
	}
}

function sleep(ms) {
	Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** One installer at a time (test files run in parallel): a lock directory, stale after 10 minutes. */
function withLock(lockDir, fn) {
	mkdirSync(path.dirname(lockDir), {recursive: true});
	const deadline = Date.now() + 15 * 60_000;
	for (;;) {
		try {
			mkdirSync(lockDir);
			break;
		} catch (error) {
			if (error?.code !== 'EEXIST') throw error;
			try {
				if (Date.now() - statSync(lockDir).mtimeMs > 10 * 60_000) rmSync(lockDir, {recursive: true, force: true});
			} catch {
				// Released meanwhile.
			}
			if (Date.now() > deadline) throw new Error(`e2e-setup: ${lockDir} is held by another install for too long`);
			sleep(500);
		}
	}
	try {
		return fn();
	} finally {
		rmSync(lockDir, {recursive: true, force: true});
	}
}

/**
 * Makes sure every wanted CLI is installed at its pinned version; returns the bin paths. The whole
 * wanted set is installed in one npm call, since `npm install --no-save` prunes what it was not
 * given.
 */
export function ensureE2eClis(runtimes, {quiet = false, newest = false} = {}) {
	const table = newest ? newestClis : e2eClis;
	const cacheDir = newest ? newestCacheDir : e2eCacheDir;
	const lockDir = `${cacheDir}.lock`;
	const nodeBinDir = newest ? newestNodeBin() : undefined;
	const wanted = (runtimes ?? Object.keys(table)).map((runtime) => {
		const entry = table[runtime];
		if (!entry) throw new Error(`e2e-setup: unknown runtime ${runtime} (known${newest ? ' with --newest' : ''}: ${Object.keys(table).join(', ')})`);
		return {runtime, ...entry};
	});
	const binDir = path.join(cacheDir, 'node_modules', '.bin');
	const missing = () => wanted.filter((entry) => installedVersion(cacheDir, entry.pkg) !== entry.version || !existsSync(path.join(binDir, entry.bin)));
	if (missing().length > 0) {
		withLock(lockDir, () => {
			if (missing().length === 0) return;
			// Keep what is installed and wanted by other callers: install the union at the pinned versions.
			const all = Object.values(table).filter((entry) => wanted.some((want) => want.pkg === entry.pkg) || installedVersion(cacheDir, entry.pkg) === entry.version);
			const specs = all.map((entry) => `${entry.pkg}@${entry.version}`);
			mkdirSync(cacheDir, {recursive: true});
			if (!quiet) process.stderr.write(`e2e-setup: installing ${specs.join(' ')} into ${cacheDir}\n`);
			const started = Date.now();
			const result = spawnSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error', '--prefix', cacheDir, ...specs], {
				encoding: 'utf8',
				stdio: ['ignore', 'pipe', 'pipe'],
				timeout: 10 * 60_000,
				// Under Node 24 npm resolves and checks engines for that Node, and the CLIs' install
				// scripts (Claude Code's copies its native binary into place) run under it.
				...(nodeBinDir ? {env: {...process.env, PATH: `${nodeBinDir}${path.delimiter}${process.env['PATH'] ?? ''}`}} : {}),
			});
			if (result.status !== 0) {
				const why = result.error ? String(result.error) : `npm exited with ${result.status}`;
				throw new Error(`e2e-setup: could not install ${specs.join(' ')} (${why}):\n${(result.stderr || result.stdout || '').slice(-4000)}`);
			}
			if (!quiet) process.stderr.write(`e2e-setup: installed in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
		});
		const still = missing();
		if (still.length > 0) throw new Error(`e2e-setup: npm finished but ${still.map((entry) => `${entry.pkg}@${entry.version}`).join(', ')} is not in ${cacheDir}`);
	}
	return {
		cacheDir,
		binDir,
		/** Put first on PATH (before binDir) for CLIs that run on node: undefined for the pinned set. */
		nodeBinDir,
		bins: Object.fromEntries(wanted.map((entry) => [entry.runtime, path.join(binDir, entry.bin)])),
		versions: Object.fromEntries(wanted.map((entry) => [entry.runtime, entry.version])),
	};
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const args = process.argv.slice(2);
	const json = args.includes('--json');
	const newest = args.includes('--newest');
	const runtimes = args.filter((arg) => !arg.startsWith('--'));
	try {
		// `npm run e2e:setup` (no flags) prepares both sets, as CI needs them.
		const sets = newest ? [true] : json || runtimes.length > 0 ? [false] : [false, true];
		for (const set of sets) {
			const result = ensureE2eClis(runtimes.length > 0 ? runtimes : undefined, {quiet: json, newest: set});
			if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
			else for (const [runtime, bin] of Object.entries(result.bins)) process.stdout.write(`${runtime}${set ? ` ${result.versions[runtime]} (node ${newestNodeMajor})` : ''}\t${bin}\n`);
		}
	} catch (error) {
		process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
		process.exit(1);
	}
}
