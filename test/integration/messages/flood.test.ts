import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {stopAgents} from '../../../src/core/actions/index.js';
import {WorkspaceContext} from '../../../src/core/agents/context.js';
import {waitUntilReady} from '../../../src/core/agents/send.js';
import {upAgents} from '../../../src/core/agents/up.js';
import {loadWorkspaceConfig} from '../../../src/core/config/index.js';
import {listMessages, sendMessage} from '../../../src/core/messages/index.js';
import {WorkspaceObserver} from '../../../src/core/state/workspace-observer.js';
import {waitFor} from '../../helpers/tt.js';
import {mailWorld, receivedMessages} from './world.js';

/**
 * Two recorders (two `tt watch`/`tt serve` processes' worth: separate store connections and
 * observers) deliver one workspace's mail. Whichever claims a batch types it; the other never
 * types the same message. 20 senders × 50 messages to one agent arrive each exactly once, whole,
 * in the order they were sent (batched several to a prompt, one labelled line each).
 */
describe('two recorders and a flood of messages to one demo agent', () => {
	const senders = Array.from({length: 20}, (_, index) => `s${String(index + 1).padStart(2, '0')}`);
	const {core, ctx, agent} = mailWorld('mail-flood', ['sink', 'pair', ...senders], {messages: 'per_sender_per_minute = 100', workMs: 200});
	const other = new WorkspaceContext(loadWorkspaceConfig(ctx.root), core.services);
	const recorders = [new WorkspaceObserver(ctx, {pollMs: 100}), new WorkspaceObserver(other, {pollMs: 100})];
	const deliveredEvents = (recipient: string) => ctx.store.lastEvents(20_000).filter((event) => event.event === 'message.delivered' && event.agent === recipient);
	const promptsTo = (recipient: string) => ctx.store.lastEvents(20_000).filter((event) => event.event === 'agent.prompt_sent' && event.agent === recipient);

	beforeAll(async () => {
		await upAgents(ctx, {agents: ['sink', 'pair']});
		for (const name of ['sink', 'pair']) await waitUntilReady(ctx, agent(name), 30_000);
		for (const recorder of recorders) await recorder.start();
		await waitFor(() => ctx.store.agentStates().get('sink')?.state === 'idle' && ctx.store.agentStates().get('pair')?.state === 'idle', {what: 'both recorded idle', timeoutMs: 20_000});
	});
	afterAll(async () => {
		for (const recorder of recorders) await recorder.stop();
		await stopAgents(ctx, {}).catch(() => undefined);
		other.close();
		core.cleanup();
	});

	it('a message stored while both recorders watch is typed once', async () => {
		const [message] = sendMessage(other, {to: ['pair'], body: 'one copy only', from: 's01'}).messages;
		await waitFor(() => deliveredEvents('pair').length > 0, {what: 'the delivery', timeoutMs: 20_000});
		await waitUntilReady(ctx, agent('pair'), 20_000);
		await new Promise((resolve) => setTimeout(resolve, 1_000));
		expect(deliveredEvents('pair').map((event) => event.data?.['id'])).toEqual([message!.id]);
		expect(promptsTo('pair')).toHaveLength(1);
		expect(receivedMessages(ctx, 'pair')).toEqual([`[message ${message!.id} from s01 via tutti] one copy only`]);
	});

	it('20 senders × 50 messages: none lost, doubled or merged, in order', async () => {
		const expected: string[] = [];
		// Senders take turns, through both store connections, while the recorders deliver.
		for (let round = 1; round <= 50; round++) {
			senders.forEach((sender, index) => {
				const body = `${sender} says #${round}`;
				const [row] = sendMessage(index % 2 === 0 ? ctx : other, {to: ['sink'], body, from: sender}).messages;
				expected.push(`[message ${row!.id} from ${sender} via tutti] ${body}`);
			});
			if (round % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 50));
		}
		await waitFor(() => listMessages(ctx.store, {agent: 'sink'}).length === 0, {what: 'every message delivered', timeoutMs: 240_000, intervalMs: 500});
		await waitUntilReady(ctx, agent('sink'), 20_000);
		const rows = listMessages(ctx.store, {agent: 'sink', all: true, limit: 5000}).filter((row) => row.recipient === 'sink');
		expect(rows).toHaveLength(1000);
		expect(rows.every((row) => row.state === 'delivered' && row.attempts === 1)).toBe(true);
		const ids = deliveredEvents('sink').map((event) => event.data?.['id'] as number);
		expect(ids).toHaveLength(1000);
		expect(new Set(ids).size).toBe(1000);
		const received = receivedMessages(ctx, 'sink');
		expect(received).toEqual(expected);
		const prompts = promptsTo('sink').length;
		expect(prompts).toBeLessThan(1000);
	}, 300_000);
});
