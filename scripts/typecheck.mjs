// `npm run typecheck`: the three TypeScript projects (everything, core without UI/HTTP imports,
// the dashboard bundle) checked at the same time rather than one after another, each keeping
// its incremental state in .cache/tsc so a second run re-checks only what changed.
import {spawn} from 'node:child_process';
import {createRequire} from 'node:module';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const projects = ['tsconfig.json', 'tsconfig.core.json', 'tsconfig.dashboard.json'];

const runs = projects.map(
	(project) =>
		new Promise((resolve) => {
			const args = [tsc, '-p', project, '--noEmit', '--incremental', '--tsBuildInfoFile', path.join(root, '.cache', 'tsc', `${path.basename(project, '.json')}.tsbuildinfo`)];
			const child = spawn(process.execPath, args, {cwd: root, stdio: ['ignore', 'pipe', 'pipe']});
			let output = '';
			child.stdout.on('data', (chunk) => (output += chunk));
			child.stderr.on('data', (chunk) => (output += chunk));
			child.on('close', (code) => resolve({project, code, output}));
		}),
);

let failed = false;
for (const {project, code, output} of await Promise.all(runs)) {
	if (code === 0) continue;
	failed = true;
	process.stderr.write(`typecheck: ${project} failed\n${output}`);
}
process.exit(failed ? 1 : 0);
