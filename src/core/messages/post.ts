import type {WorkspaceContext} from '../agents/context.js';
import {log} from '../log.js';
import {getMessage, type Message} from '../store/mailbox.js';
import {deliverMessages} from './deliver.js';
import {sendMessage, type SendMessageOptions} from './send.js';

export type PostResult = {messages: Message[]; repeated: boolean};

/**
 * The use case behind `tt msg send` and `POST /v1/actions/message`: store the message (limits,
 * idempotency, `message.queued`), then try each recipient right away — delivered now when it is
 * at a turn boundary, else held for the recorder (`tt watch`, `tt serve`) to deliver at its next
 * one. A failed attempt is not an error of the send: the message is stored and will be retried.
 */
export async function postMessage(ctx: WorkspaceContext, options: SendMessageOptions): Promise<PostResult> {
	const stored = sendMessage(ctx, options);
	const recipients = [...new Set(stored.messages.filter((message) => message.state !== 'delivered' && message.state !== 'dead').map((message) => message.recipient))];
	await Promise.all(
		recipients.map(async (recipient) => {
			try {
				await deliverMessages(ctx, recipient);
			} catch (error) {
				log.warn('message delivery attempt failed; it stays queued', {agent: recipient, error: String(error)});
			}
		}),
	);
	return {messages: stored.messages.map((message) => getMessage(ctx.store, message.id) ?? message), repeated: stored.repeated};
}
