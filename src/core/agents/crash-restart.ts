import type {StoredEvent} from '../store/store.js';
import type {StateVerdict} from '../state/types.js';
import {log} from '../log.js';
import type {WorkspaceContext} from './context.js';
import {readAgentRecord} from './record.js';

export type CrashRestartOptions = {
	/** Cooldown before the first restart; doubles with each quick failure. @default 2_000 */
	baseDelayMs?: number;
	/** @default 60_000 */
	maxDelayMs?: number;
	/** A crash this soon after the agent (re)started counts as a quick failure. @default 60_000 */
	quickFailureMs?: number;
	/** Quick failures in a row after which the agent is parked. @default 3 */
	parkAfter?: number;
	/** Starts the agent again (tests replace it). @default `tt up <agent>`, resuming its conversation */
	restart?: (agent: string) => Promise<{ok: boolean; error?: string; conversation?: string}>;
};

const strategy = 'crash_restart';

/**
 * Brings back persistent agents whose CLI crashed — the recorder's half of "never lose your work".
 * A `persistent = true` agent whose pane died with a failure (a non-zero exit status, a signal, or
 * a status tmux never learned) is started again with `tt up`, which resumes its conversation,
 * after a cooldown that doubles with each quick failure (2 s, 4 s, 8 s … at most 60 s); the
 * `agent.recovery_attempted` event is written when it restarts, with the exit status by then known. A CLI
 * that quits cleanly (status 0: someone typed /exit) and a session tutti stopped itself are left
 * alone. After `parkAfter` quick failures in a row the agent is parked — not restarted again, with
 * an `agent.parked` event saying why and what to do — until it is seen running again (someone ran
 * `tt up <agent>`). Only the process that recorded the crash acts on it (the store records each
 * change once), so several recorders restart an agent once.
 */
export class CrashRestarts {
	readonly #ctx: WorkspaceContext;
	readonly #options: Required<Omit<CrashRestartOptions, 'restart'>> & Pick<CrashRestartOptions, 'restart'>;
	readonly #quickFailures = new Map<string, number>();
	readonly #parked = new Set<string>();
	readonly #timers = new Map<string, NodeJS.Timeout>();
	readonly #pending = new Set<Promise<unknown>>();
	#stopped = false;

	constructor(ctx: WorkspaceContext, options: CrashRestartOptions = {}) {
		this.#ctx = ctx;
		this.#options = {baseDelayMs: options.baseDelayMs ?? 2_000, maxDelayMs: options.maxDelayMs ?? 60_000, quickFailureMs: options.quickFailureMs ?? 60_000, parkAfter: options.parkAfter ?? 3, restart: options.restart};
	}

	/** A state change this process recorded (`event` is what the store wrote). */
	onRecorded(agent: string, verdict: StateVerdict, event: StoredEvent): void {
		if (this.#stopped) return;
		if (verdict.state !== 'stopped') {
			// Running again (restarted by us or by a person): a parked agent is back in care.
			if (verdict.state !== 'starting' && verdict.state !== 'unknown') this.#parked.delete(agent);
			return;
		}
		const config = this.#ctx.config.agent.find((candidate) => candidate.name === agent);
		if (!config?.persistent || verdict.rule !== 'pane.dead' || verdict.exitStatus === 0) return;
		if (this.#parked.has(agent) || this.#timers.has(agent)) return;
		const startedAt = Date.parse(readAgentRecord(this.#ctx, agent)?.started_at ?? '');
		const quick = Number.isFinite(startedAt) && Date.parse(event.timestamp) - startedAt < this.#options.quickFailureMs;
		const failures = quick ? (this.#quickFailures.get(agent) ?? 0) + 1 : 1;
		const delayMs = Math.min(this.#options.maxDelayMs, this.#options.baseDelayMs * 2 ** (failures - 1));
		// The cooldown also lets tmux learn the exit status, which it often reports after the pane
		// is already dead: the decision is taken when it ends.
		this.#timers.set(
			agent,
			setTimeout(() => {
				this.#timers.delete(agent);
				this.#track(this.#decide(agent, failures, delayMs));
			}, delayMs),
		);
	}

	async #decide(agent: string, failures: number, delayMs: number): Promise<void> {
		if (this.#stopped) return;
		const pane = await this.#ctx.services.tmux.paneInfo(this.#ctx.sessionOf(agent));
		// Gone (stopped by tt down meanwhile) or running again (someone started it): nothing to do.
		if (!pane?.dead) return;
		if (pane.deadStatus === 0) {
			this.#quickFailures.delete(agent);
			return;
		}
		this.#quickFailures.set(agent, failures);
		const trigger = pane.deadStatus === undefined ? 'exited (status unknown: a signal, or tmux never learned it)' : `exited with status ${pane.deadStatus}`;
		if (failures > this.#options.parkAfter) {
			this.#parked.add(agent);
			this.#ctx.emit('agent.parked', agent, {
				reason: `its CLI failed ${failures - 1} times in a row, each within ${Math.round(this.#options.quickFailureMs / 1000)} s of starting (last: ${trigger})`,
				failures: failures - 1,
				hint: `Look at why: tt logs ${agent} (or tt peek ${agent}); start it again with tt up ${agent}`,
			});
			return;
		}
		this.#ctx.emit('agent.recovery_attempted', agent, {strategy, trigger, attempt: failures, delay_ms: delayMs});
		await this.#restart(agent, failures);
	}

	/** Stops scheduling; waits for restarts already under way. */
	async stop(): Promise<void> {
		this.#stopped = true;
		for (const timer of this.#timers.values()) clearTimeout(timer);
		this.#timers.clear();
		await Promise.allSettled([...this.#pending]);
	}

	async #restart(agent: string, attempt: number): Promise<void> {
		if (this.#stopped) return;
		const outcome = await (this.#options.restart ?? ((name) => restartWithUp(this.#ctx, name)))(agent);
		if (outcome.ok) this.#ctx.emit('agent.recovery_succeeded', agent, {strategy, attempt, conversation: outcome.conversation ?? null});
		else this.#ctx.emit('agent.recovery_failed', agent, {strategy, attempt, error: outcome.error ?? 'unknown error'});
	}

	#track(work: Promise<unknown>): void {
		const tracked = work.catch((error: unknown) => log.error('crash restart failed', {error: String(error)}));
		this.#pending.add(tracked);
		void tracked.finally(() => this.#pending.delete(tracked));
	}
}

/** `tt up <agent>`: relaunches a dead pane, resuming the recorded conversation where the CLI can. */
async function restartWithUp(ctx: WorkspaceContext, agent: string): Promise<{ok: boolean; error?: string; conversation?: string}> {
	const {upAgents} = await import('./up.js');
	const [result] = await upAgents(ctx, {agents: [agent]});
	if (!result || result.error || result.outcome === 'failed') return {ok: false, error: result?.error?.message ?? 'tt up failed'};
	const conversation = result.conversation;
	return {ok: true, ...(conversation ? {conversation: conversation.kind === 'resumed' ? `resumed ${conversation.id ?? ''}`.trim() : conversation.kind} : {})};
}
