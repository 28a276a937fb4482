// Finds (or builds) the script that runs `tt watch`: dist/tt.js when the CLI registers the
// command, else a bundle of the watch command alone in test/artifacts/tt-watch.js. Used by the
// watch benchmarks and the TUI screen tests. Run directly to build: node bench/watch-build.mjs
import {spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** @returns {Promise<string>} absolute path of a script whose `watch` command is tt watch */
export async function watchScript({force = false} = {}) {
	const tt = path.join(repoRoot, 'dist', 'tt.js');
	if (!force && existsSync(tt)) {
		const probe = spawnSync(process.execPath, [tt, 'watch', '--help'], {encoding: 'utf8'});
		if (probe.status === 0 && probe.stdout.includes('--no-mouse')) return tt;
	}
	const out = path.join(repoRoot, 'test', 'artifacts', 'tt-watch.js');
	mkdirSync(path.dirname(out), {recursive: true});
	const esbuild = await import('esbuild');
	const {version} = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
	await esbuild.build({
		entryPoints: [path.join(repoRoot, 'test', 'integration', 'tui', 'watch-entry.ts')],
		outfile: out,
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		jsx: 'automatic',
		logLevel: 'error',
		sourcemap: 'linked',
		external: ['better-sqlite3', 'playwright-core', 'fsevents'],
		// Ink imports react-devtools-core only when DEV=true; a bundle without code splitting needs a stub.
		plugins: [
			{
				name: 'no-devtools',
				setup(build) {
					build.onResolve({filter: /^react-devtools-core$/}, () => ({path: 'react-devtools-core', namespace: 'stub'}));
					build.onLoad({filter: /.*/, namespace: 'stub'}, () => ({contents: 'export default {connectToDevTools() {}};', loader: 'js'}));
				},
			},
		],
		banner: {js: "import {createRequire as __tuttiCreateRequire} from 'node:module'; const require = __tuttiCreateRequire(import.meta.url);"},
		define: {'process.env.NODE_ENV': '"production"', __TUTTI_VERSION__: JSON.stringify(version)},
	});
	return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	console.log(await watchScript({force: process.argv.includes('--force')}));
}
