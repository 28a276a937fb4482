import type {WorkspaceContext} from '../agents/context.js';
import {CrashRestarts, type CrashRestartOptions} from '../agents/crash-restart.js';
import {captureOnStateChange} from '../agents/conversation.js';
import {HandoffTriggers} from '../handoff/auto.js';
import {log} from '../log.js';
import {MessageCourier} from '../messages/courier.js';
import {Notifier} from '../notify/notifier.js';
import {LoginRestart, type LoginRestartOptions} from '../recovery/login-restart.js';
import {ProfileRotation, type ProfileRotationOptions} from '../recovery/profile-rotation.js';
import {WaitRecovery, type WaitRecoveryOptions} from '../recovery/wait-recovery.js';
import type {StoredEvent} from '../store/store.js';
import type {StateVerdict} from './types.js';

export type ReactionOptions = {crashRestart?: CrashRestartOptions | undefined; waitRecovery?: WaitRecoveryOptions | undefined; profileRotation?: ProfileRotationOptions | undefined; loginRestart?: LoginRestartOptions | undefined};

/**
 * What the recorder does about the state changes it records, beyond recording them: handoff
 * packets (context threshold, lost login), crash restarts, moving to another account profile or
 * waiting out limits and outages, restarting once a lost login is renewed, telling a person, and delivering messages at turn boundaries (core/messages). Each hears only the changes this process recorded, so several recorders act once.
 */
export class RecordedReactions {
	readonly #handoffs: HandoffTriggers;
	readonly #crashes: CrashRestarts;
	readonly #waits: WaitRecovery;
	readonly #rotation: ProfileRotation;
	readonly #logins: LoginRestart;
	readonly #notifier: Notifier;
	readonly #courier: MessageCourier;
	readonly #ctx: WorkspaceContext;
	/** The newest state recorded per agent: a fallback decided later must still be about it. */
	readonly #latest = new Map<string, StateVerdict['state']>();

	constructor(ctx: WorkspaceContext, screenOf: (agent: string) => readonly string[] | undefined, options: ReactionOptions = {}) {
		this.#ctx = ctx;
		this.#handoffs = new HandoffTriggers(ctx);
		this.#crashes = new CrashRestarts(ctx, options.crashRestart);
		this.#waits = new WaitRecovery(ctx, screenOf, options.waitRecovery);
		this.#rotation = new ProfileRotation(ctx, options.profileRotation);
		this.#logins = new LoginRestart(ctx, options.loginRestart);
		this.#notifier = new Notifier(ctx);
		this.#courier = new MessageCourier(ctx);
	}

	/**
	 * Records a state change in the store and sets off what it causes (below); the CLI's session id
	 * is looked for on each change too. The event, or undefined when the store refused it.
	 */
	record(agent: string, verdict: StateVerdict): StoredEvent | undefined {
		let event: StoredEvent | undefined;
		try {
			event = this.#ctx.store.recordState(this.#ctx.name, agent, {state: verdict.state, source: verdict.source, rule: verdict.rule, detail: verdict.detail, data: verdict.exitStatus === undefined ? {} : {exit_status: verdict.exitStatus}});
		} catch (error) {
			log.error('could not record state', {agent, error: String(error)});
		}
		if (event) this.onRecorded(agent, verdict, event);
		try {
			captureOnStateChange(this.#ctx, agent, verdict.state);
		} catch (error) {
			log.error('could not look for the session id', {agent, error: String(error)});
		}
		return event;
	}

	onRecorded(agent: string, verdict: StateVerdict, event: StoredEvent): void {
		this.#handoffs.onRecorded(agent, verdict.state);
		this.#crashes.onRecorded(agent, verdict, event);
		this.#latest.set(agent, verdict.state);
		// Another account with room takes a limited or logged-out agent over; with none, it waits the
		// limit out, or for a person to sign in again.
		const stay = () => {
			this.#waits.onRecorded(agent, verdict);
			this.#logins.onRecorded(agent, verdict.state);
		};
		if (this.#rotation.wants(agent, verdict.state))
			this.#rotation.rotate(agent, verdict.state, () => {
				if (this.#latest.get(agent) === verdict.state) stay();
			});
		else stay();
		this.#notifier.onRecorded(agent, verdict, event);
		this.#courier.onRecorded(agent, verdict.state);
	}

	/** Each poll round: events other processes wrote (workflow ends, parked agents) for the notifier. */
	poll(): void {
		this.#notifier.readEvents();
		this.#courier.poll();
	}

	/** Stops scheduling, and waits for what is under way. */
	async stop(): Promise<void> {
		await this.#courier.stop();
		await this.#crashes.stop();
		await this.#rotation.stop();
		await this.#logins.stop();
		await this.#waits.stop();
		await this.#notifier.settle();
		await this.#handoffs.settle();
	}
}
