import type {WorkspaceContext} from '../agents/context.js';
import {sendPrompt} from '../agents/send.js';
import {agentBranch, findAgent} from '../config/resolve.js';
import {TuttiError} from '../errors.js';
import {Git} from '../git/git.js';
import {leaveUncommitted, type LandedCommit} from '../git/land.js';
import {checkMergeGate, gateFailure, type GateFailure} from '../git/merge-gate.js';
import {describeStatus, plural} from '../git/parse.js';
import {dropScratch, replayOnScratch, sweepScratch} from '../git/rebase-scratch.js';
import {existingWorktree} from '../git/diff.js';
import {ensureTuttiExcluded} from '../git/worktree.js';
import {withLease} from '../store/leases.js';
import {describeSendBack, runVerify, verifyPlan, type SendBackReason} from './land-queue-text.js';

export type LandQueueOptions = {
	/** Shell text that must exit 0 in the replayed tree before it lands (`/bin/sh -lc`). @default the command steps of the `verify` workflow */
	verify?: string | undefined;
	/** Each agent's open PR must pass the merge gate (required checks green, threads resolved). */
	pr?: boolean | undefined;
	/** Added to the events (a workflow step's run). */
	run?: {run_id: string; step_index: number} | undefined;
};

/** What happened to one agent's work; `line` says it in one line for people. */
export type QueueOutcome = {agent: string; branch: string; line: string; warnings: string[]} & (
	| {status: 'landed'; commits: LandedCommit[]; head: string}
	| {status: 'sent_back'; reason: SendBackReason; files: string[]; detail: string; delivered: boolean}
	| {status: 'skipped'}
	| {status: 'failed'; error: {code: string; message: string; hint: string | undefined}}
);

export type LandQueueResult = {target: string; outcomes: QueueOutcome[]; ok: boolean};

/**
 * `tt land --queue a b c`: lands agents' branches onto the project's branch one at a time. Each
 * branch is replayed on the latest target in a scratch worktree (the agent's own worktree and
 * branch are never touched), verified there, and only then fast-forwarded onto the target; a
 * conflict, a failing verify or a blocked merge gate goes back to the agent that wrote the code as
 * a prompt with the details, and the queue moves on. One event per agent: `agent.landed` or
 * `agent.land_sent_back`.
 */
export async function landQueue(ctx: WorkspaceContext, agentNames: readonly string[], options: LandQueueOptions = {}): Promise<LandQueueResult> {
	if (agentNames.length === 0) throw new TuttiError('ERR_USAGE', 'the merge queue needs at least one agent', {hint: 'Name them in order: tt land --queue alice bob'});
	const agents = agentNames.map((name) => findAgent(ctx.config, name));
	const duplicate = agents.find((agent, index) => agents.findIndex((other) => other.name === agent.name) !== index);
	if (duplicate) throw new TuttiError('ERR_USAGE', `agent "${duplicate.name}" is queued twice`, {hint: 'Name each agent once.'});
	const git = new Git(ctx.root, ctx.services.runner);
	const target = await git.currentBranch();
	if (!target) throw new TuttiError('ERR_GIT', `the project root ${ctx.root} is on a detached HEAD, so there is no branch to land onto`, {hint: 'check out the branch to land onto first, e.g. `git switch main`'});
	await ensureTuttiExcluded(git);
	await refuseDirtyRoot(git);

	const verify = verifyPlan(ctx.config, options.verify);
	const outcomes: QueueOutcome[] = [];
	for (const agent of agents) {
		const branch = agentBranch(agent);
		const attempt = await withLease(ctx.store, 'land', () => landOne(ctx, git, {agent: agent.name, branch, target, options, verify}));
		const outcome = attempt.status === 'sent_back' ? await sendBack(ctx, attempt, target, options.run) : attempt;
		if (outcome.status === 'landed') {
			ctx.emit('agent.landed', agent.name, {branch, target, landed: outcome.commits.map((commit) => commit.hash), pr: null, queue: true, ...options.run});
		}
		outcomes.push(outcome);
	}
	return {target, outcomes, ok: outcomes.every((outcome) => outcome.status === 'landed' || outcome.status === 'skipped')};
}

type One = {agent: string; branch: string; target: string; options: LandQueueOptions; verify: ReturnType<typeof verifyPlan>};

async function landOne(ctx: WorkspaceContext, git: Git, one: One): Promise<QueueOutcome> {
	const {agent, branch} = one;
	const warnings: string[] = [];
	const base = {agent, branch, warnings};
	try {
		if (!(await git.branchExists(branch))) return {...base, status: 'skipped', line: `skipped: no branch ${branch} (start it with \`tt up ${agent}\`)`};
		const dir = await existingWorktree(git, ctx.root, agent);
		if (dir) await leaveUncommitted(git.at(dir), agent, warnings);
		await refuseDirtyRoot(git);
		await sweepScratch(ctx.root, ctx.services.runner);
		if (one.options.pr) {
			const blocked = await gateBlock(ctx, one);
			if (blocked) return {...base, status: 'sent_back', reason: blocked.reason, files: blocked.files, detail: blocked.detail, delivered: false, line: ''};
		}
		const targetTip = await git.revParse('HEAD');
		const replay = await replayOnScratch({root: ctx.root, branch, targetTip, runner: ctx.services.runner});
		warnings.push(...replay.warnings);
		if (replay.kind === 'nothing') return {...base, status: 'skipped', line: 'skipped: nothing to land'};
		if (replay.kind === 'conflict') {
			const detail = `cherry-picking ${replay.commit.short} "${replay.commit.subject}" onto the latest ${one.target} (${targetTip.slice(0, 7)}) conflicted in ${replay.files.join(', ')}`;
			return {...base, status: 'sent_back', reason: 'conflict', files: replay.files, detail, delivered: false, line: ''};
		}
		try {
			warnings.push(...one.verify.notes);
			for (const command of one.verify.commands) {
				const failed = await runVerify(ctx, command, replay.dir, agent);
				if (failed) return {...base, status: 'sent_back', reason: 'verify', files: [], detail: failed, delivered: false, line: ''};
			}
			// The target cannot have moved: this process holds the land lease, and the root was clean.
			await git.run(['merge', '--ff-only', '--quiet', replay.head], {hint: 'an untracked file in the project root may be in the way; move it and run the queue again'});
		} finally {
			await dropScratch(ctx.root, replay.dir, ctx.services.runner);
		}
		const commits = replay.picked;
		return {...base, status: 'landed', commits, head: replay.head, line: `landed ${plural(commits.length, 'commit')} (${replay.head.slice(0, 7)})`};
	} catch (error) {
		if (!(error instanceof TuttiError)) throw error;
		return {...base, status: 'failed', error: {code: error.code, message: error.message, hint: error.hint}, line: `failed: ${error.message}`};
	}
}

/** The project root's working tree moves with the target: a landing must not mix in edits made there. */
async function refuseDirtyRoot(git: Git): Promise<void> {
	const dirty = await git.trackedChanges();
	if (dirty.length === 0) return;
	throw new TuttiError('ERR_LAND_DIRTY', `the project root has ${plural(dirty.length, 'uncommitted change')} to tracked files (${describeStatus(dirty)})`, {
		hint: 'commit or stash them, then run the queue again',
		details: {files: dirty},
	});
}

/** The merge gate on the agent's open PR, as a send-back when CI or review blocks it. */
async function gateBlock(ctx: WorkspaceContext, one: One): Promise<GateFailure | undefined> {
	try {
		await checkMergeGate({root: ctx.root, branch: one.branch, agent: one.agent, env: ctx.services.env, runner: ctx.services.runner});
		return undefined;
	} catch (error) {
		// No PR at all is not the code's fault: that fails the landing without bothering the agent.
		const failure = gateFailure(error);
		if (!failure) throw error;
		return failure;
	}
}

/** Types the failure into the agent's CLI through the one send path; the landing stays failed either way. */
async function sendBack(ctx: WorkspaceContext, outcome: Extract<QueueOutcome, {status: 'sent_back'}>, target: string, run: LandQueueOptions['run']): Promise<QueueOutcome> {
	const {summary, prompt} = describeSendBack(outcome, target);
	let delivered = true;
	let line = `sent back: ${summary}`;
	try {
		await sendPrompt(ctx, outcome.agent, prompt);
	} catch (error) {
		delivered = false;
		line = `held back: ${summary} (not delivered to ${outcome.agent}: ${error instanceof Error ? error.message : String(error)})`;
	}
	ctx.emit('agent.land_sent_back', outcome.agent, {branch: outcome.branch, target, reason: outcome.reason, files: outcome.files, detail: outcome.detail, delivered, ...run});
	return {...outcome, delivered, line};
}
