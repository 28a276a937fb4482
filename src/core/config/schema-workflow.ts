import * as z from 'zod';
import {label, nonEmpty, positiveInt, projectPath, projectPathOrTemplate} from './rules.js';

/** How a failing step affects the run: `open` records a warning and continues, `closed` stops. */
export const FailModeSchema = z.enum(['open', 'closed']);
export type FailMode = z.infer<typeof FailModeSchema>;

/** Keys every step type accepts. `depends_on` lists 1-based step numbers (a DAG for every type). */
const stepBase = {
	/** Names the step's outputs (`{{output.<id>.path}}`) and its records. */
	id: z.string().optional(),
	/** 1-based indices of the steps this one waits for. @default [] */
	depends_on: z.array(z.number().int()).default(() => []),
};

/**
 * tutti's addition: what must hold after a prompt step's turn, for the step to count as done (a
 * turn that ends without an error is no proof the work was done).
 */
export const PromptExpectSchema = z.object({
	/** Shell text run with `/bin/sh -lc` in the agent's directory after the turn; must exit 0. Allowed by `[permissions] allow` like command steps. */
	command: z.string().optional(),
	/** Files, relative to the agent's directory, that must exist after the turn. @default [] */
	files: z.array(projectPath).default(() => []),
	/** The turn must have made a commit (the agent's HEAD moved). @default false */
	commit: z.boolean().default(false),
	/** Longest run of `command`. @default 300 */
	timeout_secs: positiveInt.default(300),
	/** `closed`: an unmet check fails the step; `open`: the step succeeds with a warning. @default 'closed' */
	fail_mode: FailModeSchema.default('closed'),
});
export type PromptExpectConfig = z.infer<typeof PromptExpectSchema>;

export const PromptStepSchema = z.object({
	type: z.literal('prompt'),
	...stepBase,
	/** The agent the prompt is typed into. */
	agent: nonEmpty,
	/** The prompt; `{{output.<id>.<key>}}` inserts an earlier step's output. */
	text: z.string(),
	/** Files copied into the agent's worktree before the prompt. @default [] */
	inject_files: z.array(projectPathOrTemplate).default(() => []),
	/** JSON file the agent writes; parsed into the step output (requires `id`). */
	output_json: projectPathOrTemplate.optional(),
	/** Wait until the agent's turn ends before the step counts as done. @default false */
	wait_for_idle: z.boolean().default(false),
	/** Longest wait for the turn to end. @default 900 */
	wait_timeout_secs: positiveInt.default(900),
	/** @default 30 */
	startup_grace_secs: z.number().int().nonnegative().default(30),
	/** Glob for an artifact the agent produces (`{slug}`, `{workspace}`, `{agent}`, leading `~/`). */
	artifact_glob: z.string().optional(),
	artifact_name: z.string().optional(),
	/** Checks after the turn (needs `wait_for_idle`); see PromptExpectSchema. */
	expect: PromptExpectSchema.optional(),
});

export const CommandStepSchema = z.object({
	type: z.literal('command'),
	...stepBase,
	/** Shell text run with `/bin/sh -lc`. */
	run: z.string(),
	/** @default 'workspace' */
	cwd: z.enum(['workspace', 'agent_worktree']).default('workspace'),
	subdir: projectPath.optional(),
	agent: nonEmpty.optional(),
	/** @default 900 */
	timeout_secs: positiveInt.default(900),
	/** @default 'open' */
	fail_mode: FailModeSchema.default('open'),
	output_json: projectPathOrTemplate.optional(),
});

export const EnsureRunningStepSchema = z.object({
	type: z.literal('ensure_running'),
	...stepBase,
	agent: nonEmpty,
	/** @default 'closed' */
	fail_mode: FailModeSchema.default('closed'),
});

export const NestedWorkflowStepSchema = z.object({
	type: z.literal('workflow'),
	...stepBase,
	workflow: nonEmpty,
	/** Agent override passed to the nested workflow. */
	agent: nonEmpty.optional(),
	/** Unset: inherit the parent run's strictness. */
	strict: z.boolean().optional(),
	/** @default 'closed' */
	fail_mode: FailModeSchema.default('closed'),
});

export const ReviewStepSchema = z.object({
	type: z.literal('review'),
	...stepBase,
	/** The agent whose work is reviewed. */
	agent: nonEmpty,
	/** @default 'reviewer' */
	reviewer: nonEmpty.default('reviewer'),
	/** @default 'closed' */
	fail_mode: FailModeSchema.default('closed'),
});

export const LandStepSchema = z.object({
	type: z.literal('land'),
	...stepBase,
	agent: nonEmpty,
	/** @default false */
	pr: z.boolean().default(false),
	/** @default false */
	force: z.boolean().default(false),
	/**
	 * tutti's addition: land through the merge queue (`tt land --queue`). `true` lands `agent`;
	 * a list lands `agent`, then these agents, one at a time. Each branch is replayed on the latest
	 * target in a scratch worktree and verified; a conflict, a failing `verify` (or, with `pr`,
	 * red required checks or unresolved review threads) is sent back to its agent as a prompt and
	 * the queue moves on. The step fails when any was sent back. @default false
	 */
	queue: z.union([z.boolean(), z.array(nonEmpty)]).default(false),
	/** With `queue`: shell text (`/bin/sh -lc`) that must exit 0 in the replayed tree before it lands. Unset: the command steps of the `verify` workflow, if there is one. */
	verify: z.string().optional(),
	/** @default 'closed' */
	fail_mode: FailModeSchema.default('closed'),
});

export const StepSchema = z.discriminatedUnion('type', [
	PromptStepSchema,
	CommandStepSchema,
	EnsureRunningStepSchema,
	NestedWorkflowStepSchema,
	ReviewStepSchema,
	LandStepSchema,
]);

export const stepTypes = ['prompt', 'command', 'ensure_running', 'workflow', 'review', 'land'] as const;
export type StepType = (typeof stepTypes)[number];

export const WorkflowSchema = z.object({
	name: label,
	description: z.string().optional(),
	/** 5-field cron expression, evaluated in `[workspace] timezone`. */
	schedule: z.string().optional(),
	/**
	 * Renew the issue claim this run holds while it runs: `true` for the state file
	 * `tt issue-claim acquire` writes by default (`.tutti/state/auto/selected_issue.json`), or a path
	 * inside the project. Renewed every third of the lease; a claim acquired by a step of the run is
	 * picked up when it appears. A lost lease is an `issue_claim.lost` event.
	 */
	claim_heartbeat: z.union([z.boolean(), z.string().min(1)]).optional(),
	step: z.array(StepSchema).min(1),
});

export const HookSchema = z.object({
	event: z.enum(['agent_stop', 'workflow_complete']),
	agent: nonEmpty.optional(),
	workflow_source: z.enum(['run', 'verify', 'hook_agent_stop', 'observe_cycle', 'hook_workflow_complete']).optional(),
	workflow_name: nonEmpty.optional(),
	workflow: nonEmpty.optional(),
	run: nonEmpty.optional(),
	/** @default 900 */
	timeout_secs: positiveInt.default(900),
	/** @default 'open' */
	fail_mode: FailModeSchema.default('open'),
});

export const WebhookSchema = z.object({
	/** Event source to match; `"*"` matches any. */
	source: nonEmpty,
	/** Event names; empty or `"*"` matches all. @default [] */
	events: z.array(z.string()).default(() => []),
	workflow: nonEmpty.optional(),
	agent: nonEmpty.optional(),
	/** Only with `agent`; `{{event.dotted.path}}` templating. */
	prompt: z.string().optional(),
});

export type PromptStepConfig = z.infer<typeof PromptStepSchema>;
export type CommandStepConfig = z.infer<typeof CommandStepSchema>;
export type EnsureRunningStepConfig = z.infer<typeof EnsureRunningStepSchema>;
export type NestedWorkflowStepConfig = z.infer<typeof NestedWorkflowStepSchema>;
export type ReviewStepConfig = z.infer<typeof ReviewStepSchema>;
export type LandStepConfig = z.infer<typeof LandStepSchema>;
export type StepConfig = z.infer<typeof StepSchema>;
export type WorkflowConfig = z.infer<typeof WorkflowSchema>;
export type HookConfig = z.infer<typeof HookSchema>;
export type WebhookConfig = z.infer<typeof WebhookSchema>;
