import {setTimeout as delay} from 'node:timers/promises';
import type {WorkspaceContext} from '../agents/context.js';
import {observeAgent} from '../agents/observe.js';
import type {UpResult} from '../agents/up.js';
import type {AgentConfig} from '../config/index.js';
import type {AgentState} from '../state/types.js';
import {TuttiError} from '../errors.js';
import {launchProfiles, rotationEnabled} from './select.js';

const failures: Partial<Record<AgentState, string>> = {auth_failed: 'auth failed', rate_limited: 'rate limited', provider_down: 'provider down'};

/**
 * Launch-time profile rotation (reference §11.3): with rotation on and another profile of the
 * provider left, a launch whose CLI shows a lost login, a rate limit or a provider outage within its
 * first seconds is stopped and tried again on the next profile — saying which failed and why. The
 * last profile's launch stays, whatever it shows: the agent is not left stopped.
 */
export async function launchRotating(ctx: WorkspaceContext, agent: AgentConfig, launch: (skip: ReadonlySet<string>) => Promise<UpResult>, options: {watchMs?: number; skip?: ReadonlySet<string> | undefined} = {}): Promise<UpResult> {
	const failed = new Set<string>(options.skip);
	const notes: string[] = [];
	for (;;) {
		let result: UpResult;
		try {
			result = await launch(failed);
		} catch (error) {
			// A profile whose command is not installed: the next one may be (reference: "unavailable binary ⇒ next attempt").
			const profile = error instanceof TuttiError && error.code === 'ERR_RUNTIME_MISSING' ? error.details?.['profile'] : undefined;
			if (typeof profile !== 'string' || !rotationEnabled(ctx.services.global) || failed.has(profile)) throw error;
			notes.push(`launch failed on profile "${profile}" (${error instanceof Error ? error.message : String(error)}); trying the next profile`);
			failed.add(profile);
			continue;
		}
		const profile = result.profile;
		if (!profile || result.outcome === 'already_running' || !rotationEnabled(ctx.services.global)) return withNotes(result, notes);
		const left = launchProfiles(ctx.services.global, ctx.config.workspace.auth?.default_profile, ctx.runtimeOf(agent)).filter((entry) => entry.name !== profile && !failed.has(entry.name));
		if (left.length === 0) return withNotes(result, notes);
		const failure = await earlyFailure(ctx, agent, options.watchMs ?? 5000);
		if (failure === undefined) return withNotes(result, notes);
		notes.push(`launch failed on profile "${profile}" (${failure}); trying the next profile`);
		failed.add(profile);
		await ctx.services.tmux.killSession(ctx.sessionOf(agent.name));
	}
}

/** What the CLI shows in its first seconds: a failure of its account, or undefined once it is ready (or says nothing). */
async function earlyFailure(ctx: WorkspaceContext, agent: AgentConfig, watchMs: number): Promise<string | undefined> {
	const deadline = Date.now() + watchMs;
	while (Date.now() < deadline) {
		const {state} = (await observeAgent(ctx, agent)).verdict;
		const failure = failures[state];
		if (failure !== undefined) return failure;
		if (state === 'idle' || state === 'needs_input' || state === 'working' || state === 'stopped') return undefined;
		await delay(200);
	}
	return undefined;
}

function withNotes(result: UpResult, notes: readonly string[]): UpResult {
	return notes.length === 0 ? result : {...result, warnings: [...notes, ...result.warnings]};
}
