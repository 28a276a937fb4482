import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import type {WorkspaceContext} from '../agents/context.js';
import {TuttiError} from '../errors.js';
import {writeFileAtomic} from '../fs-atomic.js';
import {Ledger, runStatus, type RunRow} from '../store/ledger.js';
import {stepKey} from './plan.js';
import type {ExecutionResult, RunOrigin, RunStatus, StepResult} from './types.js';

/** One run in `tt runs list --json` (newest first). */
export type RunSummary = {
	run_id: string;
	workflow: string;
	status: RunStatus;
	origin: RunOrigin;
	strict: boolean;
	agent_scope: string | null;
	started_at: string;
	finished_at: string | null;
	failed_steps: number[];
	steps_done: number;
	total_steps: number;
	/** Steps that ended as warnings (a run that succeeded with warnings says so). */
	warnings: number;
	parent_run_id: string | null;
	hook_event: string | null;
};

export type RunStepView = {
	index: number;
	key: string;
	step_id: string | null;
	step_type: string;
	agent: string | null;
	status: 'pending' | 'running' | 'interrupted' | 'success' | 'warning' | 'failed';
	attempts: number;
	started_at: string | null;
	finished_at: string | null;
	duration_ms: number | null;
	message: string | null;
};

/** `tt runs show <run_id> --json`. */
export type RunDetail = RunSummary & {steps: RunStepView[]; outputs: Record<string, string>; next_action: string | null};

function summary(ledger: Ledger, row: RunRow): RunSummary {
	const counts = ledger.stepCounts(row.run_id);
	return {
		run_id: row.run_id,
		workflow: row.workflow,
		status: runStatus(row),
		origin: row.origin,
		strict: row.strict === 1,
		agent_scope: row.agent_scope,
		started_at: row.started_at,
		finished_at: row.finished_at,
		failed_steps: JSON.parse(row.failed_steps) as number[],
		steps_done: counts.done,
		total_steps: row.total_steps,
		warnings: counts.warned,
		parent_run_id: row.parent_run_id,
		hook_event: row.hook_event,
	};
}

/** The run ledger, newest first (`tt runs list`, `GET /v1/runs`). */
export function listRuns(ctx: WorkspaceContext, options: {limit?: number; workflow?: string} = {}): RunSummary[] {
	const ledger = Ledger.of(ctx.store);
	return ledger.runs(options).map((row) => summary(ledger, row));
}

/** One run with its steps (`tt runs show`). */
export function showRun(ctx: WorkspaceContext, runId: string): RunDetail {
	const ledger = Ledger.of(ctx.store);
	const row = ledger.run(runId);
	if (!row) throw new TuttiError('ERR_USAGE', `no run ${JSON.stringify(runId)} in this workspace`, {hint: 'List runs with tt runs list.'});
	const base = summary(ledger, row);
	const recorded = new Map(ledger.steps(runId).map((step) => [step.step_index, step]));
	const workflow = ctx.config.workflow.find((candidate) => candidate.name === row.workflow);
	const steps: RunStepView[] = [];
	for (let index = 0; index < row.total_steps; index++) {
		const step = recorded.get(index);
		const configured = workflow?.step[index];
		const outcome = step?.outcome ? (JSON.parse(step.outcome) as {message?: string; result?: StepResult}) : undefined;
		const status = step ? (step.status === 'running' && base.status !== 'running' ? 'interrupted' : step.status) : 'pending';
		steps.push({
			index: index + 1,
			key: step?.key ?? (configured ? stepKey(index, configured) : String(index + 1)),
			step_id: step?.step_id ?? configured?.id ?? null,
			step_type: step?.step_type ?? configured?.type ?? '?',
			agent: step?.agent ?? null,
			status,
			attempts: step?.attempt ?? 0,
			started_at: step?.started_at ?? null,
			finished_at: step?.finished_at ?? null,
			duration_ms: outcome?.result?.duration_ms ?? null,
			message: outcome?.message ?? null,
		});
	}
	const outputs = Object.fromEntries(ledger.outputs(runId).map((output) => [output.name, output.path]));
	const resumable = base.status === 'failed' || base.status === 'interrupted';
	const next = resumable ? `tt run --resume ${runId}` : base.status === 'running' ? 'still running' : null;
	return {...base, steps, outputs, next_action: next};
}

export type VerifySummary = {workflow_name: string; run_id: string; timestamp: string; success: boolean; failed_steps: number[]; strict: boolean; agent_scope: string | null; warnings: number};

function verifyFile(ctx: WorkspaceContext): string {
	return path.join(ctx.paths.state, 'verify-last.json');
}

/** Saves the last `tt verify` (store and `.tutti/state/verify-last.json`, which handoff packets read). */
export function saveVerifyLast(ctx: WorkspaceContext, result: ExecutionResult): VerifySummary {
	const summaryValue: VerifySummary = {
		workflow_name: result.workflow_name,
		run_id: result.run_id,
		timestamp: result.finished_at,
		success: result.success,
		failed_steps: result.failed_steps,
		strict: result.strict,
		agent_scope: result.agent_scope,
		warnings: result.step_results.filter((step) => step.status === 'warning').length,
	};
	Ledger.of(ctx.store).setMeta('verify-last', JSON.stringify(summaryValue));
	writeFileAtomic(verifyFile(ctx), `${JSON.stringify(summaryValue, null, 2)}\n`);
	return summaryValue;
}

/** `tt verify --last`: `{found, summary}`. */
export function lastVerify(ctx: WorkspaceContext): {found: boolean; summary: VerifySummary | null} {
	const stored = Ledger.of(ctx.store).getMeta('verify-last');
	if (stored) return {found: true, summary: JSON.parse(stored) as VerifySummary};
	if (existsSync(verifyFile(ctx))) return {found: true, summary: JSON.parse(readFileSync(verifyFile(ctx), 'utf8')) as VerifySummary};
	return {found: false, summary: null};
}
