import {existsSync, realpathSync} from 'node:fs';
import path from 'node:path';
import {relativePathProblem} from '../config/index.js';
import {TuttiError} from '../errors.js';

/** Where the engine keeps step outputs: `<root>/.tutti/state/workflow-outputs`. */
export function outputsRoot(root: string): string {
	return path.join(root, '.tutti', 'state', 'workflow-outputs');
}

function inside(parent: string, child: string): boolean {
	const relative = path.relative(parent, child);
	return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** The nearest existing ancestor of `target`, with symlinks resolved. */
function realAncestor(target: string): string {
	let current = target;
	while (!existsSync(current)) {
		const parent = path.dirname(current);
		if (parent === current) break;
		current = parent;
	}
	return realpathSync(current);
}

/** Whether an absolute path is a file the engine produced (an output or artifact copy of a run). */
export function isEngineOutput(root: string, file: string): boolean {
	return path.isAbsolute(file) && inside(outputsRoot(root), path.resolve(file)) && inside(realAncestor(outputsRoot(root)), realAncestor(file));
}

/**
 * Resolves `entry` (relative to `base`) and refuses anything that would leave `base`: absolute
 * paths, `~`, `..` components, and symlinks pointing out. `what` names the step and key in errors,
 * e.g. `workflow "ship" step 3: inject_files`.
 */
export function resolveInside(base: string, entry: string, what: string): string {
	const problem = relativePathProblem(entry);
	if (problem) throw escapeError(what, entry, problem);
	const file = path.resolve(base, entry);
	if (!inside(base, file)) throw escapeError(what, entry, 'it leaves the directory');
	const realBase = existsSync(base) ? realpathSync(base) : base;
	if (!inside(realBase, realAncestor(file))) throw escapeError(what, entry, 'a symbolic link leads outside the project');
	return file;
}

/**
 * A path from config after template expansion: either exactly an engine-produced file (an
 * `{{output.<id>.path}}` template) or a relative path inside `base`.
 */
export function resolveStepPath(root: string, base: string, expanded: string, what: string): {file: string; produced: boolean} {
	if (path.isAbsolute(expanded)) {
		if (isEngineOutput(root, expanded)) return {file: expanded, produced: true};
		throw escapeError(what, expanded, 'it is an absolute path that tutti did not produce');
	}
	return {file: resolveInside(base, expanded, what), produced: false};
}

export function escapeError(what: string, entry: string, reason: string): TuttiError {
	return new TuttiError('ERR_PATH_ESCAPE', `${what}: refusing ${JSON.stringify(entry)}: ${reason}`, {
		hint: 'Use a path relative to the project without "..", or an {{output.<id>.path}} template on its own.',
		details: {path: entry, reason},
	});
}
