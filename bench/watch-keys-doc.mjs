// Writes docs/keybindings.md from the key table (src/tui/keys/commands.ts); --check fails on drift.
import {readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {repoRoot} from './watch-build.mjs';

const esbuild = await import('esbuild');
const result = await esbuild.build({entryPoints: [path.join(repoRoot, 'src/tui/keys/help.ts')], bundle: true, platform: 'node', format: 'esm', write: false, logLevel: 'error'});
const {keybindingsMarkdown} = await import(`data:text/javascript;base64,${Buffer.from(result.outputFiles[0].text).toString('base64')}`);
const file = path.join(repoRoot, 'docs', 'keybindings.md');
const text = keybindingsMarkdown();
if (process.argv.includes('--check')) {
	if (readFileSync(file, 'utf8') !== text) {
		console.error('docs/keybindings.md is out of date: run node bench/watch-keys-doc.mjs');
		process.exit(1);
	}
} else {
	writeFileSync(file, text);
}
