import {existsSync, readdirSync, statSync} from 'node:fs';
import path from 'node:path';
import {TuttiError} from '../errors.js';
import {writeFileAtomic} from '../fs-atomic.js';
import type {Runner} from '../process/runner.js';
import {diffSection, existingWorktree, untrackedSection, type DiffSection} from './diff.js';
import {Git} from './git.js';
import {unlandedCommits} from './unsaved.js';
import {worktreePath} from './worktree.js';

/** Options of {@link buildReviewPacket}. */
export type ReviewPacketOptions = {
	root: string;
	agent: string;
	branch: string;
	/** Clock for the timestamp in the file name and header. @default new Date() */
	now?: Date;
	runner?: Runner;
};

/** Where the packet was written; `empty` (and no file) when the agent changed nothing. */
export type ReviewPacket = {empty: true; path: undefined} | {empty: false; path: string};

/** Each diff in a packet is cut here so a reviewer's context is not flooded (reference §5.5). */
export const reviewDiffLimit = 120_000;

/** `<root>/.tutti/state/reviews`. */
export function reviewsDir(root: string): string {
	return path.join(root, '.tutti', 'state', 'reviews');
}

/**
 * `tt review <agent>` (reference §5.5): writes `.tutti/state/reviews/<agent>-review-<YYYYmmdd-HHMMSS>.md`
 * (local time) with the committed changes (`merge-base..branch`) and the worktree's uncommitted ones,
 * new untracked files included. Writes nothing when there is nothing to review.
 */
export async function buildReviewPacket(options: ReviewPacketOptions): Promise<ReviewPacket> {
	const {root, agent, branch} = options;
	const now = options.now ?? new Date();
	const git = new Git(root, options.runner);
	const dir = worktreePath(root, agent);
	if (!(await git.branchExists(branch))) {
		throw new TuttiError('ERR_GIT', `branch ${branch} does not exist, so there is nothing to review`, {
			hint: `start the agent with \`tt up ${agent}\`, which creates it`,
			remedy: {action: 'start', agent},
		});
	}
	const base = (await git.mergeBase('HEAD', branch)) ?? (await git.revParse('HEAD'));
	// Work already landed (cherry-picked: same patch, other hash) is not sent for review again.
	const pending = await unlandedCommits(git, 'HEAD', branch);
	const oldestPending = pending[0];
	const from = oldestPending ? ((await git.tryRevParse(`${oldestPending.hash}^`)) ?? base) : undefined;
	const committed = from === undefined ? {diff: '', stat: '', files: [], insertions: 0, deletions: 0} : await diffSection(git, {revs: [from, branch], stat: true});
	const hasWorktree = (await existingWorktree(git, root, agent)) !== undefined;
	const wip = hasWorktree ? await worktreeChanges(git.at(dir)) : undefined;
	if (committed.diff === '' && (wip === undefined || wip.diff === '')) return {empty: true, path: undefined};

	const file = path.join(reviewsDir(root), `${agent}-review-${fileStamp(now)}.md`);
	const text = [
		`# Review packet: ${agent}`,
		'',
		`- Generated: ${now.toISOString()}`,
		`- Branch: ${branch}`,
		`- Merge base: ${base}`,
		`- Worktree: ${hasWorktree ? dir : '(none)'}`,
		'',
		'## Committed Diff Stat',
		'',
		block(committed.stat ?? '', 'text'),
		'## Worktree WIP Diff Stat',
		'',
		block(wip?.stat ?? '', 'text'),
		'## Committed Diff',
		'',
		block(truncate(committed.diff), 'diff'),
		'## Worktree WIP Diff',
		'',
		block(truncate(wip?.diff ?? ''), 'diff'),
	].join('\n');
	writeFileAtomic(file, text);
	return {empty: false, path: file};
}

/** The single-line prompt sent to the reviewer agent. */
export function reviewPrompt(packetPath: string): string {
	const where = packetPath.replace(/[\r\n]+/g, ' ');
	return `Read the review packet at ${where} and review those changes: reply with prioritized findings (bugs, regressions, missing tests), each with file and line references.`;
}

/**
 * Resume guard (reference §8.9): the newest review packet of `agent` modified after `since`, if
 * any — a review step planned at `since` that produced it must not run again.
 */
export function findReviewPacket(root: string, agent: string, since: Date): string | undefined {
	const dir = reviewsDir(root);
	if (!existsSync(dir)) return undefined;
	let newest: {file: string; mtime: number} | undefined;
	for (const name of readdirSync(dir)) {
		if (!name.startsWith(`${agent}-review-`) || !name.endsWith('.md')) continue;
		const file = path.join(dir, name);
		const mtime = statSync(file).mtimeMs;
		if (mtime > since.getTime() && (!newest || mtime > newest.mtime)) newest = {file, mtime};
	}
	return newest?.file;
}

async function worktreeChanges(worktree: Git): Promise<DiffSection> {
	const tracked = await diffSection(worktree, {revs: ['HEAD'], stat: true});
	const untracked = await untrackedSection(worktree, await worktree.statusPorcelain(), false);
	return {
		diff: tracked.diff + untracked.diff,
		stat: (tracked.stat ?? '') + (untracked.stat ?? ''),
		files: [...tracked.files, ...untracked.files],
		insertions: tracked.insertions + untracked.insertions,
		deletions: tracked.deletions + untracked.deletions,
	};
}

function truncate(diff: string): string {
	if (diff.length <= reviewDiffLimit) return diff;
	return `${diff.slice(0, reviewDiffLimit)}\n[… truncated by tutti: ${diff.length - reviewDiffLimit} more characters not shown …]\n`;
}

/** A fenced block whose fence is longer than any backtick run inside, so diffs of Markdown stay intact. */
function block(content: string, language: string): string {
	if (content.trim() === '') return '(none)\n';
	const longest = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
	const fence = '`'.repeat(Math.max(3, longest + 1));
	return `${fence}${language}\n${content.endsWith('\n') ? content : `${content}\n`}${fence}\n`;
}

function fileStamp(date: Date): string {
	const pad = (value: number) => String(value).padStart(2, '0');
	const day = `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}`;
	return `${day}-${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`;
}
