import type {FailMode, StepConfig, StepType, WorkflowConfig} from '../config/index.js';

/** What started a run (reference §8.8 `trigger` / hook `workflow_source`). API and webhook runs are `run`. */
export const runOrigins = ['run', 'verify', 'hook_agent_stop', 'observe_cycle', 'hook_workflow_complete'] as const;
export type RunOrigin = (typeof runOrigins)[number];

/** Outcome of one step: `warning` is an open (tolerated) failure. */
export type StepStatus = 'success' | 'warning' | 'failed';

/** A run as the ledger keeps it; `interrupted` is a `running` run whose process is gone. */
export type RunStatus = 'running' | 'success' | 'failed' | 'interrupted';

/** One step of a resolved workflow: the `--agent` override applied, the effective fail mode decided. */
export type ResolvedStep = {
	/** 0-based position (events use this). */
	index: number;
	/** 1-based position, as in `depends_on` and messages. */
	number: number;
	type: StepType;
	id: string | undefined;
	/** The agent the step acts on (for review: the reviewer, who receives the prompt). */
	agent: string | undefined;
	failMode: FailMode;
	/** 0-based indices of the steps it waits for. */
	deps: number[];
	/** `<NNN>-<id or type>`, a file name for the step's records. */
	key: string;
	config: StepConfig;
};

export type ResolvedWorkflow = {
	workflow: WorkflowConfig;
	steps: ResolvedStep[];
	strict: boolean;
	origin: RunOrigin;
	/** `--agent` of the run, if any. */
	agentScope: string | undefined;
};

/** One step's result, as printed by `tt run --json` (reference §8.8, `index` 1-based). */
export type StepResult = {
	index: number;
	step_id: string | null;
	step_type: StepType;
	agent: string | null;
	status: StepStatus;
	duration_ms: number;
	exit_code: number | null;
	timed_out: boolean;
	message: string;
	stdout: string;
	stderr: string;
	attempts: number;
};

export type HookOutcome = {event: 'workflow_complete' | 'agent_stop'; target: string; fail_mode: FailMode; success: boolean; run_id: string | null; message: string};

/** `tt run --json` (reference §8.8 ExecutionResult), plus origin, resumed and hooks. */
export type ExecutionResult = {
	run_id: string;
	workflow_name: string;
	origin: RunOrigin;
	strict: boolean;
	resumed: boolean;
	success: boolean;
	started_at: string;
	finished_at: string;
	/** 1-based numbers of the failed steps. */
	failed_steps: number[];
	step_results: StepResult[];
	output_files: Record<string, string>;
	agent_scope: string | null;
	hooks: HookOutcome[];
	/** `[budget]` caps near or past their limit when the run started (core/budget); absent when none. */
	budget_warnings?: string[];
};

/** What an executor reports; the engine turns it into a StepResult. */
export type StepOutcome = {
	ok: boolean;
	message: string;
	exitCode?: number | null;
	timedOut?: boolean;
	stdout?: string;
	stderr?: string;
	attempts?: number;
	sideEffects?: Record<string, unknown>;
	/** The step did its work, but something it was expected to do did not hold (an open `expect`): a warning. */
	warnings?: string[];
};

/** Progress notifications for a terminal display (`tt run`); the same facts go to the store as events. */
export type Progress =
	| {kind: 'run'; runId: string; workflow: string; total: number; resumed: boolean; done: number[]}
	| {kind: 'step'; runId: string; step: ResolvedStep; total: number}
	| {kind: 'step-done'; runId: string; step: ResolvedStep; total: number; result: StepResult}
	| {kind: 'end'; runId: string; result: ExecutionResult};

export type RunWorkflowOptions = {
	workflow: string;
	/** `--agent`: replaces the agent of agent steps (reference §8.1 resolution). */
	agent?: string | undefined;
	/** @default false */
	strict?: boolean | undefined;
	/** @default 'run' */
	origin?: RunOrigin;
	onProgress?: ((progress: Progress) => void) | undefined;
	/** Called once the run is recorded and under way (past the checks that can refuse it, the budget among them). */
	onStarted?: ((runId: string) => void) | undefined;
	/** Use this run id (nested runs and schedules pick theirs up front). */
	runId?: string | undefined;
	/** Set for nested workflow steps and hook runs. */
	parent?: {runId: string; stepIndex: number | null; root: string; stack: readonly string[]} | undefined;
	/** Hook metadata recorded with the run. */
	hook?: {event: string; agent: string | null} | undefined;
	/** A synthetic workflow (hook `run` commands) instead of one from tutti.toml. */
	inline?: WorkflowConfig | undefined;
	/** Environment added to command steps (hooks pass their recursion depth). */
	env?: Record<string, string> | undefined;
};
