import path from 'node:path';
import {defaultRunner, type RunResult, type Runner} from '../process/runner.js';
import {gitError} from './git-error.js';
import {
	parseCherry,
	parseLog,
	parseNumstatZ,
	parseStatusZ,
	parseWorktreeList,
	type CherryEntry,
	type CommitInfo,
	type FileStat,
	type StatusEntry,
	type WorktreeEntry,
} from './parse.js';

/** Leading argv of every git call: raw UTF-8 paths and no colour, whatever the user's config says. */
export const gitBaseArgs: readonly string[] = ['-c', 'core.quotepath=false', '-c', 'color.ui=false'];

/**
 * Environment of every git call. C-locale messages so stderr can be matched; no credential prompt
 * or editor that would hang under the TUI; and no `GIT_DIR`/`GIT_WORK_TREE` inherited from a git
 * hook, which would silently point every command at another repository.
 */
export const gitEnv: Readonly<Record<string, string | undefined>> = {
	LC_ALL: 'C',
	GIT_TERMINAL_PROMPT: '0',
	GIT_EDITOR: 'true',
	GIT_DIR: undefined,
	GIT_WORK_TREE: undefined,
	GIT_INDEX_FILE: undefined,
};

export type GitRunOptions = {
	/** Exit codes that are answers rather than failures (e.g. 1 for `diff --quiet`), or 'any'. */
	allowExit?: readonly number[] | 'any';
	input?: string;
	timeoutMs?: number;
	hint?: string;
	/** Extra environment for this one call (e.g. fixed dates for a throw-away commit). */
	env?: Readonly<Record<string, string>>;
};

/** Options of {@link Git.diff}. */
export type DiffArgs = {
	/** Compare the index with HEAD (`--cached`). @default false */
	staged?: boolean;
	nameOnly?: boolean;
	stat?: boolean;
	/** Revisions: none (worktree vs index), one (worktree vs rev) or two (`a b`). */
	revs?: readonly string[];
	paths?: readonly string[];
};

/** How {@link Git.worktreeAdd} picks the branch. */
export type WorktreeAddArgs =
	| {mode: 'checkout'; branch: string}
	| {mode: 'create'; branch: string; from: string}
	| {mode: 'reset'; branch: string; from: string};

const networkTimeoutMs = 5 * 60_000;

/** Named git commands run in one directory through a {@link Runner}; every call is an argv array. */
export class Git {
	constructor(
		readonly cwd: string,
		private readonly runner: Runner = defaultRunner,
	) {}

	/** The same runner in another directory (a worktree, say). */
	at(cwd: string): Git {
		return new Git(cwd, this.runner);
	}

	/** Runs `git <args>`; throws ERR_GIT (or ERR_NOT_A_REPO) unless the exit code is allowed. */
	async run(args: readonly string[], options: GitRunOptions = {}): Promise<RunResult> {
		const result = await this.runner.run('git', [...gitBaseArgs, ...args], {
			cwd: this.cwd,
			env: {...gitEnv, ...options.env},
			input: options.input,
			timeoutMs: options.timeoutMs,
			reject: false,
		});
		const failed = result.exitCode !== 0 || result.timedOut || Boolean(result.signal);
		const allowed =
			!result.timedOut && !result.signal && (options.allowExit === 'any' || (options.allowExit?.includes(result.exitCode) ?? false));
		if (failed && !allowed) throw gitError(result, args, this.cwd, options.hint);
		return result;
	}

	/** stdout of `git <args>` without the trailing newline. */
	async output(args: readonly string[], options?: GitRunOptions): Promise<string> {
		return (await this.run(args, options)).stdout.replace(/\n$/, '');
	}

	/** `rev-parse <rev>` as a full hash. */
	async revParse(rev: string): Promise<string> {
		return this.output(['rev-parse', '--verify', `${rev}^{commit}`]);
	}

	/** The commit `rev` names, or undefined when it names nothing (an unborn HEAD, say). */
	async tryRevParse(rev: string): Promise<string | undefined> {
		const result = await this.run(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], {allowExit: [1, 128]});
		return result.exitCode === 0 ? result.stdout.trim() : undefined;
	}

	/** Absolute path of the working tree's top level; throws ERR_NOT_A_REPO outside a repository. */
	async topLevel(): Promise<string> {
		return this.output(['rev-parse', '--show-toplevel']);
	}

	/** Absolute path of the repository's common git dir (shared by all worktrees). */
	async commonDir(): Promise<string> {
		return path.resolve(this.cwd, await this.output(['rev-parse', '--git-common-dir']));
	}

	/** Path of `cwd` relative to the top level, with a trailing slash (`''` at the top). */
	async showPrefix(): Promise<string> {
		return this.output(['rev-parse', '--show-prefix']);
	}

	/** Short name of the checked-out branch; undefined on a detached HEAD. */
	async currentBranch(): Promise<string | undefined> {
		const result = await this.run(['symbolic-ref', '--quiet', '--short', 'HEAD'], {allowExit: [1]});
		return result.exitCode === 0 ? result.stdout.trim() : undefined;
	}

	/** Whether `name` is acceptable as a branch name. */
	async isValidBranchName(name: string): Promise<boolean> {
		return (await this.run(['check-ref-format', '--branch', name], {allowExit: [1, 128]})).exitCode === 0;
	}

	async branchExists(branch: string): Promise<boolean> {
		return (await this.run(['show-ref', '--verify', '--quiet', `refs/heads/${branch}`], {allowExit: [1]})).exitCode === 0;
	}

	/** `status --porcelain -z`; includes untracked files unless `untracked` is false. */
	async statusPorcelain(options: {untracked?: boolean} = {}): Promise<StatusEntry[]> {
		const untracked = options.untracked === false ? ['--untracked-files=no'] : ['--untracked-files=all'];
		return parseStatusZ(await this.output(['status', '--porcelain=v1', '-z', ...untracked, '--ignore-submodules=all']));
	}

	/**
	 * Git-ignored files and folders (`!!` entries; a folder that is ignored as a whole is one entry
	 * ending in `/`): removing a worktree deletes them too.
	 */
	async ignored(): Promise<StatusEntry[]> {
		const entries = parseStatusZ(await this.output(['status', '--porcelain=v1', '-z', '--ignored=matching', '--untracked-files=normal', '--ignore-submodules=all']));
		return entries.filter((entry) => entry.code === '!!');
	}

	/** Any change a user could lose: modified, staged or untracked (ignored files do not count). */
	async isDirty(): Promise<boolean> {
		return (await this.statusPorcelain()).length > 0;
	}

	/** Modified or staged tracked files (untracked ignored), as `tt land` requires of the project root. */
	async trackedChanges(): Promise<StatusEntry[]> {
		return this.statusPorcelain({untracked: false});
	}

	async hasTrackedChanges(): Promise<boolean> {
		return (await this.trackedChanges()).length > 0;
	}

	/** Best common ancestor, or undefined for unrelated histories. */
	async mergeBase(a: string, b: string): Promise<string | undefined> {
		const result = await this.run(['merge-base', a, b], {allowExit: [1]});
		return result.exitCode === 0 ? result.stdout.trim() : undefined;
	}

	/** Whether `ancestor` is reachable from `descendant`. */
	async isAncestor(ancestor: string, descendant: string): Promise<boolean> {
		return (await this.run(['merge-base', '--is-ancestor', ancestor, descendant], {allowExit: [1]})).exitCode === 0;
	}

	/** Full hashes in `range` (`a..b`), oldest first when `reverse`. */
	async revList(range: string, options: {reverse?: boolean; noMerges?: boolean; mergesOnly?: boolean} = {}): Promise<string[]> {
		const flags = [options.reverse ? '--reverse' : '', options.noMerges ? '--no-merges' : '', options.mergesOnly ? '--merges' : ''];
		const out = await this.output(['rev-list', ...flags.filter(Boolean), range, '--']);
		return out.split('\n').filter(Boolean);
	}

	/** `log --oneline <range>` as structured commits, newest first. */
	async log(range: string, options: {reverse?: boolean; noMerges?: boolean} = {}): Promise<CommitInfo[]> {
		const flags = [...(options.reverse ? ['--reverse'] : []), ...(options.noMerges ? ['--no-merges'] : [])];
		return parseLog(await this.output(['log', '--no-decorate', ...flags, '--format=%H%x00%h%x00%s', range, '--']));
	}

	/** `git cherry <upstream> <head>`: `-` entries already have an equivalent patch upstream. */
	async cherry(upstream: string, head: string): Promise<CherryEntry[]> {
		return parseCherry(await this.output(['cherry', upstream, head]));
	}

	/** Patch text (or names / stat) of `git diff`. */
	async diff(options: DiffArgs = {}): Promise<string> {
		return (await this.run(diffArgs(options, options.nameOnly ? ['--name-only'] : options.stat ? ['--stat'] : []))).stdout;
	}

	/** Per-file line counts of the same comparison as {@link diff}. */
	async numstat(options: Omit<DiffArgs, 'nameOnly' | 'stat'> = {}): Promise<FileStat[]> {
		return parseNumstatZ((await this.run(diffArgs(options, ['--numstat', '-z']))).stdout);
	}

	/** Diff of an untracked file against nothing (`diff --no-index /dev/null <file>`). */
	async diffNewFile(file: string, format: 'patch' | 'numstat'): Promise<string> {
		const flags = format === 'numstat' ? ['--numstat', '-z'] : [];
		return (await this.run(['diff', '--no-ext-diff', '--no-index', ...flags, '--', '/dev/null', file], {allowExit: [1]})).stdout;
	}

	/** Paths with unresolved merge conflicts. */
	async unmergedFiles(): Promise<string[]> {
		return (await this.output(['diff', '--name-only', '-z', '--diff-filter=U'])).split('\0').filter(Boolean);
	}

	async addAll(): Promise<void> {
		await this.run(['add', '-A']);
	}

	/** Commits the index; returns the new commit's hash. */
	async commit(message: string): Promise<string> {
		await this.run(['commit', '--quiet', '-m', message]);
		return this.revParse('HEAD');
	}

	/** Cherry-picks one commit, keeping its author; never throws on a conflict (check `exitCode`). */
	async cherryPick(commit: string): Promise<RunResult> {
		return this.run(['cherry-pick', commit], {allowExit: 'any'});
	}

	async cherryPickAbort(): Promise<void> {
		await this.run(['cherry-pick', '--abort']);
	}

	/** Drops a cherry-pick that turned out empty (its change is already present). */
	async cherryPickSkip(): Promise<void> {
		await this.run(['cherry-pick', '--skip']);
	}

	async cherryPickInProgress(): Promise<boolean> {
		return (await this.tryRevParse('CHERRY_PICK_HEAD')) !== undefined;
	}

	/** Stashes changes; returns the stash commit, or undefined when there was nothing to stash. */
	async stashPush(message: string, options: {includeUntracked?: boolean} = {}): Promise<string | undefined> {
		const before = await this.tryRevParse('refs/stash');
		await this.run(['stash', 'push', ...(options.includeUntracked ? ['--include-untracked'] : []), '-m', message]);
		const after = await this.tryRevParse('refs/stash');
		return after !== undefined && after !== before ? after : undefined;
	}

	/** `stash pop [--index]`; throws when the stash cannot be applied cleanly (git then keeps it). */
	async stashPop(options: {index?: boolean} = {}): Promise<void> {
		await this.run(['stash', 'pop', ...(options.index ? ['--index'] : [])]);
	}

	async worktreeList(): Promise<WorktreeEntry[]> {
		return parseWorktreeList(await this.output(['worktree', 'list', '--porcelain']));
	}

	/** `worktree add`: check out an existing branch, create one, or reset one (`-B`, with `--force`). */
	async worktreeAdd(worktreePath: string, args: WorktreeAddArgs): Promise<void> {
		const argv =
			args.mode === 'checkout'
				? ['worktree', 'add', worktreePath, args.branch]
				: args.mode === 'create'
					? ['worktree', 'add', '-b', args.branch, worktreePath, args.from]
					: ['worktree', 'add', '--force', '-B', args.branch, worktreePath, args.from];
		await this.run(argv);
	}

	async worktreeRemove(worktreePath: string, options: {force?: boolean} = {}): Promise<void> {
		await this.run(['worktree', 'remove', ...(options.force ? ['--force'] : []), worktreePath]);
	}

	async worktreePrune(): Promise<void> {
		await this.run(['worktree', 'prune']);
	}

	/** `push [-u] <remote> <branch>`, with a timeout so a dead network cannot hang the CLI. */
	async push(remote: string, branch: string, options: {setUpstream?: boolean} = {}): Promise<void> {
		await this.run(['push', ...(options.setUpstream ? ['-u'] : []), remote, branch], {
			timeoutMs: networkTimeoutMs,
			hint: `check that the remote "${remote}" exists and that you can push to it (git remote -v)`,
		});
	}
}

function diffArgs(options: DiffArgs, format: readonly string[]): string[] {
	return ['diff', '--no-ext-diff', ...(options.staged ? ['--cached'] : []), ...format, ...(options.revs ?? []), '--', ...(options.paths ?? [])];
}
