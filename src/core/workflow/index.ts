/**
 * The workflow engine (reference §8, SPEC §5): steps, DAG scheduling, artifacts, the run ledger
 * with exactly-once resume, hooks and cron schedules. See README.md in this folder.
 */
import type {WorkspaceContext} from '../agents/context.js';
import {planRun} from './dry-run.js';
import {listRuns, saveVerifyLast} from './queries.js';
import {runWorkflow} from './run.js';
import {Scheduler} from './scheduler.js';
import type {ExecutionResult} from './types.js';

export {planRun, type DryRunPlan, type DryRunStep} from './dry-run.js';
export {lastVerify, listRuns, saveVerifyLast, showRun, type RunDetail, type RunStepView, type RunSummary, type VerifySummary} from './queries.js';
export {resumeRun, runAgentStopHooks, runWorkflow} from './run.js';
export {Scheduler, type SchedulerOptions} from './scheduler.js';
export {findWorkflow, stepSummary} from './plan.js';
export {progressLines, ProgressModel, type ProgressRow} from './progress.js';
export type {ExecutionResult, HookOutcome, Progress, RunOrigin, RunStatus, RunWorkflowOptions, StepResult, StepStatus} from './types.js';

/** `tt verify`: the `verify` workflow (or another) with origin `verify`; the summary is saved for `--last`. */
export async function verifyWorkflow(ctx: WorkspaceContext, options: {workflow?: string | undefined; agent?: string | undefined; strict?: boolean | undefined; onProgress?: Parameters<typeof runWorkflow>[1]['onProgress']}): Promise<ExecutionResult> {
	const result = await runWorkflow(ctx, {workflow: options.workflow ?? 'verify', agent: options.agent, strict: options.strict ?? false, origin: 'verify', onProgress: options.onProgress});
	saveVerifyLast(ctx, result);
	return result;
}

/**
 * The engine as `tt serve` and the TUI use it (structurally the server's `WorkflowRunner`):
 * `run` (or a dry-run plan), `verify`, the ledger, and cron schedules for the recorder role.
 */
export const workflowEngine = {
	run(ctx: WorkspaceContext, options: {workflow: string; agent?: string | undefined; strict?: boolean; dryRun?: boolean; onStarted?: ((runId: string) => void) | undefined}): Promise<unknown> {
		if (options.dryRun) return Promise.resolve(planRun(ctx, options));
		return runWorkflow(ctx, {workflow: options.workflow, agent: options.agent, strict: options.strict ?? false, origin: 'run', onStarted: options.onStarted});
	},
	verify(ctx: WorkspaceContext, options: {workflow?: string | undefined; agent?: string | undefined; strict?: boolean}): Promise<unknown> {
		return verifyWorkflow(ctx, options);
	},
	listRuns(ctx: WorkspaceContext): unknown[] {
		return listRuns(ctx);
	},
	startSchedules(ctx: WorkspaceContext): () => void {
		const scheduler = new Scheduler(ctx);
		scheduler.start();
		return () => scheduler.stop();
	},
};
