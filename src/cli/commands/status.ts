import {workspaceStatus, type AgentStatus} from '../../core/agents/status.js';
import {statePresentation} from '../../core/model/presentation.js';
import {formatResources} from '../../core/model/resources-text.js';
import type {AgentState} from '../../core/state/types.js';
import {paint, table, type Output, type Style} from '../output.js';
import {handler, type Register} from '../program.js';

const stateStyle: Record<AgentState, Style> = {
	starting: 'cyan',
	working: 'green',
	idle: 'dim',
	needs_input: 'yellow',
	auth_failed: 'red',
	rate_limited: 'magenta',
	provider_down: 'magenta',
	stalled: 'yellow',
	stopped: 'gray',
	unreachable: 'red',
	unknown: 'gray',
};

export function formatState(output: Output, state: AgentState, exitStatus?: number | null): string {
	const {glyph, label} = statePresentation[state];
	const suffix = state === 'stopped' && exitStatus !== undefined && exitStatus !== null ? ` (exit ${exitStatus})` : '';
	return paint(output, stateStyle[state], `${glyph} ${label}${suffix}`);
}

type StatusFlags = {workspace?: string; all?: boolean; json?: boolean};

export const registerStatus: Register = (program, runtime) => {
	const statusAction = handler(runtime, async (flags: StatusFlags) => {
		const contexts = flags.all ? await runtime.allWorkspaces() : [await runtime.workspace({workspace: flags.workspace})];
		const statuses: AgentStatus[] = [];
		for (const ctx of contexts) statuses.push(...(await workspaceStatus(ctx)));
		if (flags.json) {
			runtime.output.json(statuses);
			return;
		}
		if (statuses.length === 0) {
			runtime.output.out('No agents in this workspace. Add [[agent]] entries to tutti.toml.');
			return;
		}
		const multi = contexts.length > 1;
		runtime.output.out(
			table(
				[...(multi ? ['Workspace'] : []), 'Agent', 'Runtime', 'State', 'Mem CPU', 'Session', 'Branch', 'Detail'],
				statuses.map((status) => [
					...(multi ? [status.workspace] : []),
					status.name,
					status.runtime,
					formatState(runtime.output, status.state, status.exit_status),
					status.running ? formatResources(status) : paint(runtime.output, 'dim', '—'),
					status.running ? status.session : paint(runtime.output, 'dim', '—'),
					status.branch ?? '(project root)',
					status.problem ? paint(runtime.output, 'yellow', `⚠ ${status.problem}`) : truncate(status.detail ?? '', 48),
				]),
			),
		);
	});
	for (const name of ['status', 'voices']) {
		program
			.command(name)
			.description(name === 'status' ? 'show every agent and the state it is in now' : 'alias of status')
			.option('-w, --workspace <name>', 'a registered workspace instead of the current directory')
			.option('--all', 'every registered workspace')
			.option('--json', 'machine-readable output')
			.action(statusAction);
	}

	const workspaces = program.command('workspaces').description('list registered workspaces').option('--json', 'machine-readable output');
	workspaces.action(
		handler(runtime, async (flags: {json?: boolean}) => {
			const {listRegisteredWorkspaces, loadWorkspaceConfig} = await import('../../core/config/index.js');
			const rows = listRegisteredWorkspaces().map((entry) => {
				try {
					const loaded = loadWorkspaceConfig(entry.root);
					return {name: entry.name, path: entry.root, agents: loaded.config.agent.length, error: null as string | null};
				} catch (error) {
					return {name: entry.name, path: entry.root, agents: null, error: error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error)};
				}
			});
			if (flags.json) return runtime.output.json(rows);
			if (rows.length === 0) return runtime.output.out('No registered workspaces. Run `tt init` in a project to register it.');
			runtime.output.out(table(['Workspace', 'Path', 'Agents'], rows.map((row) => [row.name, row.path, row.agents === null ? '?' : String(row.agents)])));
		}),
	);
	workspaces
		.command('status')
		.description('running agents per registered workspace')
		.option('--json', 'machine-readable output')
		.action(
			handler(runtime, async (flags: {json?: boolean}) => {
				const rows = [];
				for (const ctx of await runtime.allWorkspaces()) {
					const statuses = await workspaceStatus(ctx);
					rows.push({workspace: ctx.name, path: ctx.root, agents: statuses.length, running: statuses.filter((status) => status.running).length});
				}
				if (flags.json) return runtime.output.json(rows);
				runtime.output.out(table(['Workspace', 'Agents', 'Running'], rows.map((row) => [row.workspace, String(row.agents), `${row.running}/${row.agents}`])));
			}),
		);
};

function truncate(text: string, max: number): string {
	return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
