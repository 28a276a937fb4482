import {hibernateIdle} from '../../core/actions/hibernate.js';
import {findAgent} from '../../core/config/resolve.js';
import {workspaceStatus} from '../../core/agents/status.js';
import {describeDuration, parseDuration} from '../../core/duration.js';
import {errorJson, TuttiError} from '../../core/errors.js';
import {paint} from '../output.js';
import type {CliRuntime} from '../program.js';

/** `tt down --idle <duration>`: stops the agents idle at least that long, saying how long each was. */
export async function downIdle(runtime: CliRuntime, agent: string | undefined, flags: {workspace?: string; all?: boolean; clean?: boolean; idle?: string; json?: boolean}): Promise<number> {
	const idleForMs = parseDuration(flags.idle ?? '');
	if (idleForMs === undefined) throw new TuttiError('ERR_USAGE', `--idle expects a duration such as 30m, 2h or 90s, not "${flags.idle}"`, {hint: 'tt down --idle 30m'});
	// A hibernated agent comes back in its conversation and its worktree: removing it defeats that.
	if (flags.clean) throw new TuttiError('ERR_USAGE', '--idle keeps the worktrees (the agents come back to them); it does not go with --clean', {hint: `tt down --idle ${flags.idle}`});
	const contexts = flags.all ? await runtime.allWorkspaces() : [await runtime.workspace({workspace: flags.workspace})];
	const rows: Array<Record<string, unknown>> = [];
	let failed = false;
	for (const ctx of contexts) {
		if (agent !== undefined) findAgent(ctx.config, agent);
		// A fresh look first: without a recorder running, this records what each agent does now.
		const statuses = (await workspaceStatus(ctx)).filter((status) => agent === undefined || status.name === agent);
		const results = await hibernateIdle(ctx, {idleForMs, trigger: 'manual', candidates: statuses});
		for (const result of results) {
			failed ||= Boolean(result.error);
			rows.push({workspace: ctx.name, agent: result.agent, session: result.session, stopped: result.stopped, idle_ms: result.idleMs, error: result.error ? errorJson(result.error) : null});
			if (flags.json) continue;
			runtime.output.out(result.stopped ? `stopped ${result.agent} · idle for ${describeDuration(result.idleMs)}` : `${result.agent} was not running`);
			if (result.error) runtime.output.err(`${paint(runtime.output, 'red', `error[${result.error.category}]`)}: ${result.error.message}`);
		}
	}
	if (flags.json) {
		runtime.output.json(rows);
	} else if (rows.length === 0) {
		runtime.output.out(`No agent has been idle for ${describeDuration(idleForMs)} or more; nothing stopped.`);
	} else {
		runtime.output.out(paint(runtime.output, 'dim', 'Their conversations are kept: tt up (or tt send --auto-up) resumes them.'));
	}
	return failed ? 1 : 0;
}
