import path from 'node:path';
import {fileURLToPath} from 'node:url';
import type {SqliteEngine} from './sqlite.js';
import {findPackageRoot} from '../package-root.js';
import {shellWord} from '../shell-quote.js';

/** Why an SQLite engine could not load, in terms a user can act on. */
export type InstallProblem = {
	engine: SqliteEngine;
	reason: 'not-installed' | 'not-built' | 'other-node' | 'no-builtin' | 'broken';
	message: string;
	/** tutti's own package folder, where a rebuild has to run. */
	packageRoot: string | undefined;
	/** True when tutti is an installed package (global or a dependency), not a clone. */
	installed: boolean;
	/** True for a global install (`<prefix>/lib/node_modules/tutti`). */
	global: boolean;
};

export function installProblem(engine: SqliteEngine, cause: unknown, here = fileURLToPath(import.meta.url)): InstallProblem {
	const text = cause instanceof Error ? cause.message : String(cause);
	const code = (cause as NodeJS.ErrnoException | undefined)?.code;
	const packageRoot = findPackageRoot(here);
	const modules = packageRoot === undefined ? '' : path.dirname(packageRoot);
	const installed = path.basename(modules) === 'node_modules';
	// npm's global folder is <prefix>/lib/node_modules on Unix; a dependency sits in <project>/node_modules.
	const global = installed && path.basename(path.dirname(modules)) === 'lib';
	const node = `Node ${process.versions.node}`;
	const base = {engine, packageRoot, installed, global};
	if (engine === 'node:sqlite') {
		return {...base, reason: 'no-builtin', message: `cannot open the workspace database: ${node} has no usable node:sqlite (${firstLine(text)})`};
	}
	if (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') {
		return {...base, reason: 'not-installed', message: `cannot open the workspace database: better-sqlite3, which tutti needs on ${node}, is not installed`};
	}
	if (/Could not locate the bindings file/i.test(text)) {
		return {...base, reason: 'not-built', message: `cannot open the workspace database: better-sqlite3's native module was never built (npm blocked or skipped its install script)`};
	}
	const built = /NODE_MODULE_VERSION (\d+)[^]*?NODE_MODULE_VERSION (\d+)/.exec(text);
	if (built) {
		return {...base, reason: 'other-node', message: `cannot open the workspace database: better-sqlite3 was built for another Node (ABI ${built[1]}); ${node} needs ABI ${built[2]}`};
	}
	return {...base, reason: 'broken', message: `cannot open the workspace database: better-sqlite3 failed to load on ${node} (${firstLine(text)})`};
}

/** The exact command that fixes the problem, and the alternative that needs no native build. */
export function installFix(problem: InstallProblem): string {
	if (problem.engine === 'node:sqlite') {
		return 'Use an official Node.js build (node:sqlite is built in from Node 22.13), or unset TUTTI_SQLITE to let tutti use better-sqlite3.';
	}
	const upgrade = 'or use Node 24 or newer, where tutti needs no native module';
	if (problem.global) {
		return `Run \`npm rebuild -g better-sqlite3 --allow-scripts=better-sqlite3\` (npm 12 runs no install script it was not told to allow), ${upgrade}.`;
	}
	if (problem.installed && problem.packageRoot !== undefined) {
		const project = path.dirname(path.dirname(problem.packageRoot));
		return `Run \`cd ${shellWord(project)} && npm install-scripts approve better-sqlite3 && npm rebuild better-sqlite3\`, ${upgrade}.`;
	}
	const where = problem.packageRoot === undefined ? '' : `cd ${shellWord(problem.packageRoot)} && `;
	if (problem.reason === 'not-installed') return `Run \`${where}npm ci\` (without --omit=optional), ${upgrade}.`;
	return `Run \`${where}npm rebuild better-sqlite3\` (its package.json allows that install script), ${upgrade}.`;
}

const firstLine = (text: string): string => (text.split('\n')[0] ?? '').slice(0, 160);

