import {randomBytes} from 'node:crypto';
import path from 'node:path';
import type {AgentConfig} from '../config/index.js';
import {memoryCapOf, memoryCappedLaunch} from '../resources/memory-cap.js';
import {sandboxedLaunch} from '../sandbox/bwrap.js';
import {signalsFile} from '../state/hook-signals.js';
import type {WorkspaceContext} from './context.js';

/** The pane command: the CLI's argv, in its bubblewrap sandbox (`sandbox = "bwrap"`), in a memory-capped systemd scope when the agent has `memory_max` and scopes work. */
export async function paneCommand(ctx: WorkspaceContext, agent: AgentConfig, argv: string[], where: {session: string; workdir: string; env: Record<string, string>; warnings: string[]}): Promise<string[]> {
	const {session, workdir, env, warnings} = where;
	const sandbox = agent.sandbox ?? ctx.config.defaults.sandbox ?? 'none';
	if (sandbox === 'bwrap') {
		const plan = {workdir, root: ctx.root, worktreesDir: path.join(ctx.root, '.tutti', 'worktrees'), home: env['HOME'], signalsFile: signalsFile(ctx.paths.state), network: agent.network ?? ctx.config.defaults.network ?? 'host'};
		argv = await sandboxedLaunch(plan, argv, ctx.services.runner, env);
	}
	const cap = memoryCapOf(ctx.config, agent);
	if (cap === undefined) return argv;
	const unit = `tutti-agent-${session.replace(/[^A-Za-z0-9_.-]/g, '_')}-${randomBytes(3).toString('hex')}`;
	const capped = await memoryCappedLaunch(cap, argv, unit, ctx.services.runner, env);
	if (capped.warning) warnings.push(capped.warning);
	return capped.argv;
}

