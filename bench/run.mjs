// Runs a TypeScript benchmark from bench/: bundles it with esbuild (so it uses the real core code)
// into .cache/bench and executes it. Usage: node bench/run.mjs observe-latency [args…]
import {spawnSync} from 'node:child_process';
import {mkdirSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const name = process.argv[2];
if (!name) {
	console.error('usage: node bench/run.mjs <benchmark> (e.g. observe-latency, observe-idle, observe-throughput)');
	process.exit(2);
}
const outdir = path.join(root, '.cache', 'bench');
mkdirSync(outdir, {recursive: true});
const outfile = path.join(outdir, `${name}.mjs`);
await esbuild.build({
	entryPoints: [path.join(root, 'bench', `${name}.ts`)],
	outfile,
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	// The MCP SDK's client (bench/mcp-send.ts) is loaded from node_modules: bundled into one file, its
	// zod schemas are built before their classes are defined.
	external: ['better-sqlite3', '@modelcontextprotocol/sdk'],
	banner: {js: "import {createRequire as __cr} from 'node:module'; const require = __cr(import.meta.url);"},
	logLevel: 'warning',
});
// Build the CLI too: the demo agents the benchmarks start are dist/demo-agent.js.
spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], {stdio: 'inherit'});
const result = spawnSync(process.execPath, ['--expose-gc', outfile, ...process.argv.slice(3)], {stdio: 'inherit', cwd: root, env: {...process.env, TUTTI_BENCH_ROOT: root}});
process.exit(result.status ?? 1);
