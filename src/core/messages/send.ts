import type {WorkspaceContext} from '../agents/context.js';
import {findAgent} from '../config/resolve.js';
import {parseDuration} from '../duration.js';
import {TuttiError} from '../errors.js';
import {getMessage, inMailbox, insertMessage, messagesByKey, sameBodySince, sentSince, type Message} from '../store/mailbox.js';

export type SendMessageOptions = {
	/** An agent of the workspace or `human` (the default): who the message says it is from. */
	from?: string | undefined;
	/** Agent names, `human`, or `*` (every agent but the sender). */
	to: readonly string[];
	body: string;
	/** The id of the message this one answers (marks it answered). */
	replyTo?: number | undefined;
	/** Idempotency key, unique per sender: sending again with it returns the rows already stored. */
	key?: string | undefined;
	now?: Date;
};

export type SendMessageResult = {messages: Message[]; /** The key had been used: nothing new was stored. */ repeated: boolean};

const human = 'human';

/**
 * Stores a message, one row per recipient, in one transaction, after the limits of `[messages]`
 * (each refusal names its tutti.toml key). Emits `message.queued` per row. Nothing is typed
 * here: delivery (core/messages/deliver.ts) happens at the recipient's turn boundary.
 */
export function sendMessage(ctx: WorkspaceContext, options: SendMessageOptions): SendMessageResult {
	const sender = options.from ?? human;
	if (sender !== human) findAgent(ctx.config, sender);
	const recipients = resolveRecipients(ctx, sender, options.to);
	const body = options.body.replace(/[\r\n]+$/, '');
	if (body.trim() === '') throw new TuttiError('ERR_USAGE', 'the message is empty', {hint: 'Give the text to send, e.g. tt msg send reviewer "the parser is ready for review"'});
	const limits = ctx.config.messages;
	const bytes = Buffer.byteLength(body, 'utf8');
	if (bytes > limits.max_body_bytes) {
		throw new TuttiError('ERR_LIMIT', `the message is ${bytes} bytes, more than [messages] max_body_bytes = ${limits.max_body_bytes}`, {hint: 'Write the text to a file in the workspace and send its path instead (or raise max_body_bytes in tutti.toml).'});
	}
	const key = options.key === undefined || options.key === '' ? null : options.key;
	if (key !== null && key.length > 200) throw new TuttiError('ERR_USAGE', 'the idempotency key is longer than 200 characters', {hint: 'Use a short key, e.g. a task id.'});
	const now = options.now ?? new Date();
	const at = now.toISOString();
	const stored = inMailbox(ctx.store, () => {
		if (key !== null) {
			const earlier = messagesByKey(ctx.store, sender, key);
			if (earlier.length > 0) return {messages: earlier, repeated: true};
		}
		if (options.replyTo !== undefined && getMessage(ctx.store, options.replyTo) === undefined) {
			throw new TuttiError('ERR_USAGE', `there is no message ${options.replyTo} to reply to`, {hint: 'See the ids with tt msg ls --all'});
		}
		const minuteAgo = new Date(now.getTime() - 60_000).toISOString();
		const sent = sentSince(ctx.store, sender, minuteAgo);
		if (sent + recipients.length > limits.per_sender_per_minute) {
			throw new TuttiError('ERR_LIMIT', `${sender} has sent ${sent} messages in the last minute; ${recipients.length} more would pass [messages] per_sender_per_minute = ${limits.per_sender_per_minute}`, {
				hint: 'Wait a minute, or raise per_sender_per_minute in tutti.toml. Agents messaging each other in a loop stop here.',
			});
		}
		const windowMs = parseDuration(limits.dedupe_window) ?? 0;
		const since = new Date(now.getTime() - windowMs).toISOString();
		for (const recipient of recipients) {
			const same = sameBodySince(ctx.store, {sender, recipient, body}, since);
			if (same) {
				throw new TuttiError('ERR_LIMIT', `${sender} sent the same text to ${recipient} at ${same.created_at} (message ${same.id}); [messages] dedupe_window = "${limits.dedupe_window}" refuses it again so soon`, {
					hint: `See it with tt msg show ${same.id}; send something different, or wait (dedupe_window in tutti.toml).`,
				});
			}
		}
		const messages = recipients.map((recipient) => insertMessage(ctx.store, {sender, recipient, body, replyTo: options.replyTo ?? null, key}, at));
		return {messages, repeated: false};
	});
	if (!stored.repeated) for (const message of stored.messages) ctx.emit('message.queued', message.recipient, {id: message.id, from: sender, reply_to: message.reply_to, chars: message.body.length});
	return stored;
}

function resolveRecipients(ctx: WorkspaceContext, sender: string, to: readonly string[]): string[] {
	if (to.length === 0) throw new TuttiError('ERR_USAGE', 'no recipient given', {hint: 'Name one or more agents, human, or * for every agent: tt msg send reviewer "…"'});
	const names = new Set<string>();
	for (const name of to) {
		if (name === '*') {
			for (const agent of ctx.config.agent) if (agent.name !== sender) names.add(agent.name);
		} else if (name === human) {
			names.add(human);
		} else {
			names.add(findAgent(ctx.config, name).name);
		}
	}
	names.delete(sender);
	if (names.size === 0) throw new TuttiError('ERR_USAGE', `nobody to send to: ${sender} cannot message itself`, {hint: 'Name another agent, or human.'});
	return [...names];
}
