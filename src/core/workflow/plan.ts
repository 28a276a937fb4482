import type {StepConfig, TuttiConfig, WorkflowConfig} from '../config/index.js';
import {findAgent, suggest} from '../config/index.js';
import {findCycles} from '../config/graph.js';
import {effectiveDependencies} from '../config/validate-workflow.js';
import {TuttiError} from '../errors.js';
import type {ResolvedStep, ResolvedWorkflow, RunOrigin} from './types.js';

/** The workflow called `name`, or ERR_USAGE naming the closest one. */
export function findWorkflow(config: TuttiConfig, name: string): WorkflowConfig {
	const workflow = config.workflow.find((candidate) => candidate.name === name);
	if (workflow) return workflow;
	const names = config.workflow.map((candidate) => candidate.name);
	const close = suggest(name, names);
	throw new TuttiError('ERR_USAGE', `unknown workflow "${name}"`, {
		hint: close ? `Did you mean "${close}"?` : names.length > 0 ? `Workflows in this workspace: ${names.join(', ')} (tt run --list).` : 'This workspace has no [[workflow]]; add one to tutti.toml.',
		details: {workflow: name, known: names},
	});
}

/** `<NNN>-<id or type>` with anything outside `[A-Za-z0-9._-]` turned into `_` (reference §8.8). */
export function stepKey(index: number, step: StepConfig): string {
	const name = (step.id ?? step.type).replace(/[^A-Za-z0-9._-]/g, '_') || step.type;
	return `${String(index + 1).padStart(3, '0')}-${name}`;
}

/** The agent a step acts on; for a review, the reviewer (who gets the prompt). */
export function stepAgent(step: StepConfig): string | undefined {
	if (step.type === 'review') return step.reviewer;
	if (step.type === 'workflow') return undefined;
	return step.agent;
}

/** Applies `--agent` (reference §8.1 resolution): agent steps, commands without an agent, nested overrides. */
function overrideAgent(step: StepConfig, agent: string | undefined): StepConfig {
	if (agent === undefined) return step;
	switch (step.type) {
		case 'prompt':
		case 'ensure_running':
		case 'land':
		case 'review':
		case 'workflow':
			return {...step, agent};
		case 'command':
			return step.agent === undefined ? {...step, agent} : step;
	}
}

/**
 * Effective fail mode (reference §8.2): prompts always stop the run; `--strict` closes every
 * step; a non-strict `tt verify` opens every command step.
 */
function failModeOf(step: StepConfig, strict: boolean, origin: RunOrigin): 'open' | 'closed' {
	if (step.type === 'prompt') return 'closed';
	if (strict) return 'closed';
	if (step.type === 'command' && origin === 'verify') return 'open';
	return step.fail_mode;
}

/** Resolves a workflow for a run: `--agent` applied, fail modes decided, dependencies as 0-based indices. */
export function resolveWorkflow(config: TuttiConfig, workflow: WorkflowConfig, options: {agent?: string | undefined; strict: boolean; origin: RunOrigin}): ResolvedWorkflow {
	if (options.agent !== undefined) findAgent(config, options.agent);
	const steps: ResolvedStep[] = workflow.step.map((original, index) => {
		const step = overrideAgent(original, options.agent);
		return {
			index,
			number: index + 1,
			type: step.type,
			id: step.type === 'prompt' || step.type === 'command' ? step.id : undefined,
			agent: stepAgent(step),
			failMode: failModeOf(step, options.strict, options.origin),
			deps: effectiveDependencies(workflow, index),
			key: stepKey(index, step),
			config: step,
		};
	});
	const nodes = steps.map((step) => String(step.number));
	const [cycle] = findCycles(nodes, (node) => steps[Number(node) - 1]!.deps.map((dep) => String(dep + 1)));
	if (cycle) {
		// Validation checks explicit depends_on; the implicit "after the previous step" can close a loop too.
		throw new TuttiError('ERR_CONFIG_INVALID', `workflow "${workflow.name}": depends_on: cycle between steps ${cycle.join(' → ')} (a step without depends_on runs after the step before it)`, {
			hint: 'Give the steps in the loop an explicit depends_on that points backwards.',
		});
	}
	return {workflow, steps, strict: options.strict, origin: options.origin, agentScope: options.agent};
}

/** `workflow "ship" step 3` — how messages name a step. */
export function stepLabel(workflow: string, step: {number: number}): string {
	return `workflow "${workflow}" step ${step.number}`;
}

/** One line describing a step, for progress and tables. */
export function stepSummary(step: StepConfig): string {
	switch (step.type) {
		case 'prompt':
			return step.text.replace(/\s+/g, ' ').trim();
		case 'command':
			return step.run.replace(/\s+/g, ' ').trim();
		case 'ensure_running':
			return `start ${step.agent} if needed`;
		case 'workflow':
			return `run workflow ${step.workflow}${step.agent ? ` for ${step.agent}` : ''}`;
		case 'review':
			return `${step.reviewer} reviews ${step.agent}`;
		case 'land':
			if (step.queue !== false) return `merge queue: land ${[step.agent, ...(Array.isArray(step.queue) ? step.queue : [])].join(', ')}${step.verify ? `, verified by ${step.verify}` : ''}${step.pr ? ' (merge gate)' : ''}`;
			return `land ${step.agent}${step.pr ? ' (pull request)' : ''}${step.force ? ' (force)' : ''}`;
	}
}
