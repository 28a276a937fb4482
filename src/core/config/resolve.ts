import {TuttiError} from '../errors.js';
import type {RuntimeId} from '../agents/adapter.js';
import {stableTopologicalOrder} from './graph.js';
import type {AgentConfig, TuttiConfig} from './schema-workspace.js';
import {suggest} from './suggest.js';

/** The agent's runtime, or undefined: agent `runtime` > `[roles]` of its role > `[defaults] runtime`. */
export function runtimeOf(config: TuttiConfig, agent: AgentConfig): RuntimeId | undefined {
	return agent.runtime ?? (agent.role === undefined ? undefined : config.roles[agent.role]) ?? config.defaults.runtime;
}

/** The agent's runtime; a loaded config always has one (checked at load time). */
export function resolveAgentRuntime(config: TuttiConfig, agent: AgentConfig): RuntimeId {
	const runtime = runtimeOf(config, agent);
	if (runtime === undefined) {
		throw new TuttiError('ERR_CONFIG_INVALID', `agent "${agent.name}" has no runtime`, {
			hint: 'Set `runtime` on the agent, map its role in [roles], or set [defaults] runtime.',
		});
	}
	return runtime;
}

/** Agent `worktree` > `[defaults] worktree` (true when `[defaults]` exists, false when it does not). */
export function agentUsesWorktree(config: TuttiConfig, agent: AgentConfig): boolean {
	return agent.worktree ?? config.defaults.worktree;
}

/** The agent's worktree branch: `branch`, else `tutti/<name>`. */
export function agentBranch(agent: AgentConfig): string {
	return agent.branch ?? `tutti/${agent.name}`;
}

/** The agent called `name`, or ERR_AGENT_UNKNOWN with the closest name as a hint. */
export function findAgent(config: TuttiConfig, name: string): AgentConfig {
	const agent = config.agent.find((candidate) => candidate.name === name);
	if (agent) return agent;
	const names = config.agent.map((candidate) => candidate.name);
	const close = suggest(name, names);
	const hint =
		close !== undefined
			? `Did you mean "${close}"?`
			: names.length > 0
				? `Agents in this workspace: ${names.join(', ')}.`
				: 'This workspace has no [[agent]] entries; add one to tutti.toml.';
	throw new TuttiError('ERR_AGENT_UNKNOWN', `unknown agent "${name}"`, {hint, details: {agent: name, known: names}});
}

/**
 * Agents in launch order: dependencies (`depends_on`) first, otherwise in declaration order.
 * With `names`, only those agents, in that same relative order (unknown names throw).
 */
export function launchOrder(config: TuttiConfig, names?: readonly string[]): AgentConfig[] {
	const agents = config.agent;
	const indexOf = new Map(agents.map((agent, index) => [agent.name, index] as const));
	const order = stableTopologicalOrder(agents.length, (index) =>
		agents[index]!.depends_on.map((dependency) => indexOf.get(dependency) ?? -1),
	).map((index) => agents[index]!);
	if (names === undefined) return order;
	const wanted = new Set(names.map((name) => findAgent(config, name).name));
	return order.filter((agent) => wanted.has(agent.name));
}
