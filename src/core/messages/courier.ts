import type {WorkspaceContext} from '../agents/context.js';
import {log} from '../log.js';
import type {AgentState} from '../state/types.js';
import {pendingRecipients} from '../store/mailbox.js';
import {deliverMessages} from './deliver.js';

/** A recipient whose messages are held is looked at again at most this often from the poll (one capture each). */
const retryEveryMs = 2_000;

/**
 * The recorder's part in delivery (`tt watch`, `tt serve`): an agent it records as idle gets its
 * waiting messages at once; each poll round also picks up messages other processes stored and
 * claims left behind, at most every {@link retryEveryMs} per recipient. One delivery per agent
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
		let recipients: string[];
		try {
			recipients = pendingRecipients(this.#ctx.store).filter((agent) => agent !== 'human');
		} catch (error) {
			log.warn('could not read the mailbox', {error: String(error)});
			return;
		}
		const now = Date.now();
		for (const agent of recipients) if (now - (this.#lastTry.get(agent) ?? 0) >= retryEveryMs) this.#kick(agent);
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
