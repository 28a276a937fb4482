import type {WorkspaceContext} from '../agents/context.js';
import {currentVerdict} from '../agents/observe.js';
import type {AgentConfig} from '../config/index.js';
import {findAgent} from '../config/resolve.js';
import {TuttiError} from '../errors.js';
import {postMessage} from '../messages/post.js';
import {interruptForMessage, type InterruptOutcome} from './interrupt.js';
import {mcpSettings} from './settings.js';
import {ackWaiting, getMessage, inboxOf, queuePosition, repliesTo, type Message} from '../store/mailbox.js';

/**
 * The use cases behind `tt mcp`'s tools, for one agent bound at launch (`self`): nothing here
 * takes a sender from its arguments. Each refusal is a TuttiError whose message and hint the
 * model reads.
 */
export type McpCaller = {ctx: WorkspaceContext; self: AgentConfig};

/** Whether `self` may message, wait for or read `peer` (`[agent.mcp] peers`; `human` always). */
export function assertPeer(caller: McpCaller, peer: string): void {
	if (peer === 'human' || peer === caller.self.name) return;
	const peers = mcpSettings(caller.self).peers;
	if (peers.includes('*') || peers.includes(peer)) return;
	throw new TuttiError('ERR_POLICY', `${caller.self.name} may not reach ${peer}: it is not in [agent.mcp] peers (${peers.join(', ') || 'none'})`, {hint: 'Ask a person to add it to peers for this agent in tutti.toml, or work with the agents you may reach (list_agents).'});
}

const visible = (caller: McpCaller, name: string): boolean => {
	try {
		assertPeer(caller, name);
		return true;
	} catch {
		return false;
	}
};

export type AgentListing = {name: string; runtime: string; role: string | null; state: string; host: string | null; you: boolean};

/** The agents `self` may reach (and itself), with their state now. */
export async function listAgents(caller: McpCaller): Promise<AgentListing[]> {
	const {ctx} = caller;
	const agents = ctx.config.agent.filter((agent) => visible(caller, agent.name));
	return Promise.all(
		agents.map(async (agent) => ({
			name: agent.name,
			runtime: ctx.runtimeOf(agent),
			role: agent.role ?? null,
			state: (await currentVerdict(ctx, agent)).verdict.state,
			host: agent.host ?? ctx.config.defaults.host ?? null,
			you: agent.name === caller.self.name,
		})),
	);
}

export type SentMessage = {id: number; to: string; state: string; reason: string | null; queue_position: number | null};
export type SendMode = 'queue' | 'interrupt';
export type SendResult = {messages: SentMessage[]; repeated: boolean; /** With `interrupt`: what was done to each recipient's turn. */ interrupts: Record<string, InterruptOutcome>};

const sentView = (ctx: WorkspaceContext, message: Message): SentMessage => ({id: message.id, to: message.recipient, state: message.state, reason: message.reason, queue_position: queuePosition(ctx.store, message) ?? null});

/**
 * Sends as `self` through the one send path (`postMessage`: the `[messages]` limits,
 * idempotency, delivery at a turn boundary under the agent's delivery lock). `interrupt` also
 * stops the turn of a recipient that is working, so the message goes in at once
 * (`interruptForMessage`). Every attempt, refused or not, is one `mcp.send` event.
 */
export async function sendAs(caller: McpCaller, options: {to: readonly string[]; text: string; key?: string | undefined; replyTo?: number | undefined; mode?: SendMode}): Promise<SendResult> {
	const {ctx, self} = caller;
	const mode = options.mode ?? 'queue';
	const interrupts: Record<string, InterruptOutcome> = {};
	const audit = (outcome: 'stored' | 'repeated' | 'refused', ids: number[], reason: string | null) =>
		ctx.emit('mcp.send', self.name, {to: [...options.to], ids, outcome, reason, key: options.key ?? null, mode, interrupted: Object.keys(interrupts).filter((name) => interrupts[name] === 'interrupted')});
	try {
		for (const name of options.to) if (name !== '*') assertPeer(caller, name === 'human' ? name : findAgent(ctx.config, name).name);
		const to = options.to.flatMap((name) => (name === '*' ? ctx.config.agent.filter((agent) => agent.name !== self.name && visible(caller, agent.name)).map((agent) => agent.name) : [name]));
		if (to.length === 0) throw new TuttiError('ERR_USAGE', 'nobody to send to: no other agent you may reach', {hint: 'See list_agents.'});
		const result = await postMessage(ctx, {from: self.name, to, body: options.text, key: options.key, replyTo: options.replyTo});
		if (mode === 'interrupt' && !result.repeated) {
			const waiting = [...new Set(result.messages.filter((message) => message.recipient !== 'human' && message.state !== 'delivered' && message.state !== 'dead').map((message) => message.recipient))];
			for (const name of waiting) interrupts[name] = await interruptForMessage(ctx, findAgent(ctx.config, name));
		}
		audit(result.repeated ? 'repeated' : 'stored', result.messages.map((message) => message.id), null);
		const now = result.messages.map((message) => getMessage(ctx.store, message.id) ?? message);
		return {messages: now.map((message) => sentView(ctx, message)), repeated: result.repeated, interrupts};
	} catch (error) {
		audit('refused', [], error instanceof Error ? error.message : String(error));
		throw error;
	}
}

export type MessageStatus = SentMessage & {from: string; sent_at: string; delivered_at: string | null; replies: Array<{id: number; from: string; text: string}>};

/** A message `self` sent or received: where it is, and the replies to it. */
export function messageStatus(caller: McpCaller, id: number): MessageStatus {
	const message = getMessage(caller.ctx.store, id);
	if (!message || (message.sender !== caller.self.name && message.recipient !== caller.self.name)) {
		throw new TuttiError('ERR_USAGE', `there is no message ${id} sent by or to ${caller.self.name}`, {hint: 'Use an id send_message returned, or one from read_inbox.'});
	}
	const replies = repliesTo(caller.ctx.store, id).map((reply) => ({id: reply.id, from: reply.sender, text: reply.body}));
	return {...sentView(caller.ctx, message), from: message.sender, sent_at: message.created_at, delivered_at: message.delivered_at, replies};
}

export type InboxEntry = {id: number; from: string; text: string; sent_at: string; reply_to: number | null; state: string};

/**
 * Messages to `self`: those still waiting (held while it works) and the last few delivered. With
 * `ack`, the waiting ones returned count as delivered (`message.delivered`, evidence `inbox`) and
 * are not typed into its next turn.
 */
export function readInbox(caller: McpCaller, options: {ack: boolean}): {messages: InboxEntry[]; acked: number[]} {
	const {ctx, self} = caller;
	const rows = inboxOf(ctx.store, self.name, 10);
	const waiting = rows.filter((row) => row.state === 'queued' || row.state === 'held').map((row) => row.id);
	const acked = options.ack ? ackWaiting(ctx.store, self.name, waiting, new Date().toISOString()) : [];
	const batch = acked.map((row) => row.id);
	for (const row of acked) ctx.emit('message.delivered', self.name, {id: row.id, from: row.sender, batch, attempts: row.attempts, evidence: 'inbox'});
	const messages = rows.map((row) => ({id: row.id, from: row.sender, text: row.body, sent_at: row.created_at, reply_to: row.reply_to, state: batch.includes(row.id) ? 'delivered' : row.state}));
	return {messages, acked: batch};
}
