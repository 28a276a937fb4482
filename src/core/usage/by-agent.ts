import path from 'node:path';
import {Attributor, type WorkspaceInfo} from './attribute.js';
import {contextHealth, type ContextHealth, type ContextWindowOf} from './context-health.js';
import {scanUsage} from './scan.js';
import type {TokenCounts} from './types.js';

export type AgentTokens = TokenCounts & {byModel: Map<string, TokenCounts>};

export type WorkspaceUsage = {agents: Map<string, AgentTokens>; context: Map<string, ContextHealth>};

function add(into: TokenCounts, from: TokenCounts): void {
	into.input_tokens += from.input_tokens;
	into.output_tokens += from.output_tokens;
	into.cache_read_tokens += from.cache_read_tokens;
	into.cache_creation_tokens += from.cache_creation_tokens;
}

const zero = (): TokenCounts => ({input_tokens: 0, output_tokens: 0, cache_read_tokens: 0, cache_creation_tokens: 0});

/**
 * Token usage of one workspace's agents (all time, or since `since`), per agent and per model,
 * with each agent's context health: what the TUI focus view and the dashboard show.
 */
export async function workspaceUsage(workspace: WorkspaceInfo, env: NodeJS.ProcessEnv, windowOf: ContextWindowOf, options: {since?: Date} = {}): Promise<WorkspaceUsage> {
	const workPaths = [workspace.root, ...workspace.agents.map((agent) => path.join(workspace.root, '.tutti', 'worktrees', agent.name))];
	const scan = await scanUsage({env, demoProjects: [workspace.root], knownPaths: workPaths, modifiedSince: options.since?.getTime()});
	const attributor = new Attributor([workspace]);
	const agents = new Map<string, AgentTokens>();
	for (const record of scan.records) {
		if (options.since && record.timestamp < options.since.getTime()) continue;
		const owner = attributor.attribute(record.cwd);
		if (owner?.workspace !== workspace.name || owner.agent === null) continue;
		let entry = agents.get(owner.agent);
		if (!entry) agents.set(owner.agent, (entry = {...zero(), byModel: new Map()}));
		add(entry, record);
		let model = entry.byModel.get(record.model);
		if (!model) entry.byModel.set(record.model, (model = zero()));
		add(model, record);
	}
	const context = new Map(contextHealth(scan.records, attributor, workspace, windowOf).map((entry) => [entry.agent, entry]));
	return {agents, context};
}
