import {setTimeout as delay} from 'node:timers/promises';
import type {WorkspaceContext} from '../agents/context.js';
import {TuttiError} from '../errors.js';
import {getMessage, type Message} from '../store/mailbox.js';

export type MessageWait = {message: Message; /** Delivered or dead before the timeout. */ reached: boolean};

/** Waits until message `id` is delivered or dead (reading the store, so any process may deliver it), or `timeoutMs` passes. */
export async function waitForMessage(ctx: WorkspaceContext, id: number, timeoutMs: number, pollMs = 100): Promise<MessageWait> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const message = getMessage(ctx.store, id);
		if (!message) throw new TuttiError('ERR_USAGE', `there is no message ${id}`, {hint: 'See the ids with tt msg ls --all'});
		if (message.state === 'delivered' || message.state === 'dead') return {message, reached: true};
		if (Date.now() >= deadline) return {message, reached: false};
		await delay(Math.min(pollMs, Math.max(1, deadline - Date.now())));
	}
}
