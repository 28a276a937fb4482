import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {stopAgents} from '../../../src/core/actions/index.js';
import {waitUntilReady} from '../../../src/core/agents/send.js';
import {upAgents} from '../../../src/core/agents/up.js';
import os from 'node:os';
import {deliverMessages, getMessage, listMessages, sendMessage} from '../../../src/core/messages/index.js';
import {claimBatch} from '../../../src/core/store/mailbox.js';
import {waitFor} from '../../helpers/tt.js';
import {mailWorld, receivedMessages} from './world.js';

/**
 * kill -9 of the process delivering a message, at each step (claimed; typed but not submitted;
 * submitted but not recorded): when tutti runs again the message is delivered exactly once —
 * typed again only when it never got in, never when the agent already has it.
 */
describe('a message delivery killed with SIGKILL is delivered exactly once afterwards', () => {
	const points = ['message:claimed', 'message:pasted', 'message:sent'] as const;
	const names = points.map((point) => point.split(':')[1]!);
	const {core, ctx, agent} = mailWorld('mail-crash', [...names, 'stuck'], {workMs: 300, messages: 'delivery_lease = "2s"'});
	const delivered = (id: number) => ctx.store.lastEvents(3000).filter((event) => event.event === 'message.delivered' && event.data?.['id'] === id);

	beforeAll(async () => {
		await upAgents(ctx, {});
		for (const name of [...names, 'stuck']) await waitUntilReady(ctx, agent(name), 30_000);
	});
	afterAll(async () => {
		await stopAgents(ctx, {}).catch(() => undefined);
		core.cleanup();
	});

	it.each(points.map((point) => ({point, name: point.split(':')[1]!})))('killed at $point', async ({point, name}) => {
		const body = `crash test at ${point}`;
		// `tt msg send` tries the idle recipient at once, and kills itself at the fault point.
		const killed = await core.world.tt(['msg', 'send', name, body], {cwd: ctx.root, env: {TUTTI_FAULT: point}});
		expect(killed.code, killed.stderr).not.toBe(0);
		const [message] = listMessages(ctx.store, {agent: name, all: true});
		expect(message).toMatchObject({state: 'delivering', attempts: 1});
		// Whatever the agent did with it runs its course before tutti comes back.
		await waitUntilReady(ctx, agent(name), 20_000);
		const round = await deliverMessages(ctx, name);
		await waitFor(() => getMessage(ctx.store, message!.id)?.state === 'delivered', {what: 'the delivery', timeoutMs: 20_000});
		await waitUntilReady(ctx, agent(name), 20_000);
		expect(receivedMessages(ctx, name)).toEqual([`[message ${message!.id} from human via tutti] ${body}`]);
		const [event] = delivered(message!.id);
		expect(delivered(message!.id)).toHaveLength(1);
		// Typed again only when it never reached the CLI; found in the agent's own log when it had.
		expect(event!.data?.['evidence']).toBe(point === 'message:sent' ? 'transcript' : 'sent');
		expect(getMessage(ctx.store, message!.id)?.attempts).toBe(point === 'message:sent' ? 1 : 2);
		expect(round.delivered).toEqual(point === 'message:sent' ? [] : [message!.id]);
	});

	it('a claim held by a live process is left to it until [messages] delivery_lease passes, then settled once', async () => {
		const [message] = sendMessage(ctx, {to: ['stuck'], body: 'claimed by a process that hangs'}).messages;
		// The test runner's parent: alive, but it will never deliver this.
		const claimedAt = new Date();
		claimBatch(ctx.store, 'stuck', {owner: `${os.hostname()}:${process.ppid}`, token: 'hung', cursor: ctx.store.lastEvents(1)[0]?.id ?? 0, now: claimedAt.toISOString(), limit: 10});
		expect(await deliverMessages(ctx, 'stuck')).toEqual({agent: 'stuck', delivered: []});
		expect(getMessage(ctx.store, message!.id)).toMatchObject({state: 'delivering', claim_token: 'hung'});
		await waitFor(() => Date.now() - claimedAt.getTime() > 2_100, {what: 'the lease to pass', intervalMs: 50});
		const round = await deliverMessages(ctx, 'stuck');
		expect(round.delivered).toEqual([message!.id]);
		await waitUntilReady(ctx, agent('stuck'), 20_000);
		expect(receivedMessages(ctx, 'stuck')).toEqual([`[message ${message!.id} from human via tutti] claimed by a process that hangs`]);
		expect(delivered(message!.id)).toHaveLength(1);
	});
});
