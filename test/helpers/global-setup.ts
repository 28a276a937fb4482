import {spawnSync} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {mkdirSync, realpathSync, rmSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {findLeaks, formatLeak, removeLeaks, type RunScope} from './leaks.js';
import {runIdVariable, runTempRoot} from './test-run.js';

/**
 * Integration tests run the bundled CLI (dist/tt.js) as users do: build it once per test run.
 * A failed build is reported, not thrown, so unit tests still run and show what is broken.
 *
 * Then the run gets an id and a temp folder of its own (see test-run.ts), and the returned
 * teardown fails the run when anything this run made outlived it: a test that leaves a tmux
 * server, a process, a socket or a temp folder behind is a bug. Leftovers are listed, removed,
 * and the exit code is set to 1. Other runs on the machine are never looked at: only processes
 * carrying this run's id (or working in its temp folder) and files named by it count.
 */
export default function setup(): () => Promise<void> {
	const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
	const result = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], {cwd: root, encoding: 'utf8'});
	if (result.status !== 0) process.stderr.write(`\n[global-setup] build failed; integration tests will fail:\n${result.stderr}\n`);

	const id = randomBytes(4).toString('hex');
	const tempRoot = runTempRoot(id);
	mkdirSync(tempRoot, {recursive: true, mode: 0o700});
	const scope: RunScope = {id, tempRoot: realpathSync(tempRoot), mainPid: process.pid};
	// Set before the pool forks its workers, which inherit it and pass it on to what they spawn.
	process.env[runIdVariable] = id;
	process.env['TMPDIR'] = scope.tempRoot;

	return async () => {
		const leaks = findLeaks(scope);
		const survivors = await removeLeaks(leaks);
		rmSync(scope.tempRoot, {recursive: true, force: true});
		if (leaks.length === 0) return;
		const lines = [`\n[leaks] test run ${id} left ${leaks.length} thing(s) behind (each is a bug in a test or in tt):`, ...leaks.map((leak) => `  ${formatLeak(leak)}`)];
		lines.push(survivors.length > 0 ? `  could not clean up: ${survivors.join('; ')}` : '  all of them were removed now.');
		process.stderr.write(`${lines.join('\n')}\n`);
		process.exitCode = 1;
	};
}
