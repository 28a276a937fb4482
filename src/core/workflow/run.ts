import {readFileSync} from 'node:fs';
import type {WorkspaceContext} from '../agents/context.js';
import type {WorkflowConfig} from '../config/index.js';
import {parseTemplateTag} from '../config/index.js';
import {checkBudget} from '../budget/guard.js';
import {TuttiError} from '../errors.js';
import {reclaimAgents} from './agents.js';
import {executeRun, type PreparedRun} from './engine.js';
import {fireAgentStop, fireWorkflowComplete} from './hooks.js';
import {Ledger, type RunRow, type StepRow} from '../store/ledger.js';
import {ownerPid} from '../process/owner.js';
import {findWorkflow, resolveWorkflow} from './plan.js';
import type {RunHandle} from './step-context.js';
import type {OutputValue} from './template.js';
import type {ExecutionResult, HookOutcome, Progress, ResolvedWorkflow, RunWorkflowOptions, StepResult} from './types.js';

function templateTag(ctx: WorkspaceContext): string | null {
	try {
		const tag = parseTemplateTag(readFileSync(ctx.configPath, 'utf8'));
		return tag ? `${tag.id} ${tag.version}` : null;
	} catch {
		return null;
	}
}

/** Records a new run; the id is `<unix ms>-<pid>` (reference §8.8), bumped on a collision. */
function createRun(ctx: WorkspaceContext, ledger: Ledger, resolved: ResolvedWorkflow, options: RunWorkflowOptions, inline: WorkflowConfig | undefined): {runId: string; startedAt: string} {
	const startedAt = new Date().toISOString();
	let stamp = Date.now();
	for (let tries = 0; tries < 1000; tries++) {
		const runId = options.runId ?? `${stamp + tries}-${process.pid}`;
		const created = ledger.createRun({
			run_id: runId,
			workflow: resolved.workflow.name,
			origin: resolved.origin,
			strict: resolved.strict,
			agent_scope: resolved.agentScope ?? null,
			started_at: startedAt,
			total_steps: resolved.steps.length,
			parent_run_id: options.parent?.runId ?? null,
			parent_step: options.parent?.stepIndex ?? null,
			root_run_id: options.parent?.root ?? runId,
			hook_event: options.hook?.event ?? null,
			hook_agent: options.hook?.agent ?? null,
			template: templateTag(ctx),
			inline: inline ? JSON.stringify(inline) : null,
		});
		if (created) return {runId, startedAt};
		if (options.runId) throw new TuttiError('ERR_STATE', `run ${options.runId} already exists`, {hint: `Resume it with tt run --resume ${options.runId}.`});
		stamp = Date.now();
	}
	throw new TuttiError('ERR_STATE', 'could not allocate a run id', {hint: 'Try again.'});
}

function handleFor(ctx: WorkspaceContext, resolved: ResolvedWorkflow, runId: string, rootRunId: string, parentRunId: string | undefined, stack: readonly string[], outputs: Map<string, OutputValue>, env: Record<string, string>): RunHandle {
	return {
		runId,
		rootRunId,
		parentRunId,
		workflowName: resolved.workflow.name,
		origin: resolved.origin,
		strict: resolved.strict,
		agentScope: resolved.agentScope,
		stack,
		outputs,
		env,
		// Nested runs report progress as events, not to the parent's terminal display.
		runChild: (options) => runWorkflow(ctx, options),
		resumeChild: (childId) => resumeRun(ctx, childId, {}),
	};
}

/**
 * After a run: `workflow_complete` hooks, then (for a root run) stopping the agents it started.
 * Recorded as the run's `post` effect (keyed by the completion's time): a process killed in
 * between is finished by `--resume` without firing the hooks twice.
 */
async function finish(ctx: WorkspaceContext, ledger: Ledger, result: ExecutionResult, rootRunId: string, isRoot: boolean): Promise<ExecutionResult> {
	const post = ledger.effect(result.run_id, -1, 'post');
	const same = post?.data['finished_at'] === result.finished_at;
	if (same && post.state === 'done') return {...result, hooks: (post.data['hooks'] as HookOutcome[] | undefined) ?? []};
	let hooks: HookOutcome[] = same ? ((post.data['hooks'] as HookOutcome[] | undefined) ?? []) : [];
	if (!same) {
		ledger.markEffect(result.run_id, -1, 'post', 'intent', {finished_at: result.finished_at, hooks: []});
		hooks = await fireWorkflowComplete(ctx, runWorkflow, result);
		ledger.markEffect(result.run_id, -1, 'post', 'intent', {hooks});
	}
	if (isRoot) await reclaimAgents(ctx, ledger, rootRunId).catch(() => []);
	ledger.markEffect(result.run_id, -1, 'post', 'done', {hooks});
	return {...result, hooks};
}

/**
 * Runs a workflow of the workspace (`tt run`, `tt verify`, the API, schedules, hooks). Every run,
 * step intent, attempt and outcome is recorded in the store; events report progress. Resolves
 * with the ExecutionResult whether steps failed or not; throws only when the run cannot start
 * (unknown workflow or agent, a nested workflow recursing).
 */
export async function runWorkflow(ctx: WorkspaceContext, options: RunWorkflowOptions): Promise<ExecutionResult> {
	const workflow = options.inline ?? findWorkflow(ctx.config, options.workflow);
	const chain = options.parent?.stack ?? [];
	if (chain.includes(workflow.name)) {
		throw new TuttiError('ERR_USAGE', `workflow "${workflow.name}" would run itself: ${[...chain, workflow.name].join(' → ')}`, {hint: 'Nested workflows cannot call each other in a loop.'});
	}
	const resolved = resolveWorkflow(ctx.config, workflow, {agent: options.agent, strict: options.strict ?? false, origin: options.origin ?? 'run'});
	// The budget guard, before anything is recorded: a refused run leaves no trace but its event.
	// Nested runs were checked with their parent.
	const budgetWarnings = options.parent === undefined ? await checkBudget(ctx, {action: resolved.origin === 'verify' ? 'verify' : 'run', agents: options.agent === undefined ? undefined : [options.agent]}) : [];
	const ledger = Ledger.of(ctx.store);
	const {runId, startedAt} = createRun(ctx, ledger, resolved, options, options.inline);
	options.onStarted?.(runId);
	const rootRunId = options.parent?.root ?? runId;
	const handle = handleFor(ctx, resolved, runId, rootRunId, options.parent?.runId, [...chain, workflow.name], new Map(), options.env ?? {});
	const prepared: PreparedRun = {ctx, ledger, handle, resolved, startedAt, resumed: false, completed: new Map(), previous: new Map(), onProgress: options.onProgress};
	const result = await finish(ctx, ledger, await executeRun(prepared), rootRunId, options.parent === undefined);
	return budgetWarnings.length > 0 ? {...result, budget_warnings: budgetWarnings} : result;
}

/** Workflow names from the root run down to `row` (the recursion guard of a resumed child). */
function chainOf(ledger: Ledger, row: RunRow): string[] {
	const names = [row.workflow];
	let parent = row.parent_run_id ? ledger.run(row.parent_run_id) : undefined;
	while (parent) {
		names.unshift(parent.workflow);
		parent = parent.parent_run_id ? ledger.run(parent.parent_run_id) : undefined;
	}
	return names;
}

/** A resumed run continues the same steps: refuse when the workflow changed under it. */
function checkUnchanged(resolved: ResolvedWorkflow, steps: readonly StepRow[], runId: string): void {
	for (const row of steps) {
		const step = resolved.steps[row.step_index];
		const now = step ? `${step.type}${step.agent ? ` (${step.agent})` : ''}` : 'gone';
		const then = `${row.step_type}${row.agent ? ` (${row.agent})` : ''}`;
		if (!step || step.type !== row.step_type || (step.id ?? null) !== row.step_id || (step.agent ?? null) !== row.agent) {
			throw new TuttiError('ERR_USAGE', `workflow "${resolved.workflow.name}" changed since run ${runId} started: step ${row.step_index + 1} was ${then} and is now ${now}`, {
				hint: `Start a new run with tt run ${resolved.workflow.name}.`,
			});
		}
	}
}

/**
 * `tt run --resume <run_id>` (reference §8.9): continues an unfinished or failed run in this
 * process, reusing its id, outputs and finished steps, and never repeating a side effect an
 * earlier process completed (see delivery.ts, step-command.ts, step-control.ts).
 */
export async function resumeRun(ctx: WorkspaceContext, runId: string, options: {strict?: boolean; agent?: string; onProgress?: (progress: Progress) => void}): Promise<ExecutionResult> {
	const ledger = Ledger.of(ctx.store);
	const row = ledger.run(runId);
	if (!row) throw new TuttiError('ERR_USAGE', `no run ${JSON.stringify(runId)} in this workspace`, {hint: 'List runs with tt runs list.'});
	if (row.status === 'success') {
		const stored = JSON.parse(row.result ?? '{}') as ExecutionResult;
		const post = ledger.effect(runId, -1, 'post');
		// Killed after the last step but before its hooks and clean-up: finish those only.
		if (post?.state !== 'done' || post.data['finished_at'] !== stored.finished_at) return finish(ctx, ledger, stored, row.root_run_id, row.parent_run_id === null);
		// Finished whole (a process killed after its last write, before it could exit): resuming
		// repeats nothing and reports what the ledger recorded.
		return stored;
	}
	const workflow = row.inline ? (JSON.parse(row.inline) as WorkflowConfig) : findWorkflow(ctx.config, row.workflow);
	const claimed = ledger.claimRun(runId, options.strict ?? false);
	if (!claimed) {
		const current = ledger.run(runId);
		throw new TuttiError('ERR_USAGE', `run ${runId} is still running (process ${ownerPid(current?.owner ?? '') ?? '?'})`, {hint: 'Wait for it to finish, or stop that process first.'});
	}
	const resolved = resolveWorkflow(ctx.config, workflow, {agent: options.agent ?? claimed.agent_scope ?? undefined, strict: claimed.strict === 1, origin: claimed.origin});
	const steps = ledger.steps(runId);
	try {
		checkUnchanged(resolved, steps, runId);
	} catch (error) {
		ledger.releaseRun(runId);
		throw error;
	}
	// Steps added at the end of the workflow since the run started are part of it now.
	ledger.setTotalSteps(runId, resolved.steps.length);
	const completed = new Map<number, StepResult>();
	const previous = new Map<number, 'running' | 'failed'>();
	for (const step of steps) {
		if (step.status === 'success' || step.status === 'warning') completed.set(step.step_index, (JSON.parse(step.outcome ?? '{}') as {result: StepResult}).result);
		else previous.set(step.step_index, step.status);
	}
	const outputs = new Map<string, OutputValue>(ledger.outputs(runId).map((output) => [output.name, {kind: output.kind, path: output.path, rawPath: output.raw_path ?? undefined, value: JSON.parse(output.value) as unknown}]));
	const handle = handleFor(ctx, resolved, runId, claimed.root_run_id, claimed.parent_run_id ?? undefined, chainOf(ledger, claimed), outputs, {});
	const prepared: PreparedRun = {ctx, ledger, handle, resolved, startedAt: claimed.started_at, resumed: true, completed, previous, onProgress: options.onProgress};
	return finish(ctx, ledger, await executeRun(prepared), claimed.root_run_id, claimed.parent_run_id === null);
}

/** `agent_stop` hooks (for `tt down` and the API's down action): see hooks.ts. */
export function runAgentStopHooks(ctx: WorkspaceContext, agent: string): Promise<HookOutcome[]> {
	return fireAgentStop(ctx, runWorkflow, agent);
}
