import {existsSync, statSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {WorkspaceContext} from '../agents/context.js';
import {describeError} from './engine.js';
import {findWorkflow, resolveWorkflow, stepSummary} from './plan.js';
import {resolveInside} from './safe-path.js';
import type {ResolvedStep, RunOrigin} from './types.js';
import {worktreePath} from '../workspace/paths.js';

type Common = {index: number; id: string | null; depends_on: number[]; wave: number};

/** One step of `tt run --dry-run --json` (reference §8.13), tagged by `type`. */
export type DryRunStep = Common &
	(
		| {type: 'prompt'; agent: string; summary: string; inject_files: number; artifact_glob?: string; artifact_name?: string; wait_for_idle: boolean}
		| {type: 'command'; agent: string | null; cwd: string; fail_mode: string; command: string; summary: string; timeout_secs: number}
		| {type: 'ensure_running'; agent: string; fail_mode: string}
		| {type: 'workflow'; workflow: string; agent: string | null; strict: boolean; fail_mode: string}
		| {type: 'land'; agent: string; pr: boolean; force: boolean; fail_mode: string; queue: string[] | null; verify: string | null}
		| {type: 'review'; agent: string; reviewer: string; fail_mode: string}
	);

export type DryRunPlan = {workflow: string; description: string | null; strict: boolean; agent_scope: string | null; steps: DryRunStep[]; warnings: string[]; errors: string[]};

/** Wave of each step: 1 + the latest wave among its dependencies (steps of a wave can run together). */
function waves(steps: readonly ResolvedStep[]): number[] {
	const wave: number[] = [];
	// Dependencies may point forward (depends_on = [5] on step 2): resolve them first (the graph is acyclic).
	const of = (index: number): number => (wave[index] ??= 1 + Math.max(0, ...(steps[index]?.deps ?? []).map(of)));
	for (const step of steps) of(step.index);
	return wave;
}

/**
 * What `tt run <workflow>` would do, without doing it: agents and the `--agent` override resolved,
 * command directories checked, `{slug}` availability checked; literal command strings.
 */
export function planRun(ctx: WorkspaceContext, options: {workflow: string; agent?: string | undefined; strict?: boolean | undefined; origin?: RunOrigin}): DryRunPlan {
	const workflow = findWorkflow(ctx.config, options.workflow);
	const resolved = resolveWorkflow(ctx.config, workflow, {agent: options.agent, strict: options.strict ?? false, origin: options.origin ?? 'run'});
	const wave = waves(resolved.steps);
	const warnings: string[] = [];
	const errors: string[] = [];
	const steps = resolved.steps.map((step): DryRunStep => {
		const common: Common = {index: step.number, id: step.id ?? null, depends_on: step.deps.map((dep) => dep + 1), wave: wave[step.index] ?? 1};
		const label = `step ${step.number}`;
		const config = step.config;
		switch (config.type) {
			case 'prompt': {
				if (config.artifact_glob?.includes('{slug}')) {
					const bin = path.join(ctx.services.env['HOME'] || os.homedir(), '.claude', 'skills', 'gstack', 'bin', 'gstack-slug');
					if (!existsSync(bin)) errors.push(`${label}: artifact_glob uses {slug}, which needs ${bin} (gstack)`);
				}
				const artifact = config.artifact_glob ? {artifact_glob: config.artifact_glob, artifact_name: config.artifact_name ?? ''} : {};
				return {...common, type: 'prompt', agent: config.agent, summary: stepSummary(config), inject_files: config.inject_files.length, ...artifact, wait_for_idle: config.wait_for_idle};
			}
			case 'command': {
				let cwd = ctx.root;
				if (config.cwd === 'agent_worktree') {
					if (config.agent === undefined) errors.push(`${label}: cwd = "agent_worktree" needs an agent (set agent, or pass --agent)`);
					else {
						cwd = worktreePath(ctx.root, config.agent);
						if (!existsSync(cwd)) warnings.push(`${label}: the worktree of ${config.agent} does not exist yet (${cwd}); it is created when the agent starts`);
					}
				}
				if (config.subdir !== undefined) {
					try {
						const dir = resolveInside(cwd, config.subdir, `${label}: subdir`);
						if (existsSync(cwd) && !(existsSync(dir) && statSync(dir).isDirectory())) errors.push(`${label}: subdir ${config.subdir} does not exist in ${cwd}`);
						cwd = dir;
					} catch (error) {
						errors.push(describeError(error));
					}
				}
				return {...common, type: 'command', agent: config.agent ?? null, cwd, fail_mode: step.failMode, command: config.run, summary: stepSummary(config), timeout_secs: config.timeout_secs};
			}
			case 'ensure_running':
				return {...common, type: 'ensure_running', agent: config.agent, fail_mode: step.failMode};
			case 'workflow':
				return {...common, type: 'workflow', workflow: config.workflow, agent: config.agent ?? null, strict: config.strict ?? resolved.strict, fail_mode: step.failMode};
			case 'land':
				return {...common, type: 'land', agent: config.agent, pr: config.pr, force: config.force, fail_mode: step.failMode, queue: config.queue === false ? null : [config.agent, ...(Array.isArray(config.queue) ? config.queue : [])], verify: config.verify ?? null};
			case 'review':
				return {...common, type: 'review', agent: config.agent, reviewer: config.reviewer, fail_mode: step.failMode};
		}
	});
	return {workflow: workflow.name, description: workflow.description ?? null, strict: resolved.strict, agent_scope: resolved.agentScope ?? null, steps, warnings, errors};
}
