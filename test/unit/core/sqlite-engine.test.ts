import {mkdirSync, readFileSync, symlinkSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {entryScript} from '../../../src/core/entry-script.js';
import {nodeSupport, supportedNodeRange} from '../../../src/core/node-support.js';
import {chooseEngine} from '../../../src/core/store/sqlite.js';
import {installFix, installProblem} from '../../../src/core/store/sqlite-install.js';
import {makeTempDir} from '../../helpers/sandbox.js';
import {repoRoot} from '../../helpers/tt.js';

describe('chooseEngine', () => {
	// '' is "TUTTI_SQLITE not set" (undefined would let the default read this process's environment).
	it.each([
		['20.11.0', '', {engine: 'better-sqlite3', fallback: undefined}],
		['20.20.2', '', {engine: 'better-sqlite3', fallback: undefined}],
		['22.12.0', '', {engine: 'better-sqlite3', fallback: undefined}],
		['22.13.0', '', {engine: 'better-sqlite3', fallback: 'node:sqlite'}],
		['22.23.5', '', {engine: 'better-sqlite3', fallback: 'node:sqlite'}],
		['24.0.0', '', {engine: 'node:sqlite', fallback: 'better-sqlite3'}],
		['26.12.1', '', {engine: 'node:sqlite', fallback: 'better-sqlite3'}],
		['20.20.2', 'node', {engine: 'node:sqlite', fallback: undefined}],
		['24.22.3', 'better-sqlite3', {engine: 'better-sqlite3', fallback: undefined}],
		['24.22.3', 'something-else', {engine: 'node:sqlite', fallback: 'better-sqlite3'}],
	] as const)('Node %s, TUTTI_SQLITE=%s', (version, forced, expected) => {
		expect(chooseEngine(version, forced)).toEqual(expected);
	});
});

describe('install problems', () => {
	const temp = makeTempDir();
	afterAll(() => temp.cleanup());
	const fakePackage = (root: string) => {
		mkdirSync(path.join(root, 'dist', 'chunks'), {recursive: true});
		writeFileSync(path.join(root, 'package.json'), JSON.stringify({name: 'tutti'}));
		return path.join(root, 'dist', 'chunks', 'store.js');
	};
	const clone = fakePackage(path.join(temp.dir, 'my clone'));
	const global = fakePackage(path.join(temp.dir, 'prefix', 'lib', 'node_modules', 'tutti'));
	const dependency = fakePackage(path.join(temp.dir, 'app', 'node_modules', 'tutti'));
	const error = (message: string, code?: string) => Object.assign(new Error(message), code === undefined ? {} : {code});

	it.each([
		['not-built', error('Could not locate the bindings file. Tried:\n → /x/build/better_sqlite3.node')],
		['not-installed', error("Cannot find module 'better-sqlite3'", 'MODULE_NOT_FOUND')],
		['other-node', error("The module '/x/better_sqlite3.node'\nwas compiled against a different Node.js version using\nNODE_MODULE_VERSION 115. This version of Node.js requires\nNODE_MODULE_VERSION 137. Please try re-compiling", 'ERR_DLOPEN_FAILED')],
		['broken', error('/lib/libc.so.6: version `GLIBC_2.38` not found')],
	] as const)('%s is named in one line', (reason, cause) => {
		const problem = installProblem('better-sqlite3', cause, clone);
		expect(problem.reason).toBe(reason);
		expect(problem.message).not.toContain('\n');
		expect(problem.message).toMatch(/^cannot open the workspace database: /);
		if (reason === 'other-node') expect(problem.message).toContain('ABI 115); Node');
		expect(problem.message).not.toContain('Tried:');
	});

	it('tells a clone to rebuild in its folder, quoting the path', () => {
		const problem = installProblem('better-sqlite3', error('Could not locate the bindings file.'), clone);
		expect(problem.installed).toBe(false);
		expect(installFix(problem)).toBe(`Run \`cd '${path.join(temp.dir, 'my clone')}' && npm rebuild better-sqlite3\` (its package.json allows that install script), or use Node 24 or newer, where tutti needs no native module.`);
	});

	it('tells a clone without the optional package to install it', () => {
		const problem = installProblem('better-sqlite3', error("Cannot find module 'better-sqlite3'", 'MODULE_NOT_FOUND'), clone);
		expect(installFix(problem)).toMatch(/&& npm ci` \(without --omit=optional\)/);
	});

	it('tells a global install to rebuild globally with the script allowed', () => {
		const problem = installProblem('better-sqlite3', error('Could not locate the bindings file.'), global);
		expect(problem.installed).toBe(true);
		expect(installFix(problem)).toMatch(/^Run `npm rebuild -g better-sqlite3 --allow-scripts=better-sqlite3`/);
	});

	it('tells a project that depends on tutti to approve and rebuild there', () => {
		const problem = installProblem('better-sqlite3', error('Could not locate the bindings file.'), dependency);
		expect(installFix(problem)).toBe(`Run \`cd ${path.join(temp.dir, 'app')} && npm install-scripts approve better-sqlite3 && npm rebuild better-sqlite3\`, or use Node 24 or newer, where tutti needs no native module.`);
	});
});

describe('supported Node versions', () => {
	it('are the ones package.json declares', () => {
		const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {engines: {node: string}};
		expect(manifest.engines.node).toBe(supportedNodeRange);
	});

	it.each([
		['20.10.0', false],
		['20.11.0', true],
		['21.7.3', false],
		['22.0.0', true],
		['24.22.3', true],
		['26.12.1', true],
		['v18.20.0', false],
	] as const)('Node %s supported: %s', (version, ok) => {
		expect(nodeSupport(version).ok).toBe(ok);
	});

	it("are accepted by what npm installs: tutti's own dependencies on 20.11+, a checkout's build and test tools on the floor the README states", () => {
		// semver is npm's own range matcher (installed with the toolchain).
		const semver = createRequire(import.meta.url)('semver') as {satisfies: (version: string, range: string) => boolean};
		const lock = JSON.parse(readFileSync(path.join(repoRoot, 'package-lock.json'), 'utf8')) as {packages: Record<string, {version?: string; dev?: boolean; engines?: {node?: string} | string[]}>};
		const ranged = Object.entries(lock.packages).flatMap(([name, entry]) => (name !== '' && !Array.isArray(entry.engines) && entry.engines?.node ? [{name: `${name}@${entry.version ?? '?'}`, dev: entry.dev === true, range: entry.engines.node}] : []));
		const refusing = (versions: readonly string[], packages: typeof ranged) => packages.filter((entry) => versions.some((version) => !semver.satisfies(version, entry.range))).map((entry) => `${entry.name} (${entry.range})`);
		// What `npm install -g tutti` brings (better-sqlite3): no EBADENGINE on any Node tutti supports.
		expect(refusing(['20.11.0', '22.0.0', '24.0.0'], ranged.filter((entry) => !entry.dev))).toEqual([]);
		// `npm ci` in a checkout also installs the build and test tools (vitest's vite needs 20.19 / 22.13).
		const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
		expect(readme.replace(/\s+/g, ' ')).toContain('a checkout (`npm ci`, `npm test`) needs Node.js 20.19+, 22.13+ or 24+');
		expect(refusing(['20.19.0', '22.13.0', '24.0.0'], ranged)).toEqual([]);
	});

	it('approve exactly the install scripts the lock file brings, pinned to its versions', () => {
		type LockEntry = {version?: string; resolved?: string; hasInstallScript?: boolean; name?: string};
		const lock = JSON.parse(readFileSync(path.join(repoRoot, 'package-lock.json'), 'utf8')) as {packages: Record<string, LockEntry>};
		const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {allowScripts?: Record<string, boolean>};
		const packageName = (key: string, entry: LockEntry) => entry.name ?? key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
		const scripted = Object.entries(lock.packages).filter(([key, entry]) => key !== '' && entry.hasInstallScript === true);
		expect(scripted.length).toBeGreaterThan(0);
		// npm 12 runs a script only for an `allowScripts` key naming that exact version…
		expect(Object.keys(manifest.allowScripts ?? {}).sort()).toEqual(scripted.map(([key, entry]) => `${packageName(key, entry)}@${entry.version}`).sort());
		expect(Object.values(manifest.allowScripts ?? {}).every((allowed) => allowed)).toBe(true);
		// …and trusts that version only from the registry URL it was resolved from: a lock written with
		// omit-lockfile-registry-resolved (this repository's .npmrc turns it off) blocks the pinned scripts.
		for (const [key, entry] of scripted) {
			const name = packageName(key, entry);
			expect(entry.resolved, key).toBe(`https://registry.npmjs.org/${name}/-/${name.split('/').pop()}-${entry.version}.tgz`);
		}
	});

});

describe('entryScript', () => {
	it('follows the bin symlink of a global install to the bundle', () => {
		const temp = makeTempDir();
		const bundle = path.join(temp.dir, 'lib', 'node_modules', 'tutti', 'dist', 'tt.js');
		mkdirSync(path.dirname(bundle), {recursive: true});
		writeFileSync(bundle, '');
		mkdirSync(path.join(temp.dir, 'bin'));
		symlinkSync(path.relative(path.join(temp.dir, 'bin'), bundle), path.join(temp.dir, 'bin', 'tt'));
		expect(entryScript(path.join(temp.dir, 'bin', 'tt'))).toBe(bundle);
		expect(entryScript(path.join(temp.dir, 'missing'))).toBe(path.join(temp.dir, 'missing'));
		temp.cleanup();
	});
});
