#!/usr/bin/env node
// Installs another Node and npm from the npm registry (the `node-<os>-<arch>` and `npm` packages)
// into <repo>/.cache/toolchains (git-ignored) and prints a folder to put first on PATH: it holds
// `node`, `npm` and `npx` for that pair. CI uses it to run tutti under the Node and npm our users
// have (Node 24 with npm 12), on a machine whose own Node is 20.
//
//   node scripts/node-toolchain.mjs <node-major> [npm-major]     e.g.  24 12
//
// A native addon built for that Node needs its headers: they ship in the package's include/ folder;
// `--nodedir` prints that folder instead (for npm_config_nodedir).
import {spawnSync} from 'node:child_process';
import {chmodSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
const printNodedir = args.includes('--nodedir');
const [nodeMajor, npmMajor] = args.filter((arg) => !arg.startsWith('--'));
if (!/^\d+$/.test(nodeMajor ?? '') || (npmMajor !== undefined && !/^\d+$/.test(npmMajor))) {
	process.stderr.write('usage: node scripts/node-toolchain.mjs <node-major> [npm-major] [--nodedir]\n');
	process.exit(2);
}

const nodePackage = `node-${process.platform}-${process.arch}`;
const dir = path.join(root, '.cache', 'toolchains', `node${nodeMajor}${npmMajor ? `-npm${npmMajor}` : ''}`);
const bin = path.join(dir, 'bin');
const nodeHome = path.join(dir, 'node_modules', nodePackage);
const nodeBin = path.join(nodeHome, 'bin', 'node');
const npmCli = path.join(dir, 'node_modules', 'npm', 'bin');

const installedMajor = (manifest) => {
	try {
		return String(JSON.parse(readFileSync(manifest, 'utf8')).version).split('.')[0];
	} catch {
		return undefined;
	}
};

const fresh = installedMajor(path.join(nodeHome, 'package.json')) === nodeMajor && (!npmMajor || installedMajor(path.join(dir, 'node_modules', 'npm', 'package.json')) === npmMajor);
if (!fresh) {
	rmSync(dir, {recursive: true, force: true});
	mkdirSync(dir, {recursive: true});
	writeFileSync(path.join(dir, 'package.json'), '{"private": true}\n');
	const specs = [`${nodePackage}@${nodeMajor}`, ...(npmMajor ? [`npm@${npmMajor}`] : [])];
	// The packages carry their binaries; no install script is needed (nor run).
	const result = spawnSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--ignore-scripts', '--prefix', dir, ...specs], {stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8'});
	if (result.status !== 0 || !existsSync(nodeBin)) {
		process.stderr.write(`node-toolchain: npm install ${specs.join(' ')} failed:\n${result.stderr}`);
		process.exit(1);
	}
}

mkdirSync(bin, {recursive: true});
const wrapper = (target) => `#!/bin/sh\nexec '${nodeBin}' '${target}' "$@"\n`;
// A link, not a wrapper: tools that look at process.execPath must see the real binary.
rmSync(path.join(bin, 'node'), {force: true});
symlinkSync(nodeBin, path.join(bin, 'node'));
if (npmMajor) {
	for (const [name, script] of [['npm', 'npm-cli.js'], ['npx', 'npx-cli.js']]) {
		writeFileSync(path.join(bin, name), wrapper(path.join(npmCli, script)));
		chmodSync(path.join(bin, name), 0o755);
	}
}
process.stdout.write(`${printNodedir ? nodeHome : bin}\n`);
