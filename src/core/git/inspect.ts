import {existsSync} from 'node:fs';
import {TuttiError} from '../errors.js';
import type {Runner} from '../process/runner.js';
import {Git} from './git.js';
import {assertNothingUnsaved, unlandedCommits} from './unsaved.js';
import {findWorktree, worktreePath} from './worktree.js';

/** What `tt status`, the TUI and the API show about an agent's worktree. */
export type WorktreeInspection = {
	exists: boolean;
	path: string;
	/** Checked-out branch; undefined when detached or missing. */
	branch: string | undefined;
	head: string | undefined;
	/** Any uncommitted change, untracked files included. */
	dirty: boolean;
	changedFiles: number;
	/** Commits on the worktree's HEAD that the project HEAD does not contain. */
	aheadOfProject: number;
	atProjectHead: boolean;
};

/** Looks at `<root>/.tutti/worktrees/<agent>` without changing anything (reference §5.1 `inspect_worktree`). */
export async function inspectWorktree(root: string, agent: string, runner?: Runner): Promise<WorktreeInspection> {
	const git = new Git(root, runner);
	const dir = worktreePath(root, agent);
	const entry = existsSync(dir) ? await findWorktree(git, dir) : undefined;
	if (!entry || entry.prunable) {
		return {exists: false, path: dir, branch: undefined, head: undefined, dirty: false, changedFiles: 0, aheadOfProject: 0, atProjectHead: false};
	}
	const changes = await git.at(dir).statusPorcelain();
	const projectHead = await git.tryRevParse('HEAD');
	const head = entry.head;
	let aheadOfProject = 0;
	// Commits still to land (patch identity: a cherry-picked commit is landed whatever its hash).
	if (head) aheadOfProject = projectHead ? (await unlandedCommits(git, projectHead, head)).length : (await git.revList(head)).length;
	return {
		exists: true,
		path: dir,
		branch: entry.branch,
		head,
		dirty: changes.length > 0,
		changedFiles: changes.length,
		aheadOfProject,
		atProjectHead: head !== undefined && head === projectHead,
	};
}

/** Options of {@link removeWorktree}. */
export type RemoveWorktreeOptions = {
	root: string;
	agent: string;
	/** Agent's configured branch; kept, and only used to name things in messages. */
	branch?: string;
	/** Remove even when uncommitted or unlanded work would be lost. @default false */
	force?: boolean;
	runner?: Runner;
};

export type RemoveWorktreeResult = {
	path: string;
	/** False when there was no worktree to remove. */
	removed: boolean;
	/** Branch left in place (like the reference, `--clean` never deletes branches). */
	branch: string | undefined;
};

/**
 * `tt down --clean`: removes the agent's worktree, keeping its branch. Refuses (ERR_WORKTREE_UNSAFE)
 * when the worktree holds uncommitted changes, untracked files included, or commits whose patch is
 * not on the project's current branch — unless `force`. A folder there that is not a worktree of
 * this repository is never deleted.
 */
export async function removeWorktree(options: RemoveWorktreeOptions): Promise<RemoveWorktreeResult> {
	const git = new Git(options.root, options.runner);
	const dir = worktreePath(options.root, options.agent);
	const entry = await findWorktree(git, dir);
	if (!existsSync(dir)) {
		// Nothing on disk; a stale registration would still block re-adding the branch, so drop it.
		if (entry) await git.worktreePrune();
		return {path: dir, removed: false, branch: entry?.branch ?? options.branch};
	}
	if (!entry || entry.prunable) {
		throw new TuttiError('ERR_WORKTREE_UNSAFE', `${dir} is not a git worktree of this repository; tutti will not delete it`, {
			hint: 'move or delete the folder yourself if it holds nothing you need',
			details: {path: dir},
		});
	}
	if (!options.force) {
		await assertNothingUnsaved(git, {dir, refs: [entry.branch ?? entry.head], action: `remove worktree ${dir}`, agent: options.agent});
	}
	await git.worktreeRemove(dir, {force: true});
	await git.worktreePrune();
	return {path: dir, removed: true, branch: entry.branch ?? options.branch};
}
