import {existsSync, mkdirSync, readdirSync, rmSync} from 'node:fs';
import path from 'node:path';
import type {Runner} from '../process/runner.js';
import {Git} from './git.js';
import {commitsToLand, type LandedCommit} from './land.js';
import type {CommitInfo} from './parse.js';

/**
 * An agent's branch replayed on the latest target in a throw-away worktree, never in the agent's
 * own: its worktree and branch stay exactly as they were, whatever happens here.
 */
export type ScratchReplay =
	| {kind: 'nothing'; skipped: CommitInfo[]; warnings: string[]}
	| {kind: 'conflict'; commit: CommitInfo; files: string[]; skipped: CommitInfo[]; warnings: string[]}
	| {kind: 'replayed'; dir: string; head: string; picked: LandedCommit[]; skipped: CommitInfo[]; warnings: string[]};

export type ScratchOptions = {root: string; branch: string; targetTip: string; runner?: Runner | undefined};

/** `<root>/.tutti/state/land-queue`: scratch worktrees live inside `.tutti/`, which git ignores for tutti. */
export function scratchParent(root: string): string {
	return path.join(root, '.tutti', 'state', 'land-queue');
}

/**
 * Cherry-picks every commit of `branch` the target lacks, oldest first, onto `targetTip` in a
 * detached scratch worktree. A conflict is aborted and the scratch removed at once; a replayed
 * branch leaves its scratch for verification — the caller removes it with {@link dropScratch}.
 */
export async function replayOnScratch(options: ScratchOptions): Promise<ScratchReplay> {
	const git = new Git(options.root, options.runner);
	const warnings: string[] = [];
	const mergeBase = (await git.mergeBase(options.targetTip, options.branch)) ?? options.targetTip;
	const {pending, skipped} = await commitsToLand(git, mergeBase, options.branch, warnings);
	if (pending.length === 0) return {kind: 'nothing', skipped, warnings};
	const merges = await git.revList(`${mergeBase}..${options.branch}`, {mergesOnly: true});

	mkdirSync(scratchParent(options.root), {recursive: true});
	const dir = path.join(scratchParent(options.root), `${options.branch.replace(/[^A-Za-z0-9._-]/g, '_')}-${process.pid}-${Date.now().toString(36)}`);
	await git.run(['worktree', 'add', '--detach', dir, options.targetTip]);
	const scratch = git.at(dir);
	// An agent that merged the target into its branch resolved its conflicts in that merge: its
	// commits, replayed one by one, would conflict again. Such a branch lands as one merge.
	if (merges.length > 0) return mergeOnScratch(scratch, {...options, dir, pending, skipped, warnings: warnings.filter((warning) => !warning.includes('merge commit'))});
	const picked: LandedCommit[] = [];
	try {
		for (const commit of pending) {
			const result = await scratch.cherryPick(commit.hash);
			if (result.exitCode === 0) {
				picked.push({hash: await scratch.revParse('HEAD'), source: commit.hash, subject: commit.subject});
				continue;
			}
			const files = await scratch.unmergedFiles();
			if (files.length === 0 && (await scratch.cherryPickInProgress()) && /empty/i.test(`${result.stderr}${result.stdout}`)) {
				// The target has this change in another shape already.
				await scratch.cherryPickSkip();
				skipped.push(commit);
				continue;
			}
			if (await scratch.cherryPickInProgress()) await scratch.cherryPickAbort();
			await dropScratch(options.root, dir, options.runner);
			const reason = files.length > 0 ? files : [result.stderr.trim().split('\n').slice(-1)[0] ?? 'cherry-pick failed'];
			return {kind: 'conflict', commit, files: reason, skipped, warnings};
		}
	} catch (error) {
		await dropScratch(options.root, dir, options.runner);
		throw error;
	}
	if (picked.length === 0) {
		await dropScratch(options.root, dir, options.runner);
		return {kind: 'nothing', skipped, warnings};
	}
	return {kind: 'replayed', dir, head: await scratch.revParse('HEAD'), picked, skipped, warnings};
}

/** Removes a scratch worktree and its registration; it holds nothing anyone wrote by hand. */
export async function dropScratch(root: string, dir: string, runner?: Runner): Promise<void> {
	const git = new Git(root, runner);
	await git.run(['worktree', 'remove', '--force', dir], {allowExit: 'any'});
	rmSync(dir, {recursive: true, force: true});
	await git.worktreePrune();
}

type MergeContext = ScratchOptions & {dir: string; pending: CommitInfo[]; skipped: CommitInfo[]; warnings: string[]};

async function mergeOnScratch(scratch: Git, context: MergeContext): Promise<ScratchReplay> {
	const {pending, skipped, warnings} = context;
	try {
		const result = await scratch.run(['merge', '--no-ff', '--no-edit', '-m', `tutti: land ${context.branch}`, context.branch], {allowExit: 'any'});
		if (result.exitCode !== 0) {
			const files = await scratch.unmergedFiles();
			await scratch.run(['merge', '--abort'], {allowExit: 'any'});
			await dropScratch(context.root, context.dir, context.runner);
			const commit = pending[pending.length - 1]!;
			return {kind: 'conflict', commit, files: files.length > 0 ? files : [result.stderr.trim().split('\n').slice(-1)[0] ?? 'merge failed'], skipped, warnings};
		}
	} catch (error) {
		await dropScratch(context.root, context.dir, context.runner);
		throw error;
	}
	const head = await scratch.revParse('HEAD');
	const picked = pending.map((commit) => ({hash: commit.hash, source: commit.hash, subject: commit.subject}));
	return {kind: 'replayed', dir: context.dir, head, picked, skipped, warnings};
}

/**
 * Removes scratch worktrees a killed tutti left behind. Call it holding the `land` lease: every
 * landing drops its scratch before it lets go, so any scratch found then is nobody's.
 */
export async function sweepScratch(root: string, runner?: Runner): Promise<void> {
	const parent = scratchParent(root);
	if (!existsSync(parent)) return;
	for (const entry of readdirSync(parent)) await dropScratch(root, path.join(parent, entry), runner);
}
