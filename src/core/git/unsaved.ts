import {TuttiError} from '../errors.js';
import type {Git} from './git.js';
import {describeCommits, describeStatus, plural, type CommitInfo, type StatusEntry} from './parse.js';

/** Commits on `ref` whose change is not on the project's current branch. */
export type UnlandedCommits = {
	ref: string;
	commits: CommitInfo[];
};

/** Work that removing or resetting a worktree would throw away. */
export type UnsavedWork = {
	/** Uncommitted changes in the worktree, untracked files included. */
	changes: StatusEntry[];
	/** Git-ignored files that only live in the worktree (`.env.local`), not rebuildable folders. */
	ignored: StatusEntry[];
	unlanded: UnlandedCommits[];
	/** Name of the project's current branch (`HEAD` when detached). */
	target: string;
};

/**
 * Commits reachable from `ref` but not from `upstream`, minus those whose patch `upstream` already
 * has (`git cherry` marks them `-`): a commit cherry-picked onto main has a new hash but is landed.
 * Oldest first.
 */
export async function unlandedCommits(git: Git, upstream: string, ref: string): Promise<CommitInfo[]> {
	const pending = new Set((await git.cherry(upstream, ref)).filter((entry) => entry.sign === '+').map((entry) => entry.hash));
	if (pending.size === 0) return [];
	return (await git.log(`${upstream}..${ref}`, {reverse: true})).filter((commit) => pending.has(commit.hash));
}

/**
 * Collects uncommitted changes in `dir` (when given) and the unlanded commits of each ref, compared
 * with the project root's HEAD. `git` runs in the project root.
 */
export async function findUnsavedWork(git: Git, options: {dir?: string; refs: ReadonlyArray<string | undefined>}): Promise<UnsavedWork> {
	const changes = options.dir ? await git.at(options.dir).statusPorcelain() : [];
	const ignored = options.dir ? (await git.at(options.dir).ignored()).filter((entry) => !rebuildable(entry.path)) : [];
	const target = (await git.currentBranch()) ?? 'HEAD';
	const unlanded: UnlandedCommits[] = [];
	const seen = new Set<string>();
	for (const ref of options.refs) {
		if (!ref) continue;
		// Two names for one commit (a branch and the worktree's HEAD) must not be reported twice.
		const commit = await git.tryRevParse(ref);
		if (!commit || seen.has(commit)) continue;
		seen.add(commit);
		const commits = await unlandedCommits(git, 'HEAD', commit);
		if (commits.length > 0) unlanded.push({ref: /^[0-9a-f]{40}$/.test(ref) ? ref.slice(0, 7) : ref, commits});
	}
	return {changes, ignored, unlanded, target};
}

/**
 * Folders of dependencies and build output that a tool recreates: deleting them loses nothing a
 * person wrote. Every other ignored file (`.env.local`, notes, local settings) counts as work.
 */
const rebuildableFolders = new Set(['node_modules', '.venv', 'venv', '__pycache__', '.pytest_cache', '.mypy_cache', '.ruff_cache', 'target', 'dist', 'build', 'out', '.next', '.nuxt', '.turbo', '.cache', '.parcel-cache', 'coverage', '.gradle', '.tox', 'vendor']);

function rebuildable(entryPath: string): boolean {
	return entryPath.split('/').some((segment, index, all) => rebuildableFolders.has(segment) && (index < all.length - 1 || entryPath.endsWith('/')));
}

/** `3 uncommitted changes (M src/a.ts, ?? notes.md) and 2 commits on tutti/x not on main (…)`; '' when nothing. */
export function describeUnsavedWork(work: UnsavedWork): string {
	const parts: string[] = [];
	if (work.changes.length > 0) parts.push(`${plural(work.changes.length, 'uncommitted change')} (${describeStatus(work.changes)})`);
	if (work.ignored.length > 0) parts.push(`${plural(work.ignored.length, 'git-ignored file')} that would be deleted (${describeStatus(work.ignored)})`);
	for (const {ref, commits} of work.unlanded) {
		parts.push(`${plural(commits.length, 'commit')} on ${ref} not on ${work.target} (${describeCommits(commits)})`);
	}
	return parts.join(' and ');
}

/** Throws ERR_WORKTREE_UNSAFE listing what `action` would lose, if anything. */
export async function assertNothingUnsaved(
	git: Git,
	options: {dir?: string; refs: ReadonlyArray<string | undefined>; action: string; agent: string},
): Promise<void> {
	const work = await findUnsavedWork(git, options);
	const description = describeUnsavedWork(work);
	if (description === '') return;
	throw new TuttiError('ERR_WORKTREE_UNSAFE', `refusing to ${options.action}: it holds ${description}`, {
		hint: `land the work with \`tt land ${options.agent}\` or look at it with \`tt diff ${options.agent}\`; add --force to discard it`,
		details: {changes: work.changes, ignored: work.ignored, unlanded: work.unlanded, target: work.target},
	});
}
