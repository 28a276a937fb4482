// Bundles the CLI (and the demo agent program) with esbuild so `tt` starts fast.
// Native and runtime-loaded packages stay external.
import {chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
let esbuild;
try {
	esbuild = await import('esbuild');
} catch {
	// `npm ci --omit=dev` or a partial install: nothing to build with, and nothing to do.
	console.warn('tutti: esbuild is not installed; skipping the build');
	process.exit(0);
}

// Every library tutti runs is bundled into dist/, so the published package has no runtime
// dependencies besides the optional better-sqlite3 (a native module, used where Node has no usable
// node:sqlite): a global install is small and runs no install script on Node 24+.
// react-devtools-core: Ink imports it only when DEV=true; it is not installed.
const external = ['better-sqlite3', 'playwright-core', 'fsevents', 'react-devtools-core'];
const common = {
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	sourcemap: 'linked',
	legalComments: 'none',
	// Smaller code parses faster: cold start matters more than readable output (sourcemaps are kept).
	minify: true,
	keepNames: true,
	metafile: true,
	logLevel: 'warning',
	external,
	jsx: 'automatic',
	banner: {
		// Bundled CommonJS dependencies call require(); give them one.
		js: "import {createRequire as __tuttiCreateRequire} from 'node:module'; const require = __tuttiCreateRequire(import.meta.url);",
	},
	define: {
		'process.env.NODE_ENV': '"production"',
		__TUTTI_VERSION__: JSON.stringify(JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version),
	},
};

mkdirSync(path.join(root, 'dist'), {recursive: true});
// Chunk names carry content hashes, so old ones pile up. Remove those older than ten minutes (a
// build running at the same moment, e.g. from a parallel test run, still finds its own).
const chunks = path.join(root, 'dist', 'chunks');
if (existsSync(chunks)) {
	for (const name of readdirSync(chunks)) {
		const file = path.join(chunks, name);
		if (Date.now() - statSync(file).mtimeMs > 10 * 60_000) rmSync(file, {force: true});
	}
}
const builds = await Promise.all([
	// The CLI is split into chunks so each command loads only what it needs (`tt hook` runs for
	// every agent hook call and must start in a few milliseconds).
	esbuild.build({
		...common,
		entryPoints: {tt: path.join(root, 'src/cli/main.ts')},
		outdir: path.join(root, 'dist'),
		splitting: true,
		chunkNames: 'chunks/[name]-[hash]',
		banner: {js: `#!/usr/bin/env node\n${common.banner.js}`},
	}),
	esbuild.build({
		...common,
		entryPoints: [path.join(root, 'src/adapters/demo/program/main.ts')],
		outfile: path.join(root, 'dist/demo-agent.js'),
		banner: {js: `#!/usr/bin/env node\n${common.banner.js}`},
	}),
]);
writeThirdPartyNotices(builds.flatMap((result) => Object.keys(result.metafile.inputs)));
for (const file of ['dist/tt.js', 'dist/demo-agent.js']) {
	if (existsSync(path.join(root, file))) chmodSync(path.join(root, file), 0o755);
}
const dashboard = path.join(root, 'scripts', 'build-dashboard.mjs');
if (existsSync(dashboard)) await import(dashboard);

/** The licences of the bundled packages, shipped beside the bundle (the minified code drops their comments). */
function writeThirdPartyNotices(inputs) {
	const packages = new Map();
	for (const input of inputs) {
		const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
		if (!match || packages.has(match[1])) continue;
		const dir = path.join(root, match[1]);
		const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
		const licenceFile = readdirSync(dir).find((name) => /^(licen[cs]e|copying)(\.|$)/i.test(name));
		packages.set(match[1], {name: manifest.name, version: manifest.version, licence: manifest.license ?? 'see package', text: licenceFile ? readFileSync(path.join(dir, licenceFile), 'utf8').trim() : undefined});
	}
	const entries = [...packages.values()].sort((a, b) => a.name.localeCompare(b.name));
	const body = entries.map((entry) => `${entry.name}@${entry.version} (${entry.licence})\n\n${entry.text ?? '(no licence file in the package)'}`).join(`\n\n${'-'.repeat(72)}\n\n`);
	writeFileSync(path.join(root, 'dist', 'THIRD-PARTY-NOTICES.txt'), `tutti bundles these packages into dist/:\n\n${body}\n`);
}
