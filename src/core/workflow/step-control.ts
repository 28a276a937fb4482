import {existsSync} from 'node:fs';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import type {EnsureRunningStepConfig, LandStepConfig, NestedWorkflowStepConfig, ReviewStepConfig} from '../config/index.js';
import {agentBranch, agentUsesWorktree, findAgent} from '../config/index.js';
import {TuttiError} from '../errors.js';
import {landQueue} from '../actions/land-queue.js';
import {buildReviewPacket, isLanded, land, reviewPrompt} from '../git/index.js';
import {worktreePath} from '../workspace/paths.js';
import {ensureAgent} from './agents.js';
import {deliver, deliveryState, promptText} from './delivery.js';
import {followTurn} from './follow.js';
import type {StepContext} from './step-context.js';
import type {StepOutcome} from './types.js';

/** `ensure_running`: start the agent if it is not running and wait until it takes input. */
export async function runEnsureRunningStep(sc: StepContext): Promise<StepOutcome> {
	const step = sc.step.config as EnsureRunningStepConfig;
	return sc.locked([`agent:${step.agent}`], async () => {
		const {started} = await ensureAgent(sc, step.agent);
		return {ok: true, message: started ? `started ${step.agent}` : `${step.agent} was already running`, sideEffects: {agent: step.agent, started}};
	});
}

/**
 * `review`: a review packet of the agent's work goes to the reviewer (started if needed), whose
 * turn is then followed to its end. The packet and the prompt are effects of the step: a resumed
 * run reuses the packet and never sends the prompt twice.
 */
export async function runReviewStep(sc: StepContext): Promise<StepOutcome> {
	const step = sc.step.config as ReviewStepConfig;
	const agent = findAgent(sc.ctx.config, step.agent);
	if (step.reviewer === agent.name) return {ok: false, message: `agent "${agent.name}" cannot review its own work; set reviewer to another agent`};
	return sc.locked([`agent:${step.reviewer}`], async () => {
		const {agent: reviewer, workdir} = await ensureAgent(sc, step.reviewer);
		let packetPath = sc.effect('packet')?.data['path'] as string | null | undefined;
		if (packetPath === undefined || (packetPath !== null && !existsSync(packetPath))) {
			const packet = await buildReviewPacket({root: sc.ctx.root, agent: agent.name, branch: agentBranch(agent), runner: sc.ctx.services.runner});
			packetPath = packet.path ?? null;
			sc.mark('packet', 'done', {path: packetPath});
		}
		if (packetPath === null) return {ok: true, message: `no changes to review for ${agent.name}`, sideEffects: {agent: agent.name, reviewer: reviewer.name, sent: false}};
		const text = promptText(reviewPrompt(packetPath));
		const state = await deliveryState(sc, reviewer, workdir, text, 'deliver');
		const send = async () => {
			await deliver(sc, reviewer, text, 'deliver', state);
			if (state.kind !== 'done') sc.emit('agent.review_requested', agent.name, {reviewer: reviewer.name, packet: packetPath});
		};
		const end = state.kind === 'done' && state.answered ? {ok: true, timedOut: false, message: 'answered before the resume'} : await followTurn(sc.ctx, reviewer, send, {timeoutMs: 900_000, graceMs: 3000});
		const relative = path.relative(sc.ctx.root, packetPath);
		if (!end.ok) return {ok: false, timedOut: end.timedOut, message: `review by ${reviewer.name}: ${end.message}`};
		return {ok: true, message: `${reviewer.name} reviewed ${relative}`, sideEffects: {agent: agent.name, reviewer: reviewer.name, packet: relative, sent: true}};
	});
}

/**
 * `land`: the agent's commits onto the project's branch (or a PR with `pr`). Landing is
 * idempotent by construction — commits whose patch is already on the branch are skipped — and a
 * resumed step first checks {@link isLanded}. Runs hold the `land` lock, so two landings never
 * touch the project root at once. The merge gate follows `TT_ENFORCE_MERGE_GATE`, as `tt land`.
 */
export async function runLandStep(sc: StepContext): Promise<StepOutcome> {
	const step = sc.step.config as LandStepConfig;
	if (step.queue !== false) return runQueuedLandStep(sc, step);
	const agent = findAgent(sc.ctx.config, step.agent);
	const branch = agentBranch(agent);
	return sc.locked([`agent:${agent.name}`, 'land'], async () => {
		const previous = sc.effect('land');
		if (previous?.state === 'done' && step.pr) return {ok: true, message: `resume guard: the pull request was opened before (${String(previous.data['pr'] ?? 'no URL')})`, sideEffects: {agent: agent.name, pr: true, force: step.force}};
		if (previous && !step.pr && (await isLanded({root: sc.ctx.root, branch, agent: agent.name, runner: sc.ctx.services.runner}))) {
			sc.mark('land', 'done', {resumed: true});
			return {ok: true, message: `resume guard: ${branch} is already landed`, sideEffects: {agent: agent.name, pr: step.pr, force: step.force, landed: []}};
		}
		if (agentUsesWorktree(sc.ctx.config, agent) && !existsSync(worktreePath(sc.ctx.root, agent.name))) await ensureAgent(sc, agent.name);
		sc.mark('land', 'intent', {branch, pr: step.pr, force: step.force});
		const result = await retryLocked(() => land({root: sc.ctx.root, agent: agent.name, branch, force: step.force, pr: step.pr, includeUncommitted: true, env: sc.ctx.services.env, runner: sc.ctx.services.runner}));
		sc.crash('effect');
		const landed = result.landed.map((commit) => commit.hash);
		sc.mark('land', 'done', {landed, target: result.target, pr: result.pr?.url ?? null});
		sc.emit('agent.landed', agent.name, {branch: result.branch, target: result.target, landed, pr: result.pr?.url ?? null});
		const warnings = result.warnings.length > 0 ? ` (${result.warnings.join('; ')})` : '';
		return {ok: true, message: `${result.message}${warnings}`, sideEffects: {agent: agent.name, pr: step.pr, force: step.force, landed, target: result.target}};
	});
}

/**
 * A `land` step with `queue`: the merge queue over its agents. Replaying it is safe — work already
 * on the target is skipped — so a resumed step simply runs the queue again.
 */
async function runQueuedLandStep(sc: StepContext, step: LandStepConfig): Promise<StepOutcome> {
	const agents = [step.agent, ...(Array.isArray(step.queue) ? step.queue : [])];
	return sc.locked([...agents.map((name) => `agent:${name}`), 'land'], async () => {
		sc.mark('land', 'intent', {queue: agents, pr: step.pr});
		const result = await landQueue(sc.ctx, agents, {verify: step.verify, pr: step.pr, run: {run_id: sc.run.runId, step_index: sc.step.index}});
		const outcomes = result.outcomes.map((outcome) => ({agent: outcome.agent, status: outcome.status, line: outcome.line}));
		sc.mark('land', 'done', {target: result.target, outcomes});
		const message = outcomes.map((outcome) => `${outcome.agent}: ${outcome.line}`).join('; ');
		return {ok: result.ok, message, sideEffects: {agents, pr: step.pr, target: result.target, outcomes}};
	});
}

/** git's index lock may still be held by a git that outlived a killed tutti: wait it out briefly. */
async function retryLocked<T>(fn: () => Promise<T>): Promise<T> {
	for (let attempt = 0; ; attempt++) {
		try {
			return await fn();
		} catch (error) {
			if (attempt >= 10 || !(error instanceof Error) || !/index\.lock|cannot lock ref/i.test(error.message)) throw error;
			await delay(500);
		}
	}
}

/**
 * `workflow`: runs another workflow as a child run with its own run id (recorded before it
 * starts, so a resumed parent resumes the same child instead of starting a second one).
 */
export async function runNestedStep(sc: StepContext): Promise<StepOutcome> {
	const step = sc.step.config as NestedWorkflowStepConfig;
	if (sc.run.stack.includes(step.workflow)) {
		return {ok: false, message: `workflow "${step.workflow}" is already running in this chain (${[...sc.run.stack, step.workflow].join(' → ')}); nested workflows cannot recurse`};
	}
	const recorded = sc.effect('child');
	const childId = (recorded?.data['run_id'] as string | undefined) ?? `${sc.run.runId}-s${sc.step.number}`;
	const existing = recorded ? sc.ledger.run(childId) : undefined;
	sc.mark('child', 'intent', {run_id: childId, workflow: step.workflow});
	let result;
	try {
		if (existing?.status === 'success') result = JSON.parse(existing.result ?? '{}') as {success: boolean; failed_steps: number[]};
		else if (existing) result = await sc.run.resumeChild(childId);
		else {
			result = await sc.run.runChild({
				workflow: step.workflow,
				agent: step.agent ?? sc.run.agentScope,
				strict: step.strict ?? sc.run.strict,
				origin: sc.run.origin,
				runId: childId,
				parent: {runId: sc.run.runId, stepIndex: sc.step.index, root: sc.run.rootRunId, stack: sc.run.stack},
				env: sc.run.env,
			});
		}
	} catch (error) {
		if (error instanceof TuttiError) return {ok: false, message: `workflow ${step.workflow}: ${error.message}`};
		throw error;
	}
	sc.mark('child', 'done', {success: result.success});
	return result.success
		? {ok: true, message: `workflow ${step.workflow} succeeded (run ${childId})`, sideEffects: {run_id: childId}}
		: {ok: false, message: `workflow ${step.workflow} failed at step${result.failed_steps.length === 1 ? '' : 's'} ${result.failed_steps.join(', ')} (run ${childId})`, sideEffects: {run_id: childId}};
}
