// Bundles the CLI (and the demo agent program) with esbuild so `tt` starts fast.
// Native and runtime-loaded packages stay external.
import {chmodSync, existsSync, mkdirSync, readFileSync} from 'node:fs';
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

const external = ['better-sqlite3', 'playwright-core', 'fsevents'];
const common = {
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	sourcemap: 'linked',
	legalComments: 'none',
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
const entries = [
	{in: 'src/cli/main.ts', out: 'dist/tt.js', shebang: true},
	{in: 'src/adapters/demo/program/main.ts', out: 'dist/demo-agent.js', shebang: true},
];
await Promise.all(
	entries
		.filter((entry) => existsSync(path.join(root, entry.in)))
		.map((entry) =>
			esbuild.build({
				...common,
				entryPoints: [path.join(root, entry.in)],
				outfile: path.join(root, entry.out),
				banner: {js: `${entry.shebang ? '#!/usr/bin/env node\n' : ''}${common.banner.js}`},
			}),
		),
);
for (const entry of entries) {
	const file = path.join(root, entry.out);
	if (existsSync(file)) chmodSync(file, 0o755);
}
