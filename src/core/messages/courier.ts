import type {WorkspaceContext} from '../agents/context.js';
import {log} from '../log.js';
import type {AgentState} from '../state/types.js';
import {pendingRecipients} from '../store/mailbox.js';
import {deliverMessages} from './deliver.js';

/** A recipient whose messages are held is looked at again at most this often from the poll (one capture each). */
const retryEveryMs = 2_000;

/**
 * The recorder's part in delivery (`tt watch`, `tt serve`): an agent it records as idle gets its
 * waiting messages at once; each poll round also picks up messages other processes stored (at
 * once) and looks again at held ones and claims left behind (at most every {@link retryEveryMs}). One delivery per agent
 * at a time in this process; across processes the claim decides.
 */
export class MessageCourier {
	readonly #ctx: WorkspaceContext;
	readonly #running = new Map<string, Promise<void>>();
	readonly #lastTry = new Map<string, number>();
	#stopped = false;

	constructor(ctx: WorkspaceContext) {
		this.#ctx = ctx;
	}

	onRecorded(agent: string, state: AgentState): void {
		if (state === 'idle') this.#kick(agent);
	}

	poll(): void {
		let recipients: Array<{recipient: string; fresh: boolean}>;
		try {
			recipients = pendingRecipients(this.#ctx.store).filter((row) => row.recipient !== 'human');
		} catch (error) {
			log.warn('could not read the mailbox', {error: String(error)});
			return;
		}
		const now = Date.now();
		// Messages never tried go at once; held ones are looked at again every few seconds.
		for (const {recipient, fresh} of recipients) if (fresh || now - (this.#lastTry.get(recipient) ?? 0) >= retryEveryMs) this.#kick(recipient);
	}

	#kick(agent: string): void {
		if (this.#stopped || this.#running.has(agent)) return;
		this.#lastTry.set(agent, Date.now());
		const run = deliverMessages(this.#ctx, agent)
			.then(() => undefined)
			.catch((error: unknown) => log.warn('message delivery failed', {agent, error: String(error)}))
			.finally(() => this.#running.delete(agent));
		this.#running.set(agent, run);
	}

	async stop(): Promise<void> {
		this.#stopped = true;
		await Promise.all(this.#running.values());
	}
}
