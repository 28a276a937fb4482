import type {WorkspaceContext} from '../../core/agents/context.js';
import {profileAgents} from '../../core/profiles/choose.js';
import {rotationEnabled} from '../../core/profiles/select.js';
import {profileWindows, type ProfileWindows} from '../../core/profiles/windows.js';
import {blockText, weekText} from '../../core/model/windows-text.js';
import {table} from '../output.js';
import {handler, type Register} from '../program.js';

/** `tt profiles`: the account profiles of the global config, what selects each account, and who runs on it. */
export const registerProfiles: Register = (program, runtime) => {
	program
		.command('profiles')
		.description('the account profiles of the global config: command, account, limits, and the agents on each')
		.option('--json', 'machine-readable output')
		.addHelpText('after', '\nProfiles are [[profile]] tables in the global config (tt doctor prints its path); a workspace picks one with\n[workspace.auth] default_profile. With [resilience] rate_limit_strategy = "rotate", a launch that finds its\nprofile at max_concurrent goes to the next profile of the same provider (by priority).')
		.action(
			handler(runtime, async (flags: {json?: boolean}) => {
				const services = await runtime.services();
				const ctx = await anyWorkspace(runtime);
				const rows = [];
				// The plan's windows of each profile's account (the same figures as tt usage --windows).
				const windows = new Map((await profileWindows(services.global, services.env)).map((entry) => [entry.profile, entry]));
				for (const profile of services.global.profile) {
					const agents = ctx ? await profileAgents(ctx, profile) : [];
					rows.push({
						name: profile.name,
						provider: profile.provider,
						plan: profile.plan ?? null,
						command: profile.command,
						account: profile.env ?? {},
						priority: profile.priority ?? null,
						max_concurrent: profile.max_concurrent ?? null,
						running: agents.filter((agent) => agent.running).length,
						agents,
						usage: usageOf(windows.get(profile.name)),
					});
				}
				if (flags.json) return runtime.output.json({rotation: rotationEnabled(services.global), profiles: rows});
				if (rows.length === 0) return runtime.output.out('No [[profile]] in the global config: every agent runs its CLI\'s own binary and account (see tt profiles --help).');
				runtime.output.out(
					table(
						['Profile', 'Provider', 'Plan', 'Command', 'Account', 'Running', 'Agents', 'Usage'],
						rows.map((row) => [
							row.name,
							row.provider,
							row.plan ?? '',
							row.command,
							Object.entries(row.account).map(([key, value]) => `${key}=${value}`).join(' ') || 'the CLI\'s default',
							`${row.running}${row.max_concurrent === null ? '' : `/${row.max_concurrent}`}`,
							row.agents.map((agent) => `${agent.agent}${agent.running ? '*' : ''}`).join(', ') || '–',
							row.usage ? `${blockText(row.usage.block)} · ${weekText(row.usage.week)}` : '–',
						]),
					),
				);
				runtime.output.out(`\n* running · rotation ${rotationEnabled(services.global) ? 'on' : 'off'} ([resilience] rate_limit_strategy / provider_down_strategy = "rotate")`);
			}),
		);
};

/** A profile's windows without the block history (tt usage --windows --json has it). */
function usageOf(entry: ProfileWindows | undefined): Pick<ProfileWindows, 'block' | 'week'> | null {
	return entry ? {block: entry.block, week: entry.week} : null;
}

/** The current workspace, else the first registered one that loads: the vantage point for counting running agents. */
async function anyWorkspace(runtime: Parameters<Register>[1]): Promise<WorkspaceContext | undefined> {
	try {
		return await runtime.workspace();
	} catch {
		return (await runtime.allWorkspaces().catch(() => []))[0];
	}
}
