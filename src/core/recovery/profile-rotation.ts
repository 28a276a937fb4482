import type {WorkspaceContext} from '../agents/context.js';
import {readAgentRecord} from '../agents/record.js';
import {waitUntilReady} from '../agents/send.js';
import {restartAgent} from '../actions/stop.js';
import {findAgent} from '../config/resolve.js';
import {applyHandoff} from '../handoff/apply.js';
import {generateHandoff} from '../handoff/generate.js';
import {log} from '../log.js';
import {chooseProfile} from '../profiles/choose.js';
import {launchProfiles, rotationEnabled} from '../profiles/select.js';
import type {AgentState} from '../state/types.js';
import {namesRotation} from './strategy.js';

export type ProfileRotationOptions = {
	/** A profile that hit a limit is not gone back to for this long (a plan's usage block). @default 5 h */
	limitedForMs?: number;
	/** How long the new session may take to show its prompt before the packet is typed. @default 60_000 */
	readyTimeoutMs?: number;
};

const causes: Partial<Record<AgentState, string>> = {rate_limited: 'rate limited', auth_failed: 'login failed'};

/**
 * Run-time profile rotation: with rotation on (`[resilience] rate_limit_strategy = "rotate"` for
 * limits; either key for a lost login), an agent that runs out of quota or loses its login on one
 * account profile is started again on the next profile of its provider that has room. Its
 * conversation goes along: resumed where the new account can see it, otherwise a handoff packet
 * written before the move is typed into the new session. A profile that hit a limit is not taken
 * again for `limitedForMs`; with no profile left the caller's fallback (waiting) applies. Each
 * move is `agent.recovery_attempted` → `recovery_succeeded` / `recovery_failed` (`rotate_profile`).
 */
export class ProfileRotation {
	readonly #ctx: WorkspaceContext;
	readonly #limitedForMs: number;
	readonly #readyTimeoutMs: number;
	/** agent → profile → when it hit a limit there. */
	readonly #limited = new Map<string, Map<string, number>>();
	readonly #moving = new Set<string>();
	readonly #attempts = new Map<string, number>();
	readonly #pending = new Set<Promise<void>>();
	#stopped = false;

	constructor(ctx: WorkspaceContext, options: ProfileRotationOptions = {}) {
		this.#ctx = ctx;
		this.#limitedForMs = options.limitedForMs ?? 5 * 3_600_000;
		this.#readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
	}

	/** Whether this recorded state is one rotation answers for this agent (cheap: no tmux call). */
	wants(agent: string, state: AgentState): boolean {
		if (this.#stopped || this.#moving.has(agent) || !this.#enabledFor(state)) return false;
		const from = readAgentRecord(this.#ctx, agent)?.profile;
		return typeof from === 'string' && this.#candidates(agent, from).length > 0;
	}

	/** Moves the agent to another profile; `fallback` runs when none has room after all. */
	rotate(agent: string, state: AgentState, fallback: () => void): void {
		this.#moving.add(agent);
		const work = this.#move(agent, state, fallback)
			.catch((error: unknown) => log.error('profile rotation failed', {agent, error: String(error)}))
			.finally(() => this.#moving.delete(agent));
		this.#pending.add(work);
		void work.finally(() => this.#pending.delete(work));
	}

	async stop(): Promise<void> {
		this.#stopped = true;
		await Promise.allSettled([...this.#pending]);
	}

	#enabledFor(state: AgentState): boolean {
		const global = this.#ctx.services.global;
		if (state === 'rate_limited') return namesRotation(global.resilience.rate_limit_strategy);
		return state === 'auth_failed' && rotationEnabled(global);
	}

	/** The other profiles of the agent's provider, in launch order, that have not hit a limit lately. */
	#candidates(agent: string, from: string): string[] {
		const config = this.#ctx.config.agent.find((candidate) => candidate.name === agent);
		if (!config) return [];
		const recent = this.#recentlyLimited(agent);
		return launchProfiles(this.#ctx.services.global, this.#ctx.config.workspace.auth?.default_profile, this.#ctx.runtimeOf(config))
			.map((profile) => profile.name)
			.filter((name) => name !== from && !recent.has(name));
	}

	#recentlyLimited(agent: string): Set<string> {
		const since = Date.now() - this.#limitedForMs;
		return new Set([...(this.#limited.get(agent) ?? new Map<string, number>())].filter(([, at]) => at >= since).map(([name]) => name));
	}

	async #move(agent: string, state: AgentState, fallback: () => void): Promise<void> {
		const ctx = this.#ctx;
		const config = findAgent(ctx.config, agent);
		const from = readAgentRecord(ctx, agent)?.profile;
		if (typeof from !== 'string') return fallback();
		const marks = this.#limited.get(agent) ?? new Map<string, number>();
		marks.set(from, Date.now());
		this.#limited.set(agent, marks);
		const skip = this.#recentlyLimited(agent);
		// Room is counted now (max_concurrent over every registered workspace): none left → wait instead.
		const target = await chooseProfile(ctx, agent, ctx.runtimeOf(config), skip).then(
			(chosen) => chosen.profile?.name,
			() => undefined,
		);
		if (target === undefined || this.#stopped) return fallback();
		const attempt = (this.#attempts.get(agent) ?? 0) + 1;
		this.#attempts.set(agent, attempt);
		const cause = causes[state] ?? state;
		ctx.emit('agent.recovery_attempted', agent, {strategy: 'rotate_profile', trigger: `${cause} on profile "${from}"`, attempt, delay_ms: 0, from_profile: from, to_profile: target});
		try {
			// Written before the move: the next account may not see this conversation.
			const packet = await generateHandoff(ctx, agent, {reason: `moved from profile "${from}" to "${target}": ${cause}`}).then(
				(generated) => generated.packet,
				(error: unknown) => {
					log.warn('no handoff packet before a profile rotation', {agent, error: String(error)});
					return undefined;
				},
			);
			const {started} = await restartAgent(ctx, agent, {skipProfiles: skip});
			const conversation = started?.conversation;
			let carried: string;
			if (conversation?.kind === 'resumed') carried = `resumed ${conversation.id ?? ''}`.trim();
			else if (packet !== undefined) {
				const ready = await waitUntilReady(ctx, config, this.#readyTimeoutMs);
				if (ready.state !== 'idle' && ready.state !== 'needs_input') throw new Error(`the new session on profile "${started?.profile ?? target}" is ${ready.state}, so the handoff packet was not typed`);
				await applyHandoff(ctx, agent, {packet});
				carried = `new conversation, handed the packet ${packet.split('/').at(-1) ?? packet}`;
			} else carried = 'new conversation (no handoff packet could be written)';
			ctx.emit('agent.recovery_succeeded', agent, {strategy: 'rotate_profile', attempt, conversation: `on profile "${started?.profile ?? target}": ${carried}`});
		} catch (error) {
			ctx.emit('agent.recovery_failed', agent, {strategy: 'rotate_profile', attempt, error: error instanceof Error ? error.message : String(error)});
		}
	}
}
