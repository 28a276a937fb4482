import {execFile} from 'node:child_process';
import {cpSync, mkdirSync, symlinkSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {makeGitRepo} from '../../helpers/sandbox.js';
import {makeWorld, repoRoot, type TtResult} from '../../helpers/tt.js';

/**
 * What a user sees when npm blocked better-sqlite3's install script (npm 12's default for a
 * dependency not named in allowScripts): the real package, its real loader, no compiled module.
 * tutti must say `error[install]`, what happened in one line, and the command that fixes it.
 */
describe('an SQLite engine that cannot load', () => {
	const world = makeWorld('install');
	const project = path.join(world.dir, 'project');

	/** Lays out tutti's bundle as an installed package whose better-sqlite3 was never built. */
	const installUnbuilt = (root: string) => {
		mkdirSync(root, {recursive: true});
		writeFileSync(path.join(root, 'package.json'), JSON.stringify({name: 'tutti', version: '0.0.0-test', type: 'module'}));
		cpSync(path.join(repoRoot, 'dist'), path.join(root, 'dist'), {recursive: true});
		const modules = path.join(root, 'node_modules');
		cpSync(path.join(repoRoot, 'node_modules', 'better-sqlite3'), path.join(modules, 'better-sqlite3'), {recursive: true, filter: (source) => !source.includes(`${path.sep}build`)});
		for (const name of ['bindings', 'file-uri-to-path']) cpSync(path.join(repoRoot, 'node_modules', name), path.join(modules, name), {recursive: true});
		return path.join(root, 'dist', 'tt.js');
	};

	const run = (script: string, args: string[]) =>
		new Promise<TtResult>((resolve) => {
			// Forced, so the failure is exercised on every Node (on 22+ tutti would fall back to node:sqlite).
			execFile(process.execPath, [script, ...args], {cwd: project, env: {...world.env, TUTTI_SQLITE: 'better-sqlite3'}}, (error, stdout, stderr) => {
				resolve({code: error ? Number((error as {code?: unknown}).code ?? 1) : 0, stdout, stderr});
			});
		});

	let clone = '';
	let globalBin = '';
	beforeAll(async () => {
		makeGitRepo(project);
		expect((await world.tt(['init', '--template', 'demo'], {cwd: project})).code).toBe(0);
		clone = installUnbuilt(path.join(world.dir, 'clone'));
		const prefix = path.join(world.dir, 'prefix');
		installUnbuilt(path.join(prefix, 'lib', 'node_modules', 'tutti'));
		mkdirSync(path.join(prefix, 'bin'));
		globalBin = path.join(prefix, 'bin', 'tt');
		symlinkSync('../lib/node_modules/tutti/dist/tt.js', globalBin);
	});
	afterAll(() => world.cleanup());

	it('tt status says error[install] in one line and how to rebuild, in a clone', async () => {
		const result = await run(clone, ['status']);
		expect(result.code).toBe(1);
		const lines = result.stderr.trim().split('\n');
		expect(lines).toHaveLength(2);
		expect(lines[0]).toBe("error[install]: cannot open the workspace database: better-sqlite3's native module was never built (npm blocked or skipped its install script)");
		expect(lines[1]).toBe(`  hint: Run \`cd ${path.join(world.dir, 'clone')} && npm rebuild better-sqlite3\` (its package.json allows that install script), or use Node 24 or newer, where tutti needs no native module.`);
		expect(result.stderr).not.toMatch(/Tried:|bug in tutti|error\[internal\]/);
	});

	it('tt status through a global install names the global rebuild', async () => {
		const result = await run(globalBin, ['status']);
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('error[install]: ');
		expect(result.stderr).toContain('hint: Run `npm rebuild -g better-sqlite3 --allow-scripts=better-sqlite3`');
	});

	it('tt doctor reports the engine check failing with the fix', async () => {
		const result = await run(clone, ['doctor', '--json']);
		const report = JSON.parse(result.stdout) as {checks: Array<{check: string; status: string; detail: string; fix: string | null}>};
		const sqlite = report.checks.find((check) => check.check === 'sqlite');
		expect(sqlite).toMatchObject({status: 'fail', detail: expect.stringContaining('never built') as unknown});
		expect(sqlite?.fix).toContain('npm rebuild better-sqlite3');
		expect(result.code).not.toBe(0);
	});

	it('tt doctor reports the engine in use when it loads', async () => {
		const result = await world.tt(['doctor', '--json'], {cwd: project});
		const report = JSON.parse(result.stdout) as {checks: Array<{check: string; status: string; detail: string}>};
		expect(report.checks.find((check) => check.check === 'sqlite')).toMatchObject({status: 'pass', detail: expect.stringMatching(/^(node:sqlite \(built into Node\)|better-sqlite3 \(native module\))$/) as unknown});
	});
});
