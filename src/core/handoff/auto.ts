import type {WorkspaceContext} from '../agents/context.js';
import {readAgentRecord} from '../agents/record.js';
import {log} from '../log.js';
import {once} from '../store/once.js';
import {readAgentSession} from '../store/sessions.js';
import type {AgentState} from '../state/types.js';
import {agentContextPct, autoTriggerPct} from './context-use.js';
import {generateHandoff, type GeneratedHandoff} from './generate.js';

/** How long the "already written for this conversation" mark is kept. */
const autoMarkTtlMs = 30 * 24 * 60 * 60 * 1000;

/** Writes the emergency packet of an agent that lost its login (reason `auth_failed`). */
export function emergencyHandoff(ctx: WorkspaceContext, agent: string): Promise<GeneratedHandoff> {
	return generateHandoff(ctx, agent, {kind: 'emergency', reason: 'auth_failed'});
}

/**
 * The packets tutti writes on its own, driven by the state changes a recorder records:
 * - an emergency packet when an agent turns `auth_failed` — once per occurrence, because only the
 *   process whose `recordState` wrote the transition is told (however many recorders run);
 * - with `[handoff] auto = true`, a packet when a turn ends (`idle`) with the context used at or
 *   above round(100 − 100 × threshold) % — once per agent per conversation (context window),
 *   claimed in the store so two recorders, or a restart, do not write it twice.
 */
export class HandoffTriggers {
	readonly #ctx: WorkspaceContext;
	readonly #contextPct: (agent: string) => Promise<number | null>;
	readonly #pending = new Set<Promise<unknown>>();

	constructor(ctx: WorkspaceContext, options: {contextPct?: (agent: string) => Promise<number | null>} = {}) {
		this.#ctx = ctx;
		this.#contextPct = options.contextPct ?? ((agent) => agentContextPct(ctx, agent));
	}

	/** A state change this process recorded (the store returned its event). */
	onRecorded(agent: string, state: AgentState): void {
		if (state === 'auth_failed') this.#track(emergencyHandoff(this.#ctx, agent), agent, 'emergency');
		else if (state === 'idle' && this.#ctx.config.handoff.auto) this.#track(this.checkContext(agent), agent, 'automatic');
	}

	/** Writes the automatic packet when the agent's context is past the threshold; returns it, if written now. */
	async checkContext(agent: string): Promise<GeneratedHandoff | undefined> {
		const pct = await this.#contextPct(agent);
		if (pct === null || pct < autoTriggerPct(this.#ctx.config.handoff.threshold)) return undefined;
		const recorded = readAgentSession(this.#ctx.store, agent);
		const conversation = recorded?.session_id ?? recorded?.launched_at ?? readAgentRecord(this.#ctx, agent)?.started_at ?? 'unknown';
		const outcome = await once(this.#ctx.store, `handoff-auto:${agent}:${conversation}`, 'handoff.auto', () => generateHandoff(this.#ctx, agent, {reason: 'auto_ctx_threshold', ctxPct: pct}), {ttlMs: autoMarkTtlMs});
		return outcome.kind === 'ran' ? outcome.value : undefined;
	}

	/** Waits for packets being written (a recorder stopping lets them finish). */
	async settle(): Promise<void> {
		await Promise.allSettled([...this.#pending]);
	}

	#track(work: Promise<unknown>, agent: string, what: string): void {
		const tracked = work.catch((error: unknown) => log.warn(`could not write the ${what} handoff packet`, {agent, error: String(error)}));
		this.#pending.add(tracked);
		void tracked.finally(() => this.#pending.delete(tracked));
	}
}
