import {existsSync} from 'node:fs';
import type {AgentConfig} from '../config/index.js';
import {agentUsesWorktree} from '../config/resolve.js';
import {worktreePath} from '../workspace/paths.js';
import type {WorkspaceContext} from './context.js';
import {remoteTmuxOf} from '../hosts/host-tmux.js';

/**
 * The worktree an agent works in, when it should have one and the folder is gone (deleted by
 * hand): the CLI still runs, but its next prompt fails. Undefined when all is well.
 */
export function missingWorktree(ctx: WorkspaceContext, agent: AgentConfig): string | undefined {
	// An agent on a `[[host]]` has its worktree there, not under this project.
	if (!agentUsesWorktree(ctx.config, agent) || remoteTmuxOf(ctx.services.tmux, ctx.sessionOf(agent.name))) return undefined;
	const dir = worktreePath(ctx.root, agent.name);
	return existsSync(dir) ? undefined : dir;
}

/** What to tell a person about a running agent whose worktree is gone. */
export function missingWorktreeProblem(agent: string, dir: string): string {
	return `its worktree ${dir} was deleted; \`tt up ${agent}\` recreates it and restarts the agent`;
}
