import type {WorkspaceContext} from '../agents/context.js';
import {syncAgentBranch} from '../hosts/sync.js';
import {agentBranch, findAgent} from '../config/resolve.js';
import {land, type LandResult} from '../git/index.js';
import {withLease} from '../store/leases.js';

export type LandAgentOptions = {force?: boolean | undefined; pr?: boolean | undefined; includeUncommitted?: boolean | undefined};

/**
 * Lands an agent's work (cherry-pick onto the project's branch, or a PR) — the one land used by
 * `tt land`, `l` in `tt watch` and the API. One land at a time per workspace, across processes
 * (two would race on the project's working tree); one `agent.landed` event of one shape.
 */
export async function landAgent(ctx: WorkspaceContext, agentName: string, options: LandAgentOptions = {}): Promise<LandResult> {
	const agent = findAgent(ctx.config, agentName);
	await syncAgentBranch(ctx, agent);
	const result = await withLease(ctx.store, 'land', () => land({root: ctx.root, agent: agent.name, branch: agentBranch(agent), force: options.force, pr: options.pr, includeUncommitted: options.includeUncommitted, env: ctx.services.env, runner: ctx.services.runner}));
	ctx.emit('agent.landed', agent.name, {branch: result.branch, target: result.target, landed: result.landed.map((commit) => commit.hash), pr: result.pr?.url ?? null});
	return result;
}
