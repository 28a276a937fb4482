import {spawnSync} from 'node:child_process';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

/**
 * Integration tests run the bundled CLI (dist/tt.js) as users do: build it once per test run.
 * A failed build is reported, not thrown, so unit tests still run and show what is broken.
 */
export default function setup(): void {
	const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
	const result = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], {cwd: root, encoding: 'utf8'});
	if (result.status !== 0) process.stderr.write(`\n[global-setup] build failed; integration tests will fail:\n${result.stderr}\n`);
}
