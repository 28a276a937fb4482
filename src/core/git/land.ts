import {existsSync} from 'node:fs';
import {TuttiError} from '../errors.js';
import type {Runner} from '../process/runner.js';
import {existingWorktree, requireWorktree} from './diff.js';
import {Git} from './git.js';
import {checkMergeGate, isMergeGateEnabled, type MergeGateResult} from './merge-gate.js';
import {openPullRequest} from './pull-request.js';
import {describeStatus, plural, type CommitInfo} from './parse.js';
import {ensureTuttiExcluded, findWorktree, worktreePath} from './worktree.js';

/** Options of {@link land}. */
export type LandOptions = {
	root: string;
	agent: string;
	branch: string;
	/** Land although the project root has tracked changes: they are stashed and restored. @default false */
	force?: boolean;
	/** Push the branch and open a pull request instead of cherry-picking locally. @default false */
	pr?: boolean;
	/**
	 * Commit the worktree's uncommitted changes as a checkpoint and land them too (the reference's
	 * behaviour, kept for workflow land steps). Without it they stay in the worktree, with a warning.
	 * @default false
	 */
	includeUncommitted?: boolean;
	/** Run the merge gate. @default TT_ENFORCE_MERGE_GATE from `env` (workflow land steps pass true) */
	mergeGate?: boolean;
	/** Environment for the merge-gate switch and the PATH lookup of `gh`. @default process.env */
	env?: Readonly<Record<string, string | undefined>>;
	runner?: Runner;
};

/** A commit cherry-picked onto the project branch: its new hash and the worktree commit it came from. */
export type LandedCommit = {hash: string; source: string; subject: string};

export type LandResult = {
	agent: string;
	branch: string;
	/** The project root's branch the commits went onto (the PR's base with `pr`). */
	target: string;
	landed: LandedCommit[];
	/** Commits whose change the target already had (landed before, perhaps under another hash). */
	skipped: CommitInfo[];
	/** Hash of the checkpoint commit made from the worktree's uncommitted changes, if any. */
	checkpoint?: string;
	stashed: boolean;
	/** One line for humans: what happened. */
	message: string;
	warnings: string[];
	pr?: {url: string | undefined; output: string};
	gate?: MergeGateResult;
};

/** Message of the stash `--force` makes, so users can find it in `git stash list`. */
export const forceLandStashMessage = 'tutti: force-land preflight stash';

/**
 * `tt land <agent>` (reference §5.3): with `includeUncommitted`, commits the worktree's uncommitted
 * changes as a checkpoint first (otherwise they stay where they are, with a warning); then cherry-picks, oldest first and keeping authorship, every commit of `branch` whose patch the
 * project root's current branch lacks; or with `pr`, pushes the branch and opens a pull request.
 * A conflict stops with ERR_LAND_CONFLICT and leaves the cherry-pick for the user to finish.
 */
export async function land(options: LandOptions): Promise<LandResult> {
	const {root, agent, branch} = options;
	const env = options.env ?? process.env;
	const git = new Git(root, options.runner);
	// A worktree removed by `tt down --clean --force` leaves its branch: that can still land.
	const dir = (await existingWorktree(git, root, agent)) ?? (await git.branchExists(branch) ? undefined : await requireWorktree(git, root, agent));
	// A stash with --include-untracked must never sweep up .tutti/ (state and every agent's worktree).
	await ensureTuttiExcluded(git);
	const target = await git.currentBranch();
	if (!target) {
		throw new TuttiError('ERR_GIT', `the project root ${root} is on a detached HEAD, so there is no branch to land ${branch} onto`, {
			hint: 'check out the branch to land onto first, e.g. `git switch main`',
		});
	}
	if (await git.cherryPickInProgress()) {
		throw new TuttiError('ERR_LAND_CONFLICT', `a cherry-pick is already in progress in ${root}`, {
			hint: 'finish it with `git cherry-pick --continue` or drop it with `git cherry-pick --abort`, then land again',
		});
	}
	// A PR leaves the root's files alone, so only a local land needs a clean root.
	const dirty = options.pr ? [] : await git.trackedChanges();
	if (dirty.length > 0 && !options.force) {
		throw new TuttiError('ERR_LAND_DIRTY', `the project root has ${plural(dirty.length, 'uncommitted change')} to tracked files (${describeStatus(dirty)})`, {
			hint: `commit or stash them first, or run \`tt land ${agent} --force\`, which stashes them and restores them afterwards`,
			details: {files: dirty},
		});
	}
	if (!(await git.branchExists(branch))) {
		throw new TuttiError('ERR_GIT', `branch ${branch} does not exist`, {hint: `start the agent with \`tt up ${agent}\`, which creates it`, remedy: {action: 'start', agent}});
	}
	const warnings: string[] = [];
	const checkpoint = dir === undefined ? undefined : options.includeUncommitted ? await checkpointWorktree(git.at(dir), agent, branch, warnings) : await leaveUncommitted(git.at(dir), agent, warnings);
	const base = {agent, branch, target, ...(checkpoint ? {checkpoint} : {}), warnings};
	const gateOn = options.mergeGate ?? isMergeGateEnabled(env);
	const gateOptions = {root, branch, agent, runner: options.runner, env};

	if (options.pr) {
		const opened = await openPullRequest({root, agent, branch, target, runner: options.runner, env});
		const gate = gateOn ? await checkMergeGate(gateOptions) : undefined;
		const pr = {url: opened.url, output: opened.output};
		return {...base, landed: [], skipped: [], stashed: false, message: opened.created ? `opened a pull request for ${branch}${opened.url ? `: ${opened.url}` : ''}` : opened.output, pr, ...(gate ? {gate} : {})};
	}

	const gate = gateOn ? await checkMergeGate(gateOptions) : undefined;
	const mergeBase = await git.mergeBase('HEAD', branch);
	if (!mergeBase) {
		throw new TuttiError('ERR_GIT', `${branch} and ${target} share no history`, {hint: `recreate the worktree with \`tt up ${agent} --fresh-worktree\``});
	}
	const {pending, skipped} = await commitsToLand(git, mergeBase, branch, warnings);
	const extra = gate ? {gate} : {};
	if (pending.length === 0) {
		const already = skipped.length > 0 ? `: ${plural(skipped.length, 'commit')} already on ${target}` : '';
		return {...base, landed: [], skipped, stashed: false, message: `nothing to land${already}`, ...extra};
	}

	const stash = dirty.length > 0 ? await git.stashPush(forceLandStashMessage, {includeUntracked: true}) : undefined;
	const landed = await cherryPickAll(git, pending, {agent, root, target, stash, skipped});
	if (stash) await restoreStash(git, warnings);
	const message = `landed ${plural(landed.length, 'commit')} from ${branch} onto ${target}`;
	return {...base, landed, skipped, stashed: stash !== undefined, message, ...extra};
}

/**
 * The ordinary commits of `branch` since `mergeBase`, oldest first, split into those whose patch
 * the current branch lacks (`pending`) and those it already has (`skipped`); merge commits are
 * never cherry-picked, which `warnings` says.
 */
export async function commitsToLand(git: Git, mergeBase: string, branch: string, warnings: string[]): Promise<{pending: CommitInfo[]; skipped: CommitInfo[]}> {
	const merges = await git.revList(`${mergeBase}..${branch}`, {mergesOnly: true});
	if (merges.length > 0) warnings.push(`${plural(merges.length, 'merge commit')} on ${branch} not landed: only ordinary commits are cherry-picked`);
	const commits = await git.log(`${mergeBase}..${branch}`, {reverse: true, noMerges: true});
	const upstream = new Set((await git.cherry('HEAD', branch)).filter((entry) => entry.sign === '-').map((entry) => entry.hash));
	return {skipped: commits.filter((commit) => upstream.has(commit.hash)), pending: commits.filter((commit) => !upstream.has(commit.hash))};
}

/**
 * Resume guard (reference §8.9): true when every patch on `branch` is already on the project
 * root's current branch and the agent's worktree (if any) has nothing uncommitted, so replaying
 * a land step would do nothing.
 */
export async function isLanded(options: {root: string; branch: string; agent?: string; runner?: Runner}): Promise<boolean> {
	const git = new Git(options.root, options.runner);
	if (!(await git.branchExists(options.branch)) || (await git.cherryPickInProgress())) return false;
	if ((await git.cherry('HEAD', options.branch)).some((entry) => entry.sign === '+')) return false;
	if (options.agent === undefined) return true;
	const dir = worktreePath(options.root, options.agent);
	if (!existsSync(dir) || !(await findWorktree(git, dir))) return true;
	return !(await git.at(dir).isDirty());
}

/** Says what stays behind when uncommitted work is not landed. */
export async function leaveUncommitted(worktree: Git, agent: string, warnings: string[]): Promise<undefined> {
	const changes = await worktree.statusPorcelain();
	if (changes.length > 0) {
		warnings.push(`${plural(changes.length, 'uncommitted change')} in ${agent}'s worktree ${changes.length === 1 ? 'was' : 'were'} not landed (${describeStatus(changes)}); \`tt land ${agent} --include-uncommitted\` commits them as a checkpoint and lands them too`);
	}
	return undefined;
}

async function checkpointWorktree(worktree: Git, agent: string, branch: string, warnings: string[]): Promise<string | undefined> {
	if (!(await worktree.isDirty())) return undefined;
	const current = await worktree.currentBranch();
	if (current !== branch) {
		// Committing there would put the checkpoint on another branch than the one being landed.
		warnings.push(`worktree ${worktree.cwd} is on ${current ?? 'a detached HEAD'}, not ${branch}; its uncommitted changes were not landed`);
		return undefined;
	}
	await worktree.addAll();
	return worktree.commit(`tutti: checkpoint ${agent} before land`);
}

type PickContext = {agent: string; root: string; target: string; stash: string | undefined; skipped: CommitInfo[]};

async function cherryPickAll(git: Git, pending: readonly CommitInfo[], context: PickContext): Promise<LandedCommit[]> {
	const landed: LandedCommit[] = [];
	for (const [index, commit] of pending.entries()) {
		const result = await git.cherryPick(commit.hash);
		if (result.exitCode === 0) {
			landed.push({hash: await git.revParse('HEAD'), source: commit.hash, subject: commit.subject});
			continue;
		}
		const files = await git.unmergedFiles();
		const remaining = pending.slice(index + 1);
		if (files.length > 0) throw conflictError(commit, files, landed, remaining, context);
		if ((await git.cherryPickInProgress()) && /empty/i.test(`${result.stderr}${result.stdout}`)) {
			// The change is already present in another shape (git cherry could not match the patch).
			await git.cherryPickSkip();
			context.skipped.push(commit);
			continue;
		}
		const warnings: string[] = [];
		if (context.stash && !(await git.cherryPickInProgress())) await restoreStash(git, warnings);
		const reason = result.stderr.trim().split('\n').slice(-3).join(' / ');
		throw new TuttiError('ERR_GIT', `cherry-picking ${commit.short} "${commit.subject}" onto ${context.target} failed: ${reason}`, {
			hint: `fix what git reports in ${context.root} and run \`tt land ${context.agent}\` again${warnings.length > 0 ? `; ${warnings.join('; ')}` : ''}`,
			details: {commit, landed, remaining},
		});
	}
	return landed;
}

function conflictError(commit: CommitInfo, files: string[], landed: LandedCommit[], remaining: CommitInfo[], context: PickContext): TuttiError {
	const before = landed.length > 0 ? ` (${plural(landed.length, 'commit')} landed before it)` : '';
	const stashNote = context.stash
		? `. Your own changes stay in the stash "${forceLandStashMessage}" (${context.stash.slice(0, 7)}): restore them with \`git stash pop --index\` once the cherry-pick is finished`
		: '';
	const rest = remaining.length > 0 ? ` (then \`tt land ${context.agent}\` again for the ${plural(remaining.length, 'remaining commit')})` : '';
	return new TuttiError(
		'ERR_LAND_CONFLICT',
		`cherry-picking ${commit.short} "${commit.subject}" onto ${context.target} conflicted in ${files.join(', ')}${before}`,
		{
			hint: `resolve the conflicts in ${context.root}, then \`git cherry-pick --continue\`${rest}, or \`git cherry-pick --abort\`${stashNote}`,
			details: {commit, files, landed, remaining, stash: context.stash, stashMessage: context.stash ? forceLandStashMessage : undefined},
		},
	);
}

async function restoreStash(git: Git, warnings: string[]): Promise<void> {
	try {
		await git.stashPop({index: true});
	} catch (error) {
		// git keeps the stash when it cannot apply it, so nothing is lost; say where it is.
		const reason = error instanceof Error ? error.message : String(error);
		warnings.push(`your stashed changes could not be restored automatically (${reason}); they are kept as "${forceLandStashMessage}" in \`git stash list\`: run \`git stash pop --index\``);
	}
}
