import type {WorkspaceContext} from '../agents/context.js';
import type {AgentConfig} from '../config/index.js';
import {agentBranch} from '../config/resolve.js';
import {remoteTmuxOf} from './host-tmux.js';
import {fetchAgentBranch} from './remote-workspace.js';

/**
 * Before a look at an agent's commits (diff, land): an agent on a `[[host]]` has its branch
 * fetched from there first. Nothing happens for an agent on this machine.
 */
export async function syncAgentBranch(ctx: WorkspaceContext, agent: AgentConfig): Promise<void> {
	const remote = remoteTmuxOf(ctx.services.tmux, ctx.sessionOf(agent.name));
	if (remote) await fetchAgentBranch({tmux: remote, runner: ctx.services.runner, root: ctx.root, workspace: ctx.name, branch: agentBranch(agent)});
}
