import {workspaceStatus} from '../../core/agents/status.js';
import {TuttiError} from '../../core/errors.js';
import {table} from '../output.js';
import {handler, type Register} from '../program.js';
import {formatState} from './status.js';
import {ago} from '../../core/model/time.js';

/** The reference's AgentHealth record, plus tutti's state and deciding source. */
export type AgentHealth = {
	workspace: string;
	agent: string;
	runtime: string;
	session_name: string;
	running: boolean;
	state: string;
	activity_state: 'working' | 'idle' | 'stopped' | 'unknown';
	auth_state: 'ok' | 'failed' | 'unknown';
	last_output_change_at: string | null;
	last_probe_at: string;
	reason: string | null;
	source: string;
	rule: string | null;
	/** A problem the screen does not show (a deleted worktree), with how to fix it. */
	problem: string | null;
};

export const registerHealth: Register = (program, runtime) => {
	program
		.command('health')
		.description('health of each agent: running, activity, auth, last output, and why')
		.argument('[agent]', 'only this agent')
		.option('-w, --workspace <name>', 'a registered workspace instead of the current directory')
		.option('--all', 'every registered workspace')
		.option('--json', 'machine-readable output')
		.action(
			handler(runtime, async (agent: string | undefined, flags: {workspace?: string; all?: boolean; json?: boolean}) => {
				const contexts = flags.all ? await runtime.allWorkspaces() : [await runtime.workspace({workspace: flags.workspace})];
				const now = new Date().toISOString();
				const rows: AgentHealth[] = [];
				for (const ctx of contexts) {
					if (agent && !ctx.config.agent.some((candidate) => candidate.name === agent)) {
						throw new TuttiError('ERR_AGENT_UNKNOWN', `unknown agent "${agent}" in workspace ${ctx.name}`, {hint: `Agents: ${ctx.config.agent.map((candidate) => candidate.name).join(', ')}`});
					}
					for (const status of await workspaceStatus(ctx)) {
						if (agent && status.name !== agent) continue;
						rows.push({
							workspace: status.workspace,
							agent: status.name,
							runtime: status.runtime,
							session_name: status.session,
							running: status.running,
							state: status.state,
							activity_state: status.state === 'working' || status.state === 'stalled' ? 'working' : status.state === 'stopped' ? 'stopped' : status.state === 'unknown' ? 'unknown' : 'idle',
							auth_state: status.state === 'auth_failed' ? 'failed' : status.running ? 'ok' : 'unknown',
							last_output_change_at: status.last_output_at,
							last_probe_at: now,
							reason: status.problem ?? (['auth_failed', 'rate_limited', 'provider_down', 'stalled', 'stopped', 'needs_input'].includes(status.state) ? status.detail : null),
							problem: status.problem,
							source: status.source,
							rule: status.rule,
						});
					}
				}
				if (flags.json) return runtime.output.json(rows);
				runtime.output.out(
					table(
						['Workspace', 'Agent', 'Runtime', 'Running', 'State', 'Auth', 'Last output', 'Reason'],
						rows.map((row) => [row.workspace, row.agent, row.runtime, row.running ? 'yes' : 'no', formatState(runtime.output, row.state as Parameters<typeof formatState>[1]), row.auth_state, ago(row.last_output_change_at), row.problem ? `⚠ ${row.problem}` : (row.reason ?? '').slice(0, 50)]),
					),
				);
			}),
		);
};
