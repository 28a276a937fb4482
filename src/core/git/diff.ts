import {existsSync, statSync} from 'node:fs';
import path from 'node:path';
import {TuttiError} from '../errors.js';
import type {Runner} from '../process/runner.js';
import {Git} from './git.js';
import type {CommitInfo, FileStat, StatusEntry} from './parse.js';
import {unlandedCommits} from './unsaved.js';
import {findWorktree, worktreePath} from './worktree.js';

/** Options of {@link worktreeDiff} (the flags of `tt diff`). */
export type WorktreeDiffOptions = {
	root: string;
	agent: string;
	/** Configured branch, reported when the worktree is detached. */
	branch: string;
	/** Uncommitted part: only what is staged (`--cached`). @default false */
	staged?: boolean;
	/** Diffs hold file names only. @default false */
	nameOnly?: boolean;
	/** Also compute `git diff --stat` text. @default false */
	stat?: boolean;
	runner?: Runner;
};

/** One comparison: patch text (or names), optional stat text and per-file counts. */
export type DiffSection = {
	diff: string;
	stat?: string;
	files: FileStat[];
	insertions: number;
	deletions: number;
};

/** Structured `tt diff`: the worktree's commits, its status, and its changes in two sections. */
export type WorktreeDiff = {
	/** The worktree's folder (where it was, when `from` is `branch`). */
	worktree: string;
	/**
	 * `worktree`: read from the agent's worktree. `branch`: the worktree is gone (`tt down --clean`,
	 * or deleted by hand) but its branch is still there — its commits are shown, and nothing is
	 * uncommitted because there is no working tree.
	 */
	from: 'worktree' | 'branch';
	branch: string;
	/** Merge base of the worktree's HEAD and the project HEAD; undefined for unrelated histories. */
	base: string | undefined;
	/** Commits in the worktree that the project HEAD lacks (`git log <project HEAD>..<branch>`), newest first. */
	commits: CommitInfo[];
	status: StatusEntry[];
	/** What `tt land` would cherry-pick: from the oldest commit not landed yet to HEAD (empty once all are landed). */
	committed: DiffSection;
	/** Working tree (staged and unstaged; only the index with `staged`) against the worktree's HEAD, new untracked files included. */
	uncommitted: DiffSection;
	/** Everything still to land together: where `committed` starts against the working tree (or index), as files stand now. */
	diff: string;
	stat?: string;
	files: FileStat[];
	insertions: number;
	deletions: number;
};

/** Untracked files are shown as new-file patches up to this many; the status list still names them all. */
const untrackedLimit = 200;
/** Larger untracked files are counted but their content is left out of the patch. */
const untrackedPatchBytes = 512 * 1024;

/** Computes `tt diff <agent>`; ERR_WORKTREE_MISSING when the agent has no worktree. */
export async function worktreeDiff(options: WorktreeDiffOptions): Promise<WorktreeDiff> {
	if (options.nameOnly && options.stat) {
		throw new TuttiError('ERR_USAGE', '--name-only and --stat cannot be combined', {hint: 'pick one of them'});
	}
	const root = new Git(options.root, options.runner);
	const dir = worktreePath(options.root, options.agent);
	if (!(await hasWorktree(root, dir))) {
		const tip = await root.tryRevParse(`refs/heads/${options.branch}`);
		if (tip === undefined) await requireWorktree(root, options.root, options.agent);
		return branchDiff(root, dir, options, tip!);
	}
	const worktree = root.at(dir);
	const head = await worktree.revParse('HEAD');
	const projectHead = await root.tryRevParse('HEAD');
	const base = projectHead ? await root.mergeBase(projectHead, head) : undefined;
	const status = await worktree.statusPorcelain();
	const format = {nameOnly: options.nameOnly, stat: options.stat};
	const untracked = options.staged ? emptySection(false) : await untrackedSection(worktree, status, options.nameOnly ?? false);
	const commits = await toLand(root, head);
	const from = base ? await landingBase(root, base, head, commits) : undefined;
	const committed = from ? await diffSection(worktree, {...format, revs: [from, head]}) : emptySection(options.stat);
	// Against HEAD, not the index: staged work is uncommitted too (plain `git diff` would hide it).
	const uncommitted = merge(await diffSection(worktree, {...format, staged: options.staged, revs: options.staged ? [] : ['HEAD']}), untracked);
	const total = from ? merge(await diffSection(worktree, {...format, staged: options.staged, revs: [from]}), untracked) : uncommitted;
	return {
		worktree: dir,
		from: 'worktree',
		branch: (await worktree.currentBranch()) ?? options.branch,
		base,
		commits,
		status,
		committed,
		uncommitted,
		...total,
	};
}

/** A removed worktree's branch: its commits not yet landed, and their changes since the merge base. */
async function branchDiff(root: Git, dir: string, options: WorktreeDiffOptions, tip: string): Promise<WorktreeDiff> {
	const projectHead = await root.tryRevParse('HEAD');
	const base = projectHead ? await root.mergeBase(projectHead, tip) : undefined;
	const commits = await toLand(root, tip);
	const from = base ? await landingBase(root, base, tip, commits) : undefined;
	const committed = from ? await diffSection(root, {nameOnly: options.nameOnly, stat: options.stat, revs: [from, tip]}) : emptySection(options.stat);
	return {worktree: dir, from: 'branch', branch: options.branch, base, commits, status: [], committed, uncommitted: emptySection(options.stat), ...committed};
}

/**
 * Where the changes still to land start: the parent of the oldest commit not landed yet, or the
 * tip itself once every commit is landed — a cherry-picked commit keeps the merge base where it
 * was, and comparing from there would show landed work as a change still to come. A landed commit
 * between two unlanded ones stays in the comparison (git cannot subtract it from a range).
 */
async function landingBase(git: Git, base: string, tip: string, toLand: readonly CommitInfo[]): Promise<string> {
	const oldest = toLand.at(-1);
	if (oldest === undefined) return tip;
	return (await git.tryRevParse(`${oldest.hash}^`)) ?? base;
}

/**
 * What is still to land, by patch identity: a commit cherry-picked onto the project's branch has
 * another hash there but is landed (newest first, as `git log` shows them).
 */
async function toLand(root: Git, head: string): Promise<CommitInfo[]> {
	const projectHead = await root.tryRevParse('HEAD');
	return projectHead ? (await unlandedCommits(root, projectHead, head)).reverse() : await root.log(head);
}

async function hasWorktree(git: Git, dir: string): Promise<boolean> {
	const entry = existsSync(dir) ? await findWorktree(git, dir) : undefined;
	return entry !== undefined && !entry.prunable;
}

/** The agent's registered worktree directory, or undefined when it has none (never made, or removed). */
export async function existingWorktree(git: Git, root: string, agent: string): Promise<string | undefined> {
	const dir = worktreePath(root, agent);
	return (await hasWorktree(git, dir)) ? dir : undefined;
}

/** The agent's registered worktree directory, or ERR_WORKTREE_MISSING with a hint to create it. */
export async function requireWorktree(git: Git, root: string, agent: string): Promise<string> {
	const dir = worktreePath(root, agent);
	if (!(await hasWorktree(git, dir))) {
		throw new TuttiError('ERR_WORKTREE_MISSING', `agent ${agent} has no worktree at ${dir}`, {
			hint: `start the agent with \`tt up ${agent}\` (it creates the worktree)`,
			remedy: {action: 'start', agent},
			details: {path: dir},
		});
	}
	return dir;
}

/** Runs one comparison in `git`'s directory. */
export async function diffSection(
	git: Git,
	options: {staged?: boolean; nameOnly?: boolean; stat?: boolean; revs?: readonly string[]},
): Promise<DiffSection> {
	const compare = {staged: options.staged, revs: options.revs};
	const files = await git.numstat(compare);
	const section: DiffSection = {diff: await git.diff({...compare, nameOnly: options.nameOnly}), files, ...totals(files)};
	if (options.stat) section.stat = await git.diff({...compare, stat: true});
	return section;
}

/** New-file patches and counts for the untracked files in `status`. */
export async function untrackedSection(git: Git, status: readonly StatusEntry[], nameOnly: boolean): Promise<DiffSection> {
	const patches: string[] = [];
	const files: FileStat[] = [];
	for (const entry of status.filter((item) => item.code === '??').slice(0, untrackedLimit)) {
		const absolute = path.join(git.cwd, entry.path);
		const size = statSync(absolute, {throwIfNoEntry: false})?.size ?? 0;
		files.push(...parseNewFileNumstat(await git.diffNewFile(entry.path, 'numstat'), entry.path));
		if (nameOnly) patches.push(`${entry.path}\n`);
		else if (size > untrackedPatchBytes) patches.push(`new file ${entry.path} (${size} bytes, content not shown)\n`);
		else patches.push(await git.diffNewFile(entry.path, 'patch'));
	}
	// `--stat` cannot see untracked files; list them in the same shape so the summary is complete.
	const stat = files.map((file) => ` ${file.path} | ${file.binary ? 'Bin' : `${file.insertions} +`} (untracked)\n`).join('');
	return {diff: patches.join(''), stat, files, ...totals(files)};
}

function parseNewFileNumstat(output: string, file: string): FileStat[] {
	// `--no-index` against /dev/null reports a rename from /dev/null; the counts are what matter.
	const match = /^(\d+|-)\t(\d+|-)\t/.exec(output);
	if (!match) return [];
	const binary = match[1] === '-';
	return [{path: file, insertions: binary ? 0 : Number(match[1]), deletions: binary ? 0 : Number(match[2]), ...(binary ? {binary: true} : {})}];
}

function merge(section: DiffSection, extra: DiffSection): DiffSection {
	if (extra.files.length === 0) return section;
	const files = [...section.files, ...extra.files];
	const stat = section.stat === undefined ? {} : {stat: section.stat + (extra.stat ?? '')};
	return {...section, diff: section.diff + extra.diff, ...stat, files, ...totals(files)};
}

function emptySection(withStat: boolean | undefined): DiffSection {
	return {diff: '', ...(withStat ? {stat: ''} : {}), files: [], insertions: 0, deletions: 0};
}

function totals(files: readonly FileStat[]): {insertions: number; deletions: number} {
	let insertions = 0;
	let deletions = 0;
	for (const file of files) {
		insertions += file.insertions;
		deletions += file.deletions;
	}
	return {insertions, deletions};
}
