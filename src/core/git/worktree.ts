import {appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync, realpathSync, rmSync, rmdirSync} from 'node:fs';
import path from 'node:path';
import {TuttiError} from '../errors.js';
import type {Runner} from '../process/runner.js';
import {Git} from './git.js';
import type {WorktreeEntry} from './parse.js';
import {assertNothingUnsaved} from './unsaved.js';

/**
 * The lease every tutti process takes around adding or removing a worktree: git's worktree
 * commands are not safe side by side in one repository (`worktree add` reads every other
 * worktree's admin folder while another one is being written, and fails with "failed to read
 * .git/worktrees/<name>/commondir").
 */
export const worktreesLease = 'git:worktrees';

/** Options of {@link ensureWorktree}. */
export type EnsureWorktreeOptions = {
	/** Project root (the directory holding tutti.toml); must be inside a git repository. */
	root: string;
	agent: string;
	/** Branch the worktree checks out; the caller decides the default (`tutti/<agent>`). */
	branch: string;
	/** Reset the worktree and its branch to the project HEAD. @default false */
	fresh?: boolean;
	/** With `fresh`, discard uncommitted or unlanded work instead of refusing. @default false */
	force?: boolean;
	runner?: Runner;
};

export type EnsureWorktreeResult = {
	path: string;
	/** Branch actually checked out (differs from the requested one when an `auto/issue-*` branch was preserved). */
	branch: string;
	created: boolean;
	reused: boolean;
	/** Things the user should know; the worktree is usable regardless. */
	warnings: string[];
};

/** Branches of in-flight SDLC runs; a fresh worktree never resets them (reference §5.1). */
const preservedBranchPrefix = 'auto/issue-';

/** `<root>/.tutti/worktrees/<agent>`; rejects agent names that would step outside that folder. */
export function worktreePath(root: string, agent: string): string {
	if (agent === '' || agent === '.' || agent === '..' || /[/\\\0]/.test(agent)) {
		throw new TuttiError('ERR_PATH_ESCAPE', `agent name "${agent}" cannot be used as a worktree folder name`, {
			hint: 'use letters, digits, "-", "_" and "." in agent names',
		});
	}
	return path.join(root, '.tutti', 'worktrees', agent);
}

/** The registered worktree at `dir`, if git knows one (paths compared after resolving symlinks). */
export async function findWorktree(git: Git, dir: string): Promise<WorktreeEntry | undefined> {
	const wanted = canonical(dir);
	return (await git.worktreeList()).find((entry) => canonical(entry.path) === wanted);
}

/** The project HEAD commit; a repository without commits gets an error saying how to make one. */
export async function requireHead(git: Git): Promise<string> {
	const head = await git.tryRevParse('HEAD');
	if (head !== undefined) return head;
	const top = await git.topLevel();
	throw new TuttiError('ERR_GIT', `the git repository at ${top} has no commits yet, so there is nothing to branch agent worktrees from`, {
		hint: 'make a first commit: git add -A && git commit -m "initial commit"',
	});
}

/**
 * Makes git ignore `.tutti/` by appending `/.tutti/` to the repository's `info/exclude`, which is
 * local to this clone, so the user's `.gitignore` stays untouched. Without it `git status` in the
 * root (and `tt land`'s clean check) would list tutti's state and the agents' worktrees.
 *
 * @returns true when the file was changed.
 */
export async function ensureTuttiExcluded(git: Git): Promise<boolean> {
	const prefix = escapeIgnorePattern(await git.showPrefix());
	const pattern = `/${prefix}.tutti/`;
	const file = path.join(await git.commonDir(), 'info', 'exclude');
	const current = existsSync(file) ? readFileSync(file, 'utf8') : '';
	const equivalent = new Set([pattern, pattern.slice(0, -1), ...(prefix === '' ? ['.tutti/', '.tutti'] : [])]);
	if (current.split(/\r?\n/).some((line) => equivalent.has(line.trim()))) return false;
	mkdirSync(path.dirname(file), {recursive: true});
	const separator = current === '' || current.endsWith('\n') ? '' : '\n';
	appendFileSync(file, `${separator}# tutti: agent worktrees and state\n${pattern}\n`);
	return true;
}

/**
 * Makes sure the agent's worktree exists (reference §5.1): reuses a registered one, recreates one
 * deleted by hand, creates one on `branch` (from the project HEAD when the branch is new), or with
 * `fresh` resets it to the project HEAD — refusing, unless `force`, to drop uncommitted or unlanded
 * work. A directory at the worktree path that git does not know and that holds files is never
 * deleted (ERR_WORKTREE_UNSAFE).
 */
export async function ensureWorktree(options: EnsureWorktreeOptions): Promise<EnsureWorktreeResult> {
	const {root, agent, branch} = options;
	const git = new Git(root, options.runner);
	const dir = worktreePath(root, agent);
	const projectHead = await requireHead(git);
	if (!(await git.isValidBranchName(branch))) {
		throw new TuttiError('ERR_GIT', `"${branch}" is not a valid git branch name (agent ${agent})`, {
			hint: 'set another `branch` for the agent in tutti.toml',
		});
	}
	await ensureTuttiExcluded(git);
	const warnings: string[] = [];
	const registered = await findWorktree(git, dir);
	const present = existsSync(dir);

	if (present && registered && !registered.prunable) {
		if (!options.fresh) {
			warnings.push(...(await reuseWarnings(git, dir, registered, projectHead, branch)));
			return {path: dir, branch: registered.branch ?? branch, created: false, reused: true, warnings};
		}
		if (registered.branch?.startsWith(preservedBranchPrefix) && registered.branch !== branch) {
			warnings.push(`kept worktree ${dir} on ${registered.branch} instead of resetting it: ${preservedBranchPrefix}* branches hold in-flight work`);
			return {path: dir, branch: registered.branch, created: false, reused: true, warnings};
		}
		if (!options.force) {
			const refs = [registered.branch ?? registered.head, (await git.branchExists(branch)) ? branch : undefined];
			await assertNothingUnsaved(git, {dir, refs, action: `reset worktree ${dir}`, agent});
		}
		await git.worktreeRemove(dir, {force: true});
		// git leaves ignored files (build output, node_modules) behind; the worktree was ours, so they go too.
		rmSync(dir, {recursive: true, force: true});
		await git.worktreePrune();
	} else if (present) {
		if (readdirSync(dir).length > 0) {
			throw new TuttiError('ERR_WORKTREE_UNSAFE', `${dir} exists but is not a git worktree of this repository; tutti will not delete it`, {
				hint: `move its files elsewhere (or delete the folder if it holds nothing you need), then run \`tt up ${agent}\` again`,
				details: {path: dir},
			});
		}
		rmdirSync(dir);
		if (registered) await git.worktreePrune();
	} else if (registered) {
		// Deleted by hand: drop git's stale record, or git would say the branch is checked out there.
		await git.worktreePrune();
		warnings.push(`worktree ${dir} had been deleted outside tutti; recreated it`);
	}

	mkdirSync(path.dirname(dir), {recursive: true});
	const branchExists = await git.branchExists(branch);
	if (options.fresh && branchExists) {
		if (!options.force) await assertNothingUnsaved(git, {refs: [branch], action: `reset branch ${branch}`, agent});
		await git.worktreeAdd(dir, {mode: 'reset', branch, from: 'HEAD'});
	} else if (branchExists) {
		await git.worktreeAdd(dir, {mode: 'checkout', branch});
	} else {
		await git.worktreeAdd(dir, {mode: 'create', branch, from: 'HEAD'});
	}
	return {path: dir, branch, created: true, reused: false, warnings};
}

async function reuseWarnings(git: Git, dir: string, entry: WorktreeEntry, projectHead: string, branch: string): Promise<string[]> {
	const warnings: string[] = [];
	if (await git.at(dir).isDirty()) warnings.push(`worktree ${dir} has uncommitted changes; reusing it as it is`);
	if (entry.branch !== branch) warnings.push(`worktree ${dir} is on ${entry.branch ?? 'a detached HEAD'}, not on ${branch}`);
	// A worktree merely ahead of the project HEAD holds the agent's own work; only warn when it is
	// behind or has diverged, which is when starting afresh is worth suggesting.
	if (entry.head && entry.head !== projectHead && !(await git.isAncestor(projectHead, entry.head))) {
		warnings.push(`worktree ${dir} does not contain the project HEAD (${projectHead.slice(0, 7)}); use --fresh-worktree to start it from there`);
	}
	return warnings;
}

function canonical(dir: string): string {
	try {
		return realpathSync(dir);
	} catch {
		// A missing directory (stale entry): resolve its parent instead, which usually exists.
		try {
			return path.join(realpathSync(path.dirname(dir)), path.basename(dir));
		} catch {
			return path.resolve(dir);
		}
	}
}

/** Escapes gitignore metacharacters in a literal path prefix. */
function escapeIgnorePattern(prefix: string): string {
	return prefix.replace(/[\\*?[]/g, (char) => `\\${char}`);
}
