// Bundles the browser dashboard (src/server/dashboard) with esbuild into dist/dashboard/:
// index.html, app.js (with xterm.js) and app.css. Runs standalone (`node scripts/build-dashboard.mjs`)
// or from scripts/build.mjs through `buildDashboard()`. Standalone flags: --outdir <dir>, --dev
// (no minification).
import {copyFileSync, mkdirSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/**
 * @param {{outdir?: string, minify?: boolean, sourcemap?: boolean}} [options]
 * @returns {Promise<string>} the output directory
 */
export async function buildDashboard(options = {}) {
	const esbuild = await import('esbuild');
	const source = path.join(root, 'src', 'server', 'dashboard');
	const outdir = options.outdir ?? path.join(root, 'dist', 'dashboard');
	mkdirSync(outdir, {recursive: true});
	await esbuild.build({
		entryPoints: [
			{in: path.join(source, 'main.ts'), out: 'app'},
			{in: path.join(source, 'style.css'), out: 'app'},
		],
		outdir,
		bundle: true,
		platform: 'browser',
		format: 'esm',
		target: ['es2022', 'chrome110', 'firefox115', 'safari16'],
		minify: options.minify ?? true,
		sourcemap: options.sourcemap ?? true,
		legalComments: 'none',
		logLevel: 'warning',
		absWorkingDir: root,
	});
	copyFileSync(path.join(source, 'index.html'), path.join(outdir, 'index.html'));
	return outdir;
}

// Run directly, or imported for its effect by scripts/build.mjs (`await import(...)`): build now.
const entry = process.argv[1] ? pathToFileURL(path.resolve(process.argv[1])).href : '';
const direct = entry === import.meta.url;
if (direct || entry === pathToFileURL(path.join(root, 'scripts', 'build.mjs')).href) {
	const args = process.argv.slice(2);
	const at = args.indexOf('--outdir');
	const outdir = await buildDashboard(direct ? {...(at === -1 ? {} : {outdir: path.resolve(args[at + 1] ?? 'dist/dashboard')}), minify: !args.includes('--dev')} : {});
	if (direct) console.log(`dashboard built into ${path.relative(process.cwd(), outdir) || '.'}`);
}
