import {runtimeIds} from '../agents/adapter.js';
import {Findings} from './findings.js';
import {findCycles} from './graph.js';
import {agentBranch, agentUsesWorktree, runtimeOf} from './resolve.js';
import type {TuttiConfig} from './schema-workspace.js';
import {didYouMean} from './suggest.js';
import {validateWorkflows} from './validate-workflow.js';

function isTable(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Reports duplicate `name`s in an array of tables. */
function checkDuplicates(findings: Findings, key: string, items: ReadonlyArray<{name: string}>, what: string): void {
	const first = new Map<string, number>();
	items.forEach((item, index) => {
		const seen = first.get(item.name);
		if (seen === undefined) first.set(item.name, index);
		else findings.error([key, index, 'name'], `duplicate ${what} name "${item.name}" (first defined as ${key} #${seen + 1})`);
	});
}

/**
 * `answers` are a custom runtime's: a built-in adapter declares its own keys, and config must not
 * quietly press others. tutti answers only an agent that needs input, which a custom runtime's
 * screen says through its `needs_input` patterns.
 */
function validateAnswers(findings: Findings, at: readonly [string, number], runtime: string | undefined, needsInput: readonly string[]): void {
	if (runtime !== undefined && runtime !== 'custom') {
		findings.error([...at, 'answers'], `answers are for runtime "custom" only: the ${runtime} runtime declares the keys of its own dialogs`);
	} else if (needsInput.length === 0) {
		findings.warn('unused', [...at, 'answers'], 'answers are used only while the agent needs input, and no [agent.screen] needs_input pattern says when it does: add one that matches the dialog');
	}
}

function validateAgents(config: TuttiConfig, raw: Record<string, unknown>, findings: Findings): void {
	checkDuplicates(findings, 'agent', config.agent, 'agent');
	const names = config.agent.map((agent) => agent.name);
	const roles = Object.keys(config.roles);
	const branches = new Map<string, string>();
	config.agent.forEach((agent, index) => {
		const at = ['agent', index] as const;
		if (agent.role !== undefined && !(agent.role in config.roles)) {
			const known = roles.length > 0 ? ` (defined roles: ${roles.join(', ')})` : '';
			findings.error([...at, 'role'], `role "${agent.role}" is not defined in [roles]${known}; add \`${agent.role} = "<runtime>"\` under [roles]`);
		}
		const runtime = runtimeOf(config, agent);
		if (runtime === undefined && (agent.role === undefined || agent.role in config.roles)) {
			findings.error([...at], `no runtime: set \`runtime\` on the agent, map its role in [roles], or set [defaults] runtime (allowed: ${runtimeIds.join(', ')})`);
		}
		if (runtime === 'custom' && agent.command === undefined) {
			findings.error([...at], 'runtime "custom" requires `command` (the CLI to launch, e.g. command = ["my-agent", "--flag"])');
		}
		if ((agent.network ?? config.defaults.network) === 'none' && (agent.sandbox ?? config.defaults.sandbox ?? 'none') === 'none') {
			findings.error([...at, 'network'], 'network = "none" needs a sandbox to hold it: set sandbox = "bwrap" on the agent (or in [defaults])');
		}
		if (agent.answers !== undefined && agent.answers.length > 0) validateAnswers(findings, at, runtime, agent.screen?.needs_input ?? []);
		agent.depends_on.forEach((dependency, position) => {
			if (dependency === agent.name) findings.error([...at, 'depends_on', position], 'an agent cannot depend on itself');
			else if (!names.includes(dependency)) findings.error([...at, 'depends_on', position], `unknown agent "${dependency}"${didYouMean(dependency, names)}`);
		});
		if (agentUsesWorktree(config, agent)) {
			const branch = agentBranch(agent);
			const owner = branches.get(branch);
			if (owner !== undefined && owner !== agent.name) findings.error([...at, 'branch'], `branch "${branch}" is already used by agent "${owner}"; each worktree needs its own branch`);
			else branches.set(branch, agent.name);
		}
	});
	const edges = (name: string) => config.agent.find((agent) => agent.name === name)?.depends_on.filter((dependency) => dependency !== name) ?? [];
	for (const cycle of findCycles([...new Set(names)], edges)) {
		const index = config.agent.findIndex((agent) => agent.name === cycle[0]);
		findings.error(['agent', index, 'depends_on'], `dependency cycle: ${cycle.join(' → ')}`);
	}
	// tutti v0.8 turns worktrees off when [defaults] is missing; say so once.
	const rawAgents = Array.isArray(raw['agent']) ? raw['agent'] : [];
	if (raw['defaults'] === undefined && rawAgents.some((agent) => isTable(agent) && !('worktree' in agent))) {
		findings.warn(
			'no_defaults_table',
			[],
			'no [defaults] table: agents run in the project root without their own worktree (as in tutti v0.8); add `[defaults]` with `worktree = true` to give each agent its own worktree',
		);
	}
}

function validateHooks(config: TuttiConfig, findings: Findings): void {
	const agents = config.agent.map((agent) => agent.name);
	const workflows = config.workflow.map((workflow) => workflow.name);
	config.hook.forEach((hook, index) => {
		const at = ['hook', index] as const;
		if (hook.event !== 'workflow_complete') {
			if (hook.workflow_source !== undefined) findings.error([...at, 'workflow_source'], 'only allowed with event = "workflow_complete"');
			if (hook.workflow_name !== undefined) findings.error([...at, 'workflow_name'], 'only allowed with event = "workflow_complete"');
		}
		if ((hook.workflow === undefined) === (hook.run === undefined)) findings.error([...at], 'set exactly one of `workflow` or `run`');
		if (hook.workflow !== undefined && !workflows.includes(hook.workflow)) {
			findings.error([...at, 'workflow'], `unknown workflow "${hook.workflow}"${didYouMean(hook.workflow, workflows)}`);
		}
		if (hook.agent !== undefined && !agents.includes(hook.agent)) findings.error([...at, 'agent'], `unknown agent "${hook.agent}"${didYouMean(hook.agent, agents)}`);
	});
}

function validateWebhooks(config: TuttiConfig, findings: Findings): void {
	const agents = config.agent.map((agent) => agent.name);
	const workflows = config.workflow.map((workflow) => workflow.name);
	config.webhook.forEach((webhook, index) => {
		const at = ['webhook', index] as const;
		if ((webhook.workflow === undefined) === (webhook.agent === undefined)) findings.error([...at], 'set exactly one of `workflow` or `agent`');
		if (webhook.prompt !== undefined && webhook.agent === undefined) findings.error([...at, 'prompt'], '`prompt` is only allowed together with `agent`');
		if (webhook.workflow !== undefined && !workflows.includes(webhook.workflow)) {
			findings.error([...at, 'workflow'], `unknown workflow "${webhook.workflow}"${didYouMean(webhook.workflow, workflows)}`);
		}
		if (webhook.agent !== undefined && !agents.includes(webhook.agent)) findings.error([...at, 'agent'], `unknown agent "${webhook.agent}"${didYouMean(webhook.agent, agents)}`);
	});
}

function validateBudget(config: TuttiConfig, findings: Findings): void {
	const agents = config.agent.map((agent) => agent.name);
	for (const key of ['agent_weekly_tokens', 'agent_weekly_usd'] as const) {
		for (const name of Object.keys(config.budget?.[key] ?? {})) {
			if (!agents.includes(name)) findings.error(['budget', key, name], `unknown agent "${name}"${didYouMean(name, agents)}`);
		}
	}
}

/**
 * Cross-field rules of a schema-valid config. `raw` is the parsed TOML (before defaults), used
 * to tell keys the user wrote from defaults and to name array entries in messages.
 */
export function validateWorkspaceConfig(config: TuttiConfig, raw: Record<string, unknown>): Findings {
	const findings = new Findings(raw);
	validateAgents(config, raw, findings);
	checkDuplicates(findings, 'tool_pack', config.tool_pack, 'tool_pack');
	validateWorkflows(config, raw, findings);
	validateHooks(config, findings);
	validateWebhooks(config, findings);
	validateBudget(config, findings);
	return findings;
}
