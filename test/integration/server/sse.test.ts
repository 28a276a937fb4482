import net from 'node:net';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import type {FastifyInstance} from 'fastify';
import {Store} from '../../../src/core/store/store.js';
import {waitFor} from '../../helpers/tt.js';
import {openSse, type SseStream} from './sse-client.js';
import {makeServerWorld, type ServerWorld} from './world.js';

describe('SSE /v1/events/stream over a real socket', () => {
	let world: ServerWorld;
	let app: FastifyInstance;
	let base: string;
	const streams: SseStream[] = [];
	const open = async (path = '/v1/events/stream', headers: Record<string, string> = {}) => {
		const stream = await openSse(`${base}${path}`, headers);
		streams.push(stream);
		return stream;
	};
	beforeAll(async () => {
		world = makeServerWorld('sse');
		world.addWorkspace('alpha');
		app = await world.build({sse: {heartbeatMs: 200, maxQueueBytes: 256 * 1024}, eventPollMs: 50});
		base = await app.listen({port: 0, host: '127.0.0.1'});
	});
	afterEach(() => {
		for (const stream of streams.splice(0)) stream.close();
	});
	afterAll(() => world.cleanup());

	it('sends the current state first, then live events with store ids, then heartbeats', async () => {
		const ctx = world.workspaces[0]!;
		const stream = await open();
		expect(stream.status).toBe(200);
		const snapshot = await stream.next((message) => message.event === 'snapshot');
		const state = JSON.parse(snapshot.data);
		expect(state.workspaces[0].agents.map((agent: {agent: string}) => agent.agent)).toEqual(['planner', 'implementer', 'tester']);
		expect(state.resumed).toBe(false);
		ctx.store.appendEvent({event: 'agent.note', workspace: ctx.name, agent: 'planner', correlation_id: 'test', data: {n: 1}});
		const live = await stream.next((message) => message.event === 'agent.note');
		const event = JSON.parse(live.data);
		expect(event).toMatchObject({event: 'agent.note', workspace: 'alpha', agent: 'planner', data: {n: 1}});
		expect(live.id).toBe(String(event.id));
		await waitFor(() => stream.comments.some((comment) => comment.startsWith('keepalive')), {what: 'a heartbeat'});
	});

	it('delivers events written by another process (another connection to the database)', async () => {
		const stream = await open();
		await stream.next((message) => message.event === 'snapshot');
		const other = new Store(world.workspaces[0]!.paths.database);
		other.appendEvent({event: 'agent.prompt_sent', workspace: 'alpha', agent: 'tester', correlation_id: 'cli-1', data: {chars: 3}});
		other.close();
		const message = await stream.next((item) => item.event === 'agent.prompt_sent');
		expect(JSON.parse(message.data)).toMatchObject({agent: 'tester', correlation_id: 'cli-1'});
	});

	it('resumes with Last-Event-ID (or ?cursor=) without losing or repeating events', async () => {
		const ctx = world.workspaces[0]!;
		const first = await open();
		await first.next((message) => message.event === 'snapshot');
		ctx.store.appendEvent({event: 'resume.mark', workspace: ctx.name, agent: null, correlation_id: 'test', data: {n: 0}});
		const mark = await first.next((message) => message.event === 'resume.mark');
		first.close();
		for (const n of [1, 2, 3]) ctx.store.appendEvent({event: 'resume.after', workspace: ctx.name, agent: null, correlation_id: 'test', data: {n}});
		for (const [path, headers] of [['/v1/events/stream', {'last-event-id': mark.id!}], [`/v1/events/stream?cursor=${mark.id}`, {}]] as const) {
			const again = await open(path, headers);
			const snapshot = JSON.parse((await again.next((message) => message.event === 'snapshot')).data);
			expect(snapshot.resumed).toBe(true);
			const received: number[] = [];
			for (let index = 0; index < 3; index++) received.push(JSON.parse((await again.next((message) => message.event.startsWith('resume.'))).data).data.n);
			expect(received).toEqual([1, 2, 3]);
			ctx.store.appendEvent({event: 'resume.live', workspace: ctx.name, agent: null, correlation_id: 'test', data: {n: 4}});
			const live = await again.next((message) => message.event.startsWith('resume.'));
			expect(live.event).toBe('resume.live');
			again.close();
		}
	});

	it('refuses a bad cursor with the envelope before streaming', async () => {
		const response = await fetch(`${base}/v1/events/stream?cursor=bogus`);
		expect(response.status).toBe(400);
		expect(await response.json()).toMatchObject({ok: false, action: 'events.stream', error: {code: 'bad_request'}});
	});

	it('drops a client that stops reading, and keeps serving the others', async () => {
		const ctx = world.workspaces[0]!;
		const healthy = await open();
		await healthy.next((message) => message.event === 'snapshot');
		const port = Number(new URL(base).port);
		const socket = net.connect(port, '127.0.0.1');
		await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
		socket.write(`GET /v1/events/stream HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAccept: text/event-stream\r\n\r\n`);
		// Read nothing more: the kernel buffers fill, then the server's queue for it.
		socket.pause();
		const tutti = app.tutti;
		await waitFor(() => tutti.sse.size >= 2, {what: 'both streams open'});
		const dropsBefore = tutti.sse.droppedCount;
		const blob = 'x'.repeat(16 * 1024);
		// Bursts below the queue limit, so only the client that does not read falls behind.
		for (let index = 0; index < 4000 && tutti.sse.droppedCount === dropsBefore; index++) {
			ctx.store.appendEvent({event: 'bulk', workspace: ctx.name, agent: null, correlation_id: 'test', data: {index, blob}});
			if (index % 4 === 3) await new Promise((resolve) => setTimeout(resolve, 30));
		}
		await waitFor(() => tutti.sse.droppedCount > dropsBefore, {what: 'the slow client dropped', timeoutMs: 20_000});
		ctx.store.appendEvent({event: 'after.drop', workspace: ctx.name, agent: null, correlation_id: 'test', data: {}});
		await healthy.next((message) => message.event === 'after.drop', 20_000);
		socket.destroy();
	});

	it('closing the server ends open streams promptly', async () => {
		const local = await world.build({eventPollMs: 50});
		const url = await local.listen({port: 0, host: '127.0.0.1'});
		const stream = await openSse(`${url}/v1/events/stream`);
		await stream.next((message) => message.event === 'snapshot');
		const started = Date.now();
		await local.close();
		await stream.closed;
		expect(Date.now() - started).toBeLessThan(3000);
	});
});
