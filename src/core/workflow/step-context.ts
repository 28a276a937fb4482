import type {StepEventName, TuttiEventMap} from '../events/types.js';
import path from 'node:path';
import type {WorkspaceContext} from '../agents/context.js';
import {writeFileAtomic} from '../fs-atomic.js';
import {crashPoint} from './faults.js';
import type {EffectRow, Ledger} from '../store/ledger.js';
import {withLocks} from './locks.js';
import {stepLabel} from './plan.js';
import {outputsRoot} from './safe-path.js';
import type {OutputValue} from './template.js';
import type {ExecutionResult, ResolvedStep, RunOrigin, RunWorkflowOptions} from './types.js';

/** What every step of one run shares. */
export type RunHandle = {
	runId: string;
	rootRunId: string;
	parentRunId: string | undefined;
	workflowName: string;
	origin: RunOrigin;
	strict: boolean;
	agentScope: string | undefined;
	/** Workflow names from the root run down to this one (the nested-workflow recursion guard). */
	stack: readonly string[];
	/** Outputs by step id and artifact name. */
	outputs: Map<string, OutputValue>;
	env: Record<string, string>;
	/** Runs a nested workflow (given to steps so they need not import the engine). */
	runChild: (options: RunWorkflowOptions) => Promise<ExecutionResult>;
	resumeChild: (runId: string) => Promise<ExecutionResult>;
};

/** Everything a step executor gets: the workspace, its run, its records and the idempotency keys. */
export class StepContext {
	readonly ctx: WorkspaceContext;
	readonly ledger: Ledger;
	readonly run: RunHandle;
	readonly step: ResolvedStep;
	/** `workflow "ship" step 3`, for messages. */
	readonly label: string;
	/** How an earlier attempt of this step ended: `running` = its process died, `failed` = it failed. */
	readonly previous: 'running' | 'failed' | undefined;

	constructor(ctx: WorkspaceContext, ledger: Ledger, run: RunHandle, step: ResolvedStep, previous?: 'running' | 'failed') {
		this.ctx = ctx;
		this.previous = previous;
		this.ledger = ledger;
		this.run = run;
		this.step = step;
		this.label = stepLabel(run.workflowName, step);
	}

	/** A recorded side effect of this step (from an earlier attempt or an interrupted process). */
	effect(name: string): EffectRow | undefined {
		return this.ledger.effect(this.run.runId, this.step.index, name);
	}

	mark(name: string, state: 'intent' | 'done', data: Record<string, unknown> = {}): EffectRow {
		return this.ledger.markEffect(this.run.runId, this.step.index, name, state, data);
	}

	/** A fault-injection point of this step (`step:<n>:<point>`). */
	crash(point: string): void {
		crashPoint(`step:${this.step.number}:${point}`);
	}

	/** Runs `fn` holding the named locks (`agent:<name>`, `land`), across every tutti process. */
	locked<T>(names: readonly string[], fn: () => Promise<T>): Promise<T> {
		return withLocks(this.ledger, names, this.run.runId, fn);
	}

	/** `.tutti/state/workflow-outputs/<run_id>`. */
	get outputsDir(): string {
		return path.join(outputsRoot(this.ctx.root), this.run.runId);
	}

	/** `.tutti/state/workflow-runs/<run_id>/<NNN-key>`: scratch files of this step (command output). */
	get stepDir(): string {
		return path.join(this.ctx.paths.state, 'workflow-runs', this.run.runId, this.step.key);
	}

	/**
	 * Stores an output under `names` (the step id, and for artifacts also the artifact name): the
	 * canonical copy `<first name>.json` (written atomically) and, for artifacts, the raw text
	 * `<first name>.raw`; every name refers to those files.
	 */
	saveOutput(names: readonly string[], output: {kind: 'json'; value: unknown} | {kind: 'artifact'; text: string}): OutputValue {
		const [first] = names;
		const file = path.join(this.outputsDir, `${first}.json`);
		const value = output.kind === 'json' ? output.value : output.text;
		writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
		let rawPath: string | undefined;
		if (output.kind === 'artifact') {
			rawPath = path.join(this.outputsDir, `${first}.raw`);
			writeFileAtomic(rawPath, output.text);
		}
		const entry: OutputValue = {kind: output.kind, path: file, rawPath, value};
		this.ledger.transaction(() => {
			for (const name of names) this.ledger.putOutput({run_id: this.run.runId, name, kind: output.kind, path: file, raw_path: rawPath ?? null, value: JSON.stringify(value)});
		});
		for (const name of names) this.run.outputs.set(name, entry);
		return entry;
	}

	emit<K extends StepEventName>(event: K, agent: string | null, data: Omit<TuttiEventMap[K], 'run_id' | 'step_index'>): void {
		this.ctx.emit(event, agent, {run_id: this.run.runId, step_index: this.step.index, ...data} as TuttiEventMap[K], this.run.runId);
	}
}
