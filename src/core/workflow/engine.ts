import type {WorkspaceContext} from '../agents/context.js';
import {TuttiError} from '../errors.js';
import {crashPoint} from './faults.js';
import type {Ledger} from '../store/ledger.js';
import {keepAlive} from '../process/owner.js';
import {keepClaimAlive} from './claim-heartbeat.js';
import {StepContext, type RunHandle} from './step-context.js';
import {runCommandStep} from './step-command.js';
import {runEnsureRunningStep, runLandStep, runNestedStep, runReviewStep} from './step-control.js';
import {runPromptStep} from './step-prompt.js';
import type {ExecutionResult, Progress, ResolvedStep, ResolvedWorkflow, StepOutcome, StepResult, StepStatus} from './types.js';

const executors: Record<ResolvedStep['type'], (sc: StepContext) => Promise<StepOutcome>> = {
	prompt: runPromptStep,
	command: runCommandStep,
	ensure_running: runEnsureRunningStep,
	workflow: runNestedStep,
	review: runReviewStep,
	land: runLandStep,
};

/** A run ready to execute: recorded in the ledger, with what an earlier process already did. */
export type PreparedRun = {
	ctx: WorkspaceContext;
	ledger: Ledger;
	handle: RunHandle;
	resolved: ResolvedWorkflow;
	startedAt: string;
	resumed: boolean;
	/** Steps that finished (success or warning) in an earlier process. */
	completed: ReadonlyMap<number, StepResult>;
	/** Steps an earlier process began and did not finish (`running`) or that failed. */
	previous: ReadonlyMap<number, 'running' | 'failed'>;
	onProgress: ((progress: Progress) => void) | undefined;
};

/** The message of anything a step threw, with the hint. */
export function describeError(error: unknown): string {
	if (error instanceof TuttiError) return error.hint ? `${error.message} (hint: ${error.hint})` : error.message;
	return error instanceof Error ? error.message : String(error);
}

function intentOf(p: PreparedRun, step: ResolvedStep): Record<string, unknown> {
	const config = step.config;
	const session = step.agent === undefined ? null : p.ctx.sessionOf(step.agent);
	switch (config.type) {
		case 'prompt':
			return {agent: config.agent, session_name: session, text_chars: config.text.length, artifact_glob: config.artifact_glob ?? null, artifact_name: config.artifact_name ?? null};
		case 'command':
			return {run: config.run, cwd: config.cwd, subdir: config.subdir ?? null, agent: config.agent ?? null, timeout_secs: config.timeout_secs};
		case 'ensure_running':
			return {agent: config.agent, session_name: session};
		case 'workflow':
			return {workflow: config.workflow, agent_override: config.agent ?? null, strict: config.strict ?? p.resolved.strict};
		case 'land':
			return {agent: config.agent, pr: config.pr, force: config.force};
		case 'review':
			return {agent: config.agent, reviewer: config.reviewer};
	}
}

/**
 * Runs the steps of a prepared run: every step starts as soon as the steps it depends on have
 * finished (success or warning), so independent steps run concurrently. After a closed failure no
 * new step starts; steps already running finish. Emits `workflow.*` events (correlation id = run id).
 */
export async function executeRun(p: PreparedRun): Promise<ExecutionResult> {
	const {ctx, ledger, handle, resolved} = p;
	const total = resolved.steps.length;
	const runEvent = (event: 'workflow.started' | 'workflow.completed' | 'workflow.failed', data: Record<string, unknown>) => ctx.emit(event, handle.agentScope ?? null, {run_id: handle.runId, workflow_name: handle.workflowName, ...data}, handle.runId);
	runEvent('workflow.started', {origin: handle.origin, strict: handle.strict, resumed: p.resumed, total_steps: total, agent_scope: handle.agentScope ?? null, parent_run_id: handle.parentRunId ?? null});
	p.onProgress?.({kind: 'run', runId: handle.runId, workflow: handle.workflowName, total, resumed: p.resumed, done: [...p.completed.keys()]});
	const stopBeat = keepAlive(() => ledger.heartbeat(handle.runId));
	const stopClaim = keepClaimAlive(ctx, handle.runId, resolved.workflow.claim_heartbeat);
	crashPoint('run:start');
	const results = new Map<number, StepResult>(p.completed);
	const running = new Map<number, Promise<void>>();
	let stop = false;
	try {
		for (;;) {
			for (const step of stop ? [] : resolved.steps) {
				if (results.has(step.index) || running.has(step.index)) continue;
				if (!step.deps.every((dep) => results.get(dep)?.status === 'success' || results.get(dep)?.status === 'warning')) continue;
				const done = executeStep(p, step).then((result) => {
					results.set(step.index, result);
					if (result.status === 'failed') stop = true;
				});
				running.set(step.index, done.finally(() => running.delete(step.index)));
			}
			if (running.size === 0) break;
			await Promise.race(running.values());
		}
	} finally {
		stopBeat();
		stopClaim();
	}
	const stepResults = [...results.values()].sort((a, b) => a.index - b.index);
	const failed = stepResults.filter((result) => result.status === 'failed').map((result) => result.index);
	const success = failed.length === 0 && results.size === total;
	const result: ExecutionResult = {
		run_id: handle.runId,
		workflow_name: handle.workflowName,
		origin: handle.origin,
		strict: handle.strict,
		resumed: p.resumed,
		success,
		started_at: p.startedAt,
		finished_at: new Date().toISOString(),
		failed_steps: failed,
		step_results: stepResults,
		output_files: Object.fromEntries([...handle.outputs].map(([name, output]) => [name, output.path])),
		agent_scope: handle.agentScope ?? null,
		hooks: [],
	};
	crashPoint('run:end');
	const warnings = stepResults.filter((step) => step.status === 'warning').length;
	ctx.store.transaction(() => {
		ledger.finishRun(handle.runId, {success, failedSteps: failed, result});
		runEvent(success ? 'workflow.completed' : 'workflow.failed', {origin: handle.origin, success, failed_steps: failed, strict: handle.strict, warnings, duration_ms: Date.parse(result.finished_at) - Date.parse(p.startedAt)});
	});
	p.onProgress?.({kind: 'end', runId: handle.runId, result});
	return result;
}

async function executeStep(p: PreparedRun, step: ResolvedStep): Promise<StepResult> {
	const {ctx, ledger, handle} = p;
	const total = p.resolved.steps.length;
	const started = Date.now();
	const agent = step.agent ?? null;
	const base = {workflow_name: handle.workflowName, run_id: handle.runId, step_index: step.index, step_id: step.id ?? null, step_type: step.type, total_steps: total};
	const artifact = step.config.type === 'prompt' && step.config.artifact_name ? {artifact_name: step.config.artifact_name} : {};
	p.onProgress?.({kind: 'step', runId: handle.runId, step, total});
	let outcome: StepOutcome;
	try {
		// The intent and its event are one transaction: a crash leaves both or neither.
		ctx.store.transaction(() => {
			ledger.beginStep(handle.runId, step, intentOf(p, step));
			ctx.emit('workflow.step.started', agent, {...base, ...artifact}, handle.runId);
		});
		crashPoint(`step:${step.number}:intent`);
		const attempt = step.type === 'command' ? undefined : ledger.startAttempt(handle.runId, step.index);
		outcome = await executors[step.type](new StepContext(ctx, ledger, handle, step, p.previous.get(step.index)));
		if (attempt !== undefined) ledger.endAttempt(handle.runId, step.index, attempt, outcome.ok ? 'success' : 'failed', {message: outcome.message});
	} catch (error) {
		outcome = {ok: false, message: describeError(error)};
	}
	const status: StepStatus = outcome.ok ? (outcome.warnings?.length ? 'warning' : 'success') : step.failMode === 'open' ? 'warning' : 'failed';
	const result: StepResult = {
		index: step.number,
		step_id: step.id ?? null,
		step_type: step.type,
		agent,
		status,
		duration_ms: Date.now() - started,
		exit_code: outcome.exitCode ?? null,
		timed_out: outcome.timedOut ?? false,
		message: outcome.message,
		stdout: outcome.stdout ?? '',
		stderr: outcome.stderr ?? '',
		attempts: outcome.attempts ?? ledger.attempts(handle.runId, step.index).length,
	};
	const record = () => {
		const event = result.status === 'success' ? 'workflow.step.completed' : (`workflow.step.${result.status}` as const);
		ledger.finishStep(handle.runId, step.index, result.status, {completed_at: new Date().toISOString(), status: result.status, success: outcome.ok, exit_code: result.exit_code, timed_out: result.timed_out, message: result.message, side_effects: outcome.sideEffects ?? {}, result});
		ctx.emit(event, agent, {...base, duration_ms: result.duration_ms, timed_out: result.timed_out, exit_code: result.exit_code, message: result.message}, handle.runId);
	};
	try {
		// The outcome and its event are one transaction, like the intent.
		ctx.store.transaction(record);
	} catch (error) {
		result.status = 'failed';
		result.message = `${result.message}; the outcome could not be recorded: ${describeError(error)}`;
		ctx.emit('workflow.step.failed', agent, {...base, duration_ms: result.duration_ms, timed_out: result.timed_out, exit_code: result.exit_code, message: result.message}, handle.runId);
	}
	crashPoint(`step:${step.number}:done`);
	p.onProgress?.({kind: 'step-done', runId: handle.runId, step, total, result});
	return result;
}
