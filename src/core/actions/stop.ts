import type {WorkspaceContext} from '../agents/context.js';
import {downAgents, type DownOptions, type DownResult} from '../agents/down.js';
import {upAgents, type UpResult} from '../agents/up.js';
import {TuttiError} from '../errors.js';
import {runAgentStopHooks} from '../workflow/run.js';

/**
 * Stops agents the way every surface does (`tt down`, `d` in `tt watch`, the API's down): in
 * reverse `depends_on` order, recorded as stopped, then the `agent_stop` hooks of each agent that
 * was running. A failing closed hook becomes that agent's error.
 */
export async function stopAgents(ctx: WorkspaceContext, options: DownOptions = {}): Promise<DownResult[]> {
	const results = await downAgents(ctx, options);
	for (const result of results) {
		if (!result.stopped) continue;
		try {
			await runAgentStopHooks(ctx, result.agent);
		} catch (error) {
			result.error ??= error instanceof TuttiError ? error : new TuttiError('ERR_POLICY', String(error));
		}
	}
	return results;
}

/** Stops one agent (hooks included) and starts it again; with `newSession`, on a new conversation (no resume). */
export async function restartAgent(ctx: WorkspaceContext, agent: string, options: {newSession?: boolean; skipProfiles?: ReadonlySet<string>} = {}): Promise<{stopped: DownResult | undefined; started: UpResult | undefined}> {
	const [stopped] = await stopAgents(ctx, {agents: [agent]});
	if (stopped?.error) throw stopped.error;
	const [started] = await upAgents(ctx, {agents: [agent], ...(options.newSession ? {newSession: true} : {}), ...(options.skipProfiles ? {skipProfiles: options.skipProfiles} : {})});
	if (started?.error) throw started.error;
	return {stopped, started};
}
