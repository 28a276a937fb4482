import {log} from '../log.js';
import type {WorkspaceContext} from '../agents/context.js';
import type {StateVerdict} from '../state/types.js';
import {ProviderFleets} from './provider-fleet.js';
import {parseResetTime} from './reset-time.js';
import {waitStrategy} from './strategy.js';

export type WaitRecoveryOptions = {
	/** Waited past the reset time the CLI printed (clocks differ; limits lift a little late). @default 30_000 */
	resetMarginMs?: number;
	/** With no reset time on screen: the first wait, doubled each time it is still limited. @default 300_000 */
	unknownResetMs?: number;
	/** @default 3_600_000 */
	maxWaitMs?: number;
	/** A provider outage: the first wait before one agent tries again (doubles, up to maxWaitMs). @default 30_000 */
	providerDelayMs?: number;
	/** Automatic resumes per agent per day, after which it is parked. @default 8 */
	dailyBudget?: number;
	/** What is typed to go on. @default `continue` */
	resumePrompt?: string;
	/** Types the prompt (tests replace it). @default the one delivery path (leased, screen-checked) */
	resume?: (agent: string, prompt: string) => Promise<void>;
};

export type Resolved = Required<Omit<WaitRecoveryOptions, 'resume'>> & {resume: (agent: string) => Promise<void>};

/**
 * The recorder's answer to "out of quota" and "provider down": the agent's conversation is kept,
 * and it goes on by itself once the limit lifts. A rate limit waits for the reset time the CLI
 * printed (`parseResetTime`; never a guessed one: with none, a growing cooldown), then `continue`
 * is typed; it succeeded when the agent works again. A provider outage is one wait per CLI, not
 * one per agent ({@link ProviderFleets}). Each step is an event with its reason; an agent resumed
 * `dailyBudget` times in a day is parked. Only the process that recorded the state acts.
 */
export class WaitRecovery {
	readonly #ctx: WorkspaceContext;
	readonly #options: Resolved;
	readonly #screenOf: (agent: string) => readonly string[] | undefined;
	readonly #timers = new Map<string, NodeJS.Timeout>();
	readonly #attempts = new Map<string, number>();
	/** Agents typed `continue` to, until their turn ends and says whether it got through. */
	readonly #resumed = new Map<string, {attempt: number; worked: boolean}>();
	readonly #budget = new Map<string, {day: string; used: number}>();
	readonly #pending = new Set<Promise<unknown>>();
	readonly #fleets: ProviderFleets;
	#stopped = false;

	constructor(ctx: WorkspaceContext, screenOf: (agent: string) => readonly string[] | undefined, options: WaitRecoveryOptions = {}) {
		this.#ctx = ctx;
		this.#screenOf = screenOf;
		const prompt = options.resumePrompt ?? 'continue';
		this.#options = {
			resetMarginMs: options.resetMarginMs ?? 30_000,
			unknownResetMs: options.unknownResetMs ?? 300_000,
			maxWaitMs: options.maxWaitMs ?? 3_600_000,
			providerDelayMs: options.providerDelayMs ?? 30_000,
			dailyBudget: options.dailyBudget ?? 8,
			resumePrompt: prompt,
			resume: (agent) => (options.resume ?? ((name, text) => typeContinue(ctx, name, text)))(agent, prompt),
		};
		this.#fleets = new ProviderFleets(ctx, this.#options, (agent) => this.#spend(agent), (work) => this.#track(work));
	}

	/** A state change this process recorded. */
	onRecorded(agent: string, verdict: StateVerdict): void {
		if (this.#stopped) return;
		const resilience = this.#ctx.services.global.resilience;
		if (waitStrategy(resilience.provider_down_strategy) === 'wait') this.#fleets.onRecorded(agent, verdict.state);
		const resumed = this.#resumed.get(agent);
		if (resumed && verdict.state === 'working') resumed.worked = true;
		else if (resumed && (verdict.state === 'idle' || verdict.state === 'needs_input') && resumed.worked) {
			this.#resumed.delete(agent);
			this.#attempts.delete(agent);
			this.#ctx.emit('agent.recovery_succeeded', agent, {strategy: 'wait_for_reset', attempt: resumed.attempt, conversation: null});
		} else if (resumed && verdict.state !== 'unknown' && verdict.state !== 'starting' && verdict.state !== 'idle') {
			this.#resumed.delete(agent);
			this.#ctx.emit('agent.recovery_failed', agent, {strategy: 'wait_for_reset', attempt: resumed.attempt, error: `${verdict.state.replace('_', ' ')} again after continue was typed`});
		}
		if (verdict.state !== 'rate_limited') {
			// It moved on (someone typed, or it resumed): no wait pending, and the cooldown starts over.
			this.#cancel(agent);
			// Working on its own account (not the turn we asked for): the limit is behind it.
			if (verdict.state === 'working' && !this.#resumed.has(agent)) this.#attempts.delete(agent);
			return;
		}
		if (waitStrategy(resilience.rate_limit_strategy) !== 'wait' || this.#timers.has(agent)) return;
		this.#waitForReset(agent);
	}

	#waitForReset(agent: string): void {
		const now = new Date();
		const reset = parseResetTime(this.#screenOf(agent) ?? [], now);
		const attempt = (this.#attempts.get(agent) ?? 0) + 1;
		this.#attempts.set(agent, attempt);
		const delayMs = reset
			? Math.min(this.#options.maxWaitMs * 24, Math.max(0, reset.at.getTime() - now.getTime()) + this.#options.resetMarginMs)
			: Math.min(this.#options.maxWaitMs, this.#options.unknownResetMs * 2 ** (attempt - 1));
		const resumeAt = new Date(now.getTime() + delayMs).toISOString();
		this.#ctx.emit('agent.recovery_attempted', agent, {
			strategy: 'wait_for_reset',
			trigger: reset ? `rate limited: ${reset.text}` : 'rate limited; the CLI showed no reset time',
			attempt,
			delay_ms: delayMs,
			resume_at: resumeAt,
		});
		this.#timers.set(
			agent,
			setTimeout(() => {
				this.#timers.delete(agent);
				this.#track(this.#resume(agent, attempt));
			}, delayMs),
		);
	}

	async #resume(agent: string, attempt: number): Promise<void> {
		if (this.#stopped || !this.#spend(agent)) return;
		this.#resumed.set(agent, {attempt, worked: false});
		try {
			await this.#options.resume(agent);
		} catch (error) {
			this.#resumed.delete(agent);
			this.#ctx.emit('agent.recovery_failed', agent, {strategy: 'wait_for_reset', attempt, error: error instanceof Error ? error.message : String(error)});
		}
	}

	/** Counts one automatic resume against the agent's daily budget; parks it when the budget is gone. */
	#spend(agent: string): boolean {
		const day = new Date().toISOString().slice(0, 10);
		const entry = this.#budget.get(agent);
		const used = entry?.day === day ? entry.used : 0;
		if (used >= this.#options.dailyBudget) {
			this.#ctx.emit('agent.parked', agent, {
				reason: `resumed automatically ${used} times today and still blocked by its limits`,
				failures: used,
				hint: `Check the plan's limits (tt usage), then go on by hand: tt send ${agent} continue`,
			});
			return false;
		}
		this.#budget.set(agent, {day, used: used + 1});
		return true;
	}

	#cancel(agent: string): void {
		const timer = this.#timers.get(agent);
		if (timer) clearTimeout(timer);
		this.#timers.delete(agent);
	}

	#track(work: Promise<unknown>): void {
		const tracked = work.catch((error: unknown) => log.error('automatic resume failed', {error: String(error)}));
		this.#pending.add(tracked);
		void tracked.finally(() => this.#pending.delete(tracked));
	}

	async stop(): Promise<void> {
		this.#stopped = true;
		for (const timer of this.#timers.values()) clearTimeout(timer);
		this.#timers.clear();
		this.#fleets.stop();
		await Promise.allSettled([...this.#pending]);
	}
}

/** Types the resume prompt through the one delivery path (the agent's lease, screen checks, neutralised text). */
async function typeContinue(ctx: WorkspaceContext, agent: string, prompt: string): Promise<void> {
	const {findAgent} = await import('../config/resolve.js');
	const {deliverPrompt} = await import('../agents/send.js');
	await deliverPrompt(ctx, findAgent(ctx.config, agent), prompt);
}
