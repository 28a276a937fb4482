import {agentBranch, findAgent, launchOrder} from '../config/resolve.js';
import {TuttiError} from '../errors.js';
import {removeWorktree, worktreesLease} from '../git/index.js';
import {withLease} from '../store/leases.js';
import {forgetAgentSession} from '../store/sessions.js';
import {recordStop, type StopReason} from './stop-record.js';
import type {WorkspaceContext} from './context.js';
import {readAgentRecord, writeAgentRecord} from './record.js';

export type DownOptions = {
	agents?: readonly string[];
	/** Also remove the agents' worktrees (refused when they hold unsaved or unlanded work). */
	clean?: boolean;
	/** With `clean`: remove even when work would be lost. */
	force?: boolean;
	/** Why tutti stops them, recorded with the stop. @default 'manual' */
	reason?: StopReason;
};

export type DownResult = {
	agent: string;
	session: string;
	stopped: boolean;
	worktreeRemoved: boolean;
	warnings: string[];
	error?: TuttiError;
};

/** Stops agents in reverse `depends_on` order; with `clean`, removes their worktrees safely. */
export async function downAgents(ctx: WorkspaceContext, options: DownOptions = {}): Promise<DownResult[]> {
	const names = options.agents ?? [];
	for (const name of names) findAgent(ctx.config, name);
	const order = launchOrder(ctx.config, names.length > 0 ? [...names] : undefined).reverse();
	// Nothing is stopped that cannot be recorded as stopped.
	ctx.assertRecordable();
	const results: DownResult[] = [];
	for (const agent of order) {
		const session = ctx.sessionOf(agent.name);
		const result: DownResult = {agent: agent.name, session, stopped: false, worktreeRemoved: false, warnings: []};
		result.stopped = await ctx.services.tmux.killSession(session);
		if (result.stopped) {
			const record = readAgentRecord(ctx, agent.name);
			if (record) writeAgentRecord(ctx, {...record, stopped_at: new Date().toISOString()});
			recordStop(ctx, agent.name, {reason: options.reason ?? 'manual', session});
		}
		if (options.clean) {
			try {
				const removal = () => removeWorktree({root: ctx.root, agent: agent.name, branch: agentBranch(agent), force: options.force ?? false, runner: ctx.services.runner});
				result.worktreeRemoved = (await withLease(ctx.store, worktreesLease, removal)).removed;
				// The conversation was about that worktree's work: the next `tt up` starts a new one.
				if (result.worktreeRemoved) forgetAgentSession(ctx.store, agent.name);
			} catch (error) {
				result.error = error instanceof TuttiError ? error : new TuttiError('ERR_GIT', String(error));
			}
		}
		results.push(result);
	}
	// The last agent gone: no idle tmux server is left behind.
	await ctx.services.tmux.stopServerIfEmpty().catch(() => undefined);
	return results;
}
