import {existsSync} from 'node:fs';
import path from 'node:path';
import type {Runner} from '../process/runner.js';
import {worktreePath} from '../workspace/paths.js';
import {Git} from './git.js';

/**
 * Lockfiles and manifests: two agents changing one of these collide even when git merges the
 * text cleanly (two dependency bumps, a regenerated lockfile), so any overlap on them is flagged.
 */
const manifestNames = new Set([
	'package.json', 'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lockb', 'bun.lock',
	'Cargo.toml', 'Cargo.lock', 'go.mod', 'go.sum', 'pyproject.toml', 'poetry.lock', 'uv.lock', 'Pipfile', 'Pipfile.lock', 'requirements.txt',
	'Gemfile', 'Gemfile.lock', 'composer.json', 'composer.lock', 'mix.exs', 'mix.lock', 'pom.xml', 'build.gradle', 'build.gradle.kts', 'gradle.lockfile',
]);

export function isManifest(file: string): boolean {
	return manifestNames.has(path.posix.basename(file));
}

export type AgentWork = {agent: string; branch: string; /** The commit its work is in: the branch tip, plus uncommitted tracked changes. */ commit: string; changed: string[]; conflicts_with_target: string[]};
export type PairConflict = {agents: [string, string]; overlapping: string[]; conflicts: string[]; manifests: string[]};
export type ConflictReport = {target: {branch: string; commit: string}; agents: AgentWork[]; pairs: PairConflict[]};

const fixedDates = {GIT_AUTHOR_DATE: '@0 +0000', GIT_COMMITTER_DATE: '@0 +0000'};

/**
 * The commit holding an agent's work: `git stash create` writes the worktree's uncommitted tracked
 * changes as a commit object without touching the worktree, the index or any ref (untracked files
 * are not in it); with nothing uncommitted, the branch tip.
 */
async function workCommit(root: Git, dir: string | undefined, branch: string): Promise<string | undefined> {
	if (dir !== undefined && existsSync(dir)) {
		const wt = root.at(dir);
		// An identity for the throw-away commit object, in case the user has none configured, and fixed
		// dates: the same work then gives the same commit id, which is what the report cache is keyed by.
		const stash = (
			await wt.run(['-c', 'user.name=tutti', '-c', 'user.email=tutti@localhost.invalid', 'stash', 'create'], {allowExit: 'any', env: fixedDates})
		).stdout.trim();
		if (/^[0-9a-f]{40,64}$/.test(stash)) return stash;
		return wt.tryRevParse('HEAD');
	}
	return root.tryRevParse(`refs/heads/${branch}`);
}

/** Files `merge-tree` reports in conflict (`--name-only`: the tree id, then one path per line). */
async function mergeConflicts(root: Git, a: string, b: string): Promise<string[]> {
	const result = await root.run(['merge-tree', '--write-tree', '--name-only', '--no-messages', '-z', a, b], {allowExit: [0, 1]});
	if (result.exitCode === 0) return [];
	return [...new Set(result.stdout.split('\0').slice(1).filter((entry) => entry !== ''))].sort();
}

const cache = new Map<string, ConflictReport>();

/**
 * For every pair of agents: the files both changed since they left the target branch, the files
 * `git merge-tree --write-tree` says would conflict if both landed, and the lockfiles/manifests
 * both touched; for each agent, its conflicts with the target as it is now. Nothing is written
 * (merge-tree builds trees in the object store only). Cheap when nothing moved: the answer is
 * cached by the target and work commits.
 */
export async function findConflicts(options: {root: string; runner: Runner; agents: ReadonlyArray<{agent: string; branch: string; worktree?: boolean}>}): Promise<ConflictReport> {
	const root = new Git(options.root, options.runner);
	const targetBranch = (await root.run(['symbolic-ref', '--quiet', '--short', 'HEAD'], {allowExit: 'any'})).stdout.trim() || 'HEAD';
	const target = await root.revParse('HEAD');
	const commits: Array<{agent: string; branch: string; commit: string}> = [];
	for (const entry of options.agents) {
		const commit = await workCommit(root, entry.worktree === false ? undefined : worktreePath(options.root, entry.agent), entry.branch);
		if (commit !== undefined) commits.push({agent: entry.agent, branch: entry.branch, commit});
	}
	const key = [target, ...commits.map((entry) => `${entry.agent}=${entry.commit}`)].join(' ');
	const cached = cache.get(key);
	if (cached) return cached;

	const agents: AgentWork[] = [];
	for (const entry of commits) {
		const base = (await root.run(['merge-base', target, entry.commit], {allowExit: [0, 1]})).stdout.trim();
		const changed = base === '' ? [] : (await root.output(['diff', '--name-only', '-z', base, entry.commit])).split('\0').filter((file) => file !== '');
		agents.push({...entry, changed: changed.sort(), conflicts_with_target: changed.length === 0 ? [] : await mergeConflicts(root, target, entry.commit)});
	}
	const pairs: PairConflict[] = [];
	for (let i = 0; i < agents.length; i++) {
		for (let j = i + 1; j < agents.length; j++) {
			const a = agents[i]!;
			const b = agents[j]!;
			const other = new Set(b.changed);
			const overlapping = a.changed.filter((file) => other.has(file));
			if (overlapping.length === 0) continue;
			pairs.push({agents: [a.agent, b.agent], overlapping, conflicts: await mergeConflicts(root, a.commit, b.commit), manifests: overlapping.filter(isManifest)});
		}
	}
	const report: ConflictReport = {target: {branch: targetBranch, commit: target}, agents, pairs};
	// Keyed by commits, so an entry never goes stale; kept small all the same.
	if (cache.size > 64) cache.clear();
	cache.set(key, report);
	return report;
}

/** What one agent's work collides with: the target and each other agent (for `tt diff <agent>`). */
export function conflictsOf(report: ConflictReport, agent: string): {with_target: string[]; with_agents: Array<{agent: string; overlapping: string[]; conflicts: string[]; manifests: string[]}>} {
	const own = report.agents.find((entry) => entry.agent === agent);
	const withAgents = report.pairs
		.filter((pair) => pair.agents.includes(agent))
		.map((pair) => ({agent: pair.agents[0] === agent ? pair.agents[1] : pair.agents[0], overlapping: pair.overlapping, conflicts: pair.conflicts, manifests: pair.manifests}));
	return {with_target: own?.conflicts_with_target ?? [], with_agents: withAgents};
}

/**
 * Whom an agent's work collides with, in short (the floor's cards): the agents it really conflicts
 * with or shares a lockfile/manifest with, then the target branch when it conflicts with that.
 * Overlaps that merge cleanly are not collisions.
 */
export function collidingWith(report: ConflictReport, agent: string): string[] {
	const own = conflictsOf(report, agent);
	return [...own.with_agents.filter((other) => other.conflicts.length > 0 || other.manifests.length > 0).map((other) => other.agent), ...(own.with_target.length > 0 ? [report.target.branch] : [])];
}
