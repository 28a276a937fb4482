import os from 'node:os';
import path from 'node:path';
import type {RuntimeId} from '../agents/adapter.js';
import type {WorkspaceContext} from '../agents/context.js';
import {readAgentRecord} from '../agents/record.js';
import {listRegisteredWorkspaces, loadWorkspaceConfig, resolveAgentRuntime, type AgentConfig, type ProfileConfig, type TuttiConfig} from '../config/index.js';
import {workspacePaths} from '../workspace/paths.js';
import {TuttiError} from '../errors.js';
import {findExecutable} from '../process/which.js';
import {sessionName} from '../tmux/names.js';
import {launchProfiles, profileFits} from './select.js';

export type ChosenProfile = {
	/** Undefined: no profile fits; the runtime's own binary and the caller's account. */
	profile: ProfileConfig | undefined;
	/** The profile's account environment, `~` expanded. */
	env: Record<string, string>;
	warnings: string[];
};

/**
 * The account profile an agent's launch uses: the first of {@link launchProfiles} with room under
 * its `max_concurrent` — counted over every registered workspace on this tmux server — or, when
 * all are full, `error[policy]` naming the limit and who holds it (nothing is started).
 */
export async function chooseProfile(ctx: WorkspaceContext, agentName: string, runtime: RuntimeId, skip: ReadonlySet<string> = new Set()): Promise<ChosenProfile> {
	const attempts = launchProfiles(ctx.services.global, ctx.config.workspace.auth?.default_profile, runtime).filter((profile) => !skip.has(profile.name));
	if (attempts.length === 0) return {profile: undefined, env: {}, warnings: []};
	const full: string[] = [];
	for (const profile of attempts) {
		if (profile.max_concurrent !== undefined) {
			const holders = (await agentsOnProfile(ctx, profile)).filter((holder) => holder !== `${ctx.name}/${agentName}`);
			if (holders.length >= profile.max_concurrent) {
				full.push(`"${profile.name}" allows ${profile.max_concurrent} at once and runs ${holders.join(', ')}`);
				continue;
			}
		}
		const warnings = full.length > 0 ? [`profile ${full.join('; ')}: started on profile "${profile.name}" instead`] : [];
		return {profile, env: accountEnv(profile, ctx.services.env['HOME'] || os.homedir()), warnings};
	}
	throw new TuttiError('ERR_LIMIT', `cannot start ${agentName}: profile ${full.join('; profile ')}`, {
		hint: `Stop one of them (tt down <agent>), or raise max_concurrent of the profile in the global config${attempts.length === 1 ? ' (with [resilience] rate_limit_strategy = "rotate", other profiles of the same provider are tried)' : ''}.`,
	});
}

/** The running agents (`workspace/agent`) whose launches use `profile`. */
export async function agentsOnProfile(ctx: WorkspaceContext, profile: ProfileConfig): Promise<string[]> {
	return (await profileAgents(ctx, profile)).filter((entry) => entry.running).map((entry) => entry.agent);
}

/**
 * The agents (`workspace/agent`) on `profile`, in this workspace and every registered one: those
 * running that were launched on it (their launch record says so), and those stopped that would
 * launch on it (their workspace's default profile, a runtime it fits); `running` tells them apart.
 */
export async function profileAgents(ctx: WorkspaceContext, profile: ProfileConfig): Promise<Array<{agent: string; running: boolean}>> {
	const live = new Set((await ctx.services.tmux.listPanes()).filter((pane) => !pane.dead).map((pane) => pane.session));
	const agents: Array<{agent: string; running: boolean}> = [];
	for (const {root, config} of knownWorkspaces(ctx)) {
		const paths = {paths: workspacePaths(root)};
		for (const agent of config.agent) {
			const running = live.has(sessionName(config.workspace.name, agent.name));
			const record = running ? readAgentRecord(paths, agent.name) : undefined;
			const recorded = record && 'profile' in record ? record.profile : undefined;
			const onIt = recorded !== undefined ? recorded === profile.name : config.workspace.auth?.default_profile === profile.name && fits(ctx, config, agent, profile);
			if (onIt) agents.push({agent: `${config.workspace.name}/${agent.name}`, running});
		}
	}
	return agents;
}

function fits(ctx: WorkspaceContext, config: TuttiConfig, agent: AgentConfig, profile: ProfileConfig): boolean {
	try {
		return profileFits(profile, config === ctx.config ? ctx.runtimeOf(agent) : resolveAgentRuntime(config, agent));
	} catch {
		return false;
	}
}

/** This workspace and every registered one (configs that no longer load are skipped). */
function knownWorkspaces(ctx: WorkspaceContext): Array<{root: string; config: TuttiConfig}> {
	const configs = new Map<string, TuttiConfig>([[path.resolve(ctx.root), ctx.config]]);
	let registered: Array<{root: string}> = [];
	try {
		registered = listRegisteredWorkspaces(ctx.services.env);
	} catch {
		// An unreadable global config: this workspace is all there is to count.
	}
	for (const entry of registered) {
		const root = path.resolve(entry.root);
		if (configs.has(root)) continue;
		try {
			configs.set(root, loadWorkspaceConfig(root).config);
		} catch {
			// Moved or broken: it runs nothing tutti can count.
		}
	}
	return [...configs.entries()].map(([root, config]) => ({root, config}));
}

/** A profile's command runs through `sh -c`: its program must be on PATH, or the pane would just die. */
export function assertProfileCommand(profile: ProfileConfig, envPath: string | undefined, agent: string): void {
	const program = profile.command
		.trim()
		.split(/\s+/)
		.find((word) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(word));
	if (program !== undefined && !findExecutable(program, envPath)) {
		throw new TuttiError('ERR_RUNTIME_MISSING', `${program} (the command of profile "${profile.name}", which ${agent} runs on) is not installed or not on PATH`, {
			hint: `Install it, or fix the [[profile]] "${profile.name}" command in the global config.`,
			details: {profile: profile.name},
		});
	}
}

/** The environment that selects a profile's account (`env`), a leading `~` expanded to `home`. */
export function accountEnv(profile: ProfileConfig, home: string): Record<string, string> {
	return Object.fromEntries(Object.entries(profile.env ?? {}).map(([key, value]) => [key, value === '~' ? home : value.startsWith('~/') ? path.join(home, value.slice(2)) : value]));
}
