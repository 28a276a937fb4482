import {lstatSync, readdirSync, type Stats} from 'node:fs';
import path from 'node:path';
import {TuttiError} from '../errors.js';

/** Folders tutti creates and writes inside `<root>/.tutti`. */
const ownFolders = ['', 'state', 'state/agents', 'state/reviews', 'state/workflow-runs', 'state/workflow-outputs', 'logs', 'worktrees', 'handoffs', 'artifacts', 'demo-home'];
/** Folders whose files tutti opens by name (logs, the database, JSONL tails, agent records). */
const scannedFolders = ['state', 'state/agents', 'logs'];

function lstatOrUndefined(file: string): Stats | undefined {
	try {
		return lstatSync(file);
	} catch {
		return undefined;
	}
}

function refuse(file: string, why: string): never {
	throw new TuttiError('ERR_STATE', `refusing to use ${file}: ${why}`, {
		hint: `A repository must not decide where tutti writes. Remove it (\`rm ${file}\`; tutti recreates it), and keep .tutti/ out of git.`,
		details: {path: file},
	});
}

/**
 * tutti's folder in a project must be tutti's own: a repository that commits `.tutti/logs/a.log →
 * ~/.bashrc` or `.tutti/state → /elsewhere` would otherwise have tutti append terminal output to
 * that file or keep its database there. Every folder tutti writes and every file in the folders it
 * opens by name is checked (lstat: a symlink is refused, never followed). A handful of system calls.
 */
export function assertOwnTuttiDir(root: string): void {
	const base = path.join(root, '.tutti');
	for (const folder of ownFolders) {
		const dir = folder === '' ? base : path.join(base, folder);
		const stats = lstatOrUndefined(dir);
		if (!stats) continue;
		if (stats.isSymbolicLink()) refuse(dir, 'it is a symbolic link');
		if (!stats.isDirectory()) refuse(dir, 'it is not a folder');
	}
	for (const folder of scannedFolders) {
		let names: string[];
		try {
			names = readdirSync(path.join(base, folder));
		} catch {
			continue;
		}
		for (const name of names) {
			const file = path.join(base, folder, name);
			if (lstatOrUndefined(file)?.isSymbolicLink()) refuse(file, 'it is a symbolic link');
		}
	}
}

/** `.tutti/...` paths git tracks (a repository that committed them); refuse with the list. */
export function assertNothingTracked(root: string, tracked: readonly string[]): void {
	if (tracked.length === 0) return;
	const shown = tracked.slice(0, 5).join(', ') + (tracked.length > 5 ? ', …' : '');
	throw new TuttiError('ERR_STATE', `this repository tracks files inside .tutti/ (${shown}); tutti keeps its own state there and will not write over committed files`, {
		hint: 'Untrack them: git rm -r --cached .tutti && git commit -m "untrack .tutti" (tutti keeps .tutti/ out of git from then on).',
		details: {path: path.join(root, '.tutti'), tracked: tracked.slice(0, 50)},
	});
}
