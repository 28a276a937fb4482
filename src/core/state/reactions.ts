import type {WorkspaceContext} from '../agents/context.js';
import {CrashRestarts, type CrashRestartOptions} from '../agents/crash-restart.js';
import {HandoffTriggers} from '../handoff/auto.js';
import {Notifier} from '../notify/notifier.js';
import {WaitRecovery, type WaitRecoveryOptions} from '../recovery/wait-recovery.js';
import type {StoredEvent} from '../store/store.js';
import type {StateVerdict} from './types.js';

export type ReactionOptions = {crashRestart?: CrashRestartOptions | undefined; waitRecovery?: WaitRecoveryOptions | undefined};

/**
 * What the recorder does about the state changes it records, beyond recording them: handoff
 * packets (context threshold, lost login), crash restarts, waiting out limits and outages, and
 * telling a person. Each hears only the changes this process recorded, so several recorders act once.
 */
export class RecordedReactions {
	readonly #handoffs: HandoffTriggers;
	readonly #crashes: CrashRestarts;
	readonly #waits: WaitRecovery;
	readonly #notifier: Notifier;

	constructor(ctx: WorkspaceContext, screenOf: (agent: string) => readonly string[] | undefined, options: ReactionOptions = {}) {
		this.#handoffs = new HandoffTriggers(ctx);
		this.#crashes = new CrashRestarts(ctx, options.crashRestart);
		this.#waits = new WaitRecovery(ctx, screenOf, options.waitRecovery);
		this.#notifier = new Notifier(ctx);
	}

	onRecorded(agent: string, verdict: StateVerdict, event: StoredEvent): void {
		this.#handoffs.onRecorded(agent, verdict.state);
		this.#crashes.onRecorded(agent, verdict, event);
		this.#waits.onRecorded(agent, verdict);
		this.#notifier.onRecorded(agent, verdict, event);
	}

	/** Each poll round: events other processes wrote (workflow ends, parked agents) for the notifier. */
	poll(): void {
		this.#notifier.readEvents();
	}

	/** Stops scheduling, and waits for what is under way. */
	async stop(): Promise<void> {
		await this.#crashes.stop();
		await this.#waits.stop();
		await this.#notifier.settle();
		await this.#handoffs.settle();
	}
}
