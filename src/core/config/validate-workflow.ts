import type {Findings} from './findings.js';
import {findCycles} from './graph.js';
import {valueAt} from './paths.js';
import {FILE_ID, OUTPUT_TEMPLATE} from './rules.js';
import {checkSchedule} from './schedule.js';
import type {StepConfig, WorkflowConfig} from './schema-workflow.js';
import type {TuttiConfig} from './schema-workspace.js';
import {didYouMean} from './suggest.js';

type StepContext = {
	config: TuttiConfig;
	raw: unknown;
	workflow: WorkflowConfig;
	workflowIndex: number;
	findings: Findings;
};

/** Steps a step runs after: its `depends_on`, else the previous step (reference §8.4). 0-based. */
export function effectiveDependencies(workflow: WorkflowConfig, index: number): number[] {
	const step = workflow.step[index];
	if (step && step.depends_on.length > 0) return step.depends_on.map((number) => number - 1);
	return index > 0 ? [index - 1] : [];
}

function ancestors(workflow: WorkflowConfig, index: number): Set<number> {
	const seen = new Set<number>();
	const pending = effectiveDependencies(workflow, index);
	while (pending.length > 0) {
		const next = pending.pop()!;
		if (seen.has(next) || next < 0 || next >= workflow.step.length) continue;
		seen.add(next);
		pending.push(...effectiveDependencies(workflow, next));
	}
	return seen;
}

function producesOutput(step: StepConfig): boolean {
	return (step.type === 'prompt' && (step.output_json !== undefined || step.artifact_name !== undefined)) || (step.type === 'command' && step.output_json !== undefined);
}

function checkAgent(context: StepContext, at: readonly PropertyKey[], key: string, name: string | undefined): void {
	if (name === undefined) return;
	const agents = context.config.agent.map((agent) => agent.name);
	if (!agents.includes(name)) context.findings.error(at, `${key}: unknown agent "${name}"${didYouMean(name, agents)}`);
}

/** `{{output.<id>.path|json}}` must name an earlier step (or a dependency) that produces output. */
function checkTemplates(context: StepContext, at: readonly PropertyKey[], index: number, key: string, text: string | undefined): void {
	if (text === undefined) return;
	const {workflow, findings} = context;
	const before = ancestors(workflow, index);
	if (text.replaceAll(OUTPUT_TEMPLATE, '').includes('{{output.')) findings.error(at, `${key}: unterminated {{output.…}} template`);
	for (const match of text.matchAll(OUTPUT_TEMPLATE)) {
		const [template, id = '', field = ''] = match;
		if (field !== 'path' && field !== 'json') {
			findings.error(at, `${key}: ${template} is not a valid template (use {{output.<id>.path}} or {{output.<id>.json}})`);
			continue;
		}
		const producer = workflow.step.findIndex((step) => step.id === id || (step.type === 'prompt' && step.artifact_name === id));
		const ids = workflow.step.filter(producesOutput).flatMap((step) => (step.id === undefined ? [] : [step.id]));
		if (producer === -1) findings.error(at, `${key}: ${template} names no step of this workflow${didYouMean(id, ids)}`);
		else if (producer === index) findings.error(at, `${key}: ${template} refers to the step itself`);
		else if (!producesOutput(workflow.step[producer]!)) findings.error(at, `${key}: ${template} refers to step ${producer + 1}, which has no output_json or artifact`);
		else if (!before.has(producer)) findings.error(at, `${key}: ${template} refers to step ${producer + 1}, which does not run before this step (add it to depends_on)`);
	}
}

function checkPromptStep(context: StepContext, step: Extract<StepConfig, {type: 'prompt'}>, index: number, at: readonly PropertyKey[]): void {
	const {findings, raw} = context;
	const rawStep = valueAt(raw, at) as Record<string, unknown>;
	checkAgent(context, at, 'agent', step.agent);
	if (step.text.trim() === '') findings.error(at, 'text: the prompt text is empty');
	const polling = step.artifact_glob !== undefined;
	for (const key of ['wait_timeout_secs', 'startup_grace_secs'] as const) {
		if (key in rawStep && !step.wait_for_idle && !polling) findings.error(at, `${key} is only allowed with wait_for_idle = true or an artifact_glob`);
	}
	if (step.output_json !== undefined && step.id === undefined) findings.error(at, 'output_json requires an id');
	if ((step.artifact_glob === undefined) !== (step.artifact_name === undefined)) findings.error(at, 'artifact_glob and artifact_name must be set together');
	if (polling && step.id === undefined) findings.error(at, 'artifact_glob requires an id');
	if (step.artifact_glob !== undefined && step.artifact_glob.trim() === '') findings.error(at, 'artifact_glob: must not be empty');
	if (step.artifact_name !== undefined && !FILE_ID.test(step.artifact_name)) {
		findings.error(at, `artifact_name: expected letters, digits, "-" and "_", got ${JSON.stringify(step.artifact_name)}`);
	}
	if (step.expect !== undefined) {
		// Checks run when the turn has ended: a step that does not wait has no "after".
		if (!step.wait_for_idle) findings.error(at, 'expect is only allowed with wait_for_idle = true (the checks run when the turn has ended)');
		if (step.expect.command !== undefined && step.expect.command.trim() === '') findings.error(at, 'expect.command: must not be empty');
		if (step.expect.command === undefined && step.expect.files.length === 0 && !step.expect.commit) findings.error(at, 'expect: set command, files or commit = true (it checks nothing)');
	}
	checkTemplates(context, at, index, 'text', step.text);
	step.inject_files.forEach((file) => checkTemplates(context, at, index, 'inject_files', file));
	checkTemplates(context, at, index, 'output_json', step.output_json);
}

function checkStep(context: StepContext, step: StepConfig, index: number): void {
	const {config, findings, workflow} = context;
	const at = ['workflow', context.workflowIndex, 'step', index] as const;
	switch (step.type) {
		case 'prompt':
			checkPromptStep(context, step, index, at);
			break;
		case 'command':
			if (step.run.trim() === '') findings.error(at, 'run: the command is empty');
			checkAgent(context, at, 'agent', step.agent);
			if (step.cwd === 'agent_worktree' && step.agent === undefined) {
				findings.warn('reference', at, 'cwd = "agent_worktree" needs an agent: set `agent`, or run the workflow with --agent');
			}
			if (step.output_json !== undefined && step.id === undefined) findings.error(at, 'output_json requires an id');
			checkTemplates(context, at, index, 'run', step.run);
			checkTemplates(context, at, index, 'output_json', step.output_json);
			break;
		case 'workflow': {
			const names = config.workflow.map((candidate) => candidate.name);
			if (step.workflow === workflow.name) findings.error(at, `workflow: a workflow cannot run itself`);
			else if (!names.includes(step.workflow)) findings.error(at, `workflow: unknown workflow "${step.workflow}"${didYouMean(step.workflow, names)}`);
			checkAgent(context, at, 'agent', step.agent);
			break;
		}
		case 'review': {
			checkAgent(context, at, 'agent', step.agent);
			const written = 'reviewer' in (valueAt(context.raw, at) as Record<string, unknown>);
			if (written) checkAgent(context, at, 'reviewer', step.reviewer);
			else if (!config.agent.some((agent) => agent.name === step.reviewer)) {
				findings.warn('reference', at, 'reviewer: no agent named "reviewer" (the default); set `reviewer` to the agent that reviews');
			}
			break;
		}
		case 'ensure_running':
			checkAgent(context, at, 'agent', step.agent);
			break;
		case 'land':
			checkAgent(context, at, 'agent', step.agent);
			checkLandQueue(context, at, step);
			break;
	}
}

/** A queued land step: its agents known and named once; `verify` only with `queue`, `force` never. */
function checkLandQueue(context: StepContext, at: readonly PropertyKey[], step: Extract<StepConfig, {type: 'land'}>): void {
	const {findings} = context;
	if (step.queue === false) {
		if (step.verify !== undefined) findings.error(at, 'verify: only a queued land verifies; set `queue = true` (or a list of agents)');
		return;
	}
	if (step.force) findings.error(at, 'force: the merge queue lands only committed work from a clean project; remove `force`');
	const more = Array.isArray(step.queue) ? step.queue : [];
	more.forEach((agent, index) => checkAgent(context, at, `queue[${index}]`, agent));
	const all = [step.agent, ...more];
	const twice = all.find((agent, index) => all.indexOf(agent) !== index);
	if (twice !== undefined) findings.error(at, `queue: agent "${twice}" is queued twice`);
}

function checkIds(context: StepContext): void {
	const seen = new Map<string, number>();
	context.workflow.step.forEach((step, index) => {
		if (step.id === undefined) return;
		const at = ['workflow', context.workflowIndex, 'step', index];
		const previous = seen.get(step.id);
		if (step.id.trim() === '') context.findings.error(at, 'id: must not be empty');
		else if (previous !== undefined) context.findings.error(at, `id: "${step.id}" is already used by step ${previous + 1}`);
		else if (!FILE_ID.test(step.id)) {
			// Output files are named after the id, so it must be a plain file name there.
			const message = `id: expected letters, digits, "-" and "_", got ${JSON.stringify(step.id)}`;
			if (producesOutput(step)) context.findings.error(at, message);
			else context.findings.warn('step_id', at, `${message}; it cannot name an output`);
		}
		seen.set(step.id, previous ?? index);
	});
}

function checkDependsOn(context: StepContext): void {
	const {workflow, findings} = context;
	const count = workflow.step.length;
	workflow.step.forEach((step, index) => {
		const at = ['workflow', context.workflowIndex, 'step', index];
		const seen = new Set<number>();
		for (const number of step.depends_on) {
			if (number < 1 || number > count) findings.error(at, `depends_on: step ${number} does not exist (steps are numbered 1 to ${count})`);
			else if (number === index + 1) findings.error(at, 'depends_on: a step cannot depend on itself');
			else if (seen.has(number)) findings.error(at, `depends_on: step ${number} is listed twice`);
			seen.add(number);
		}
	});
	const nodes = workflow.step.map((_, index) => String(index + 1));
	// Implicit edges count too: a step without depends_on runs after the previous one.
	const edges = (node: string) =>
		effectiveDependencies(workflow, Number(node) - 1)
			.map((index) => index + 1)
			.filter((number) => number !== Number(node) && number >= 1 && number <= count)
			.map(String);
	for (const cycle of findCycles(nodes, edges)) {
		findings.error(['workflow', context.workflowIndex, 'step', Number(cycle[0]) - 1], `depends_on: cycle between steps ${cycle.join(' → ')}`);
	}
}

/** Workflow rules of reference §8.1, with `depends_on` allowed on every step type. */
export function validateWorkflows(config: TuttiConfig, raw: unknown, findings: Findings): void {
	const first = new Map<string, number>();
	config.workflow.forEach((workflow, workflowIndex) => {
		const seen = first.get(workflow.name);
		if (seen !== undefined) findings.error(['workflow', workflowIndex, 'name'], `duplicate workflow name "${workflow.name}" (first defined as workflow #${seen + 1})`);
		else first.set(workflow.name, workflowIndex);
		if (workflow.schedule !== undefined) {
			const check = checkSchedule(workflow.schedule);
			if (check.error) findings.error(['workflow', workflowIndex], check.error);
			if (check.warning) findings.warn('schedule', ['workflow', workflowIndex], check.warning);
		}
		const context: StepContext = {config, raw, workflow, workflowIndex, findings};
		checkIds(context);
		checkDependsOn(context);
		workflow.step.forEach((step, index) => checkStep(context, step, index));
	});
	// Nested workflows must not call each other in a loop (tutti v0.8 looped forever).
	const nested = (name: string) =>
		config.workflow.find((workflow) => workflow.name === name)?.step.flatMap((step) => (step.type === 'workflow' && step.workflow !== name ? [step.workflow] : [])) ?? [];
	for (const cycle of findCycles([...first.keys()], nested)) {
		findings.error(['workflow', first.get(cycle[0]!)!], `nested workflows call each other in a loop: ${cycle.join(' → ')}`);
	}
}
