import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {FastifyInstance} from 'fastify';
import {upAgents} from '../../../src/core/agents/up.js';
import {workflowEngine} from '../../../src/core/workflow/index.js';
import {openSse} from './sse-client.js';
import {makeServerWorld, type ServerWorld} from './world.js';

describe('run and runs with the real workflow engine', () => {
	let world: ServerWorld;
	let app: FastifyInstance;
	let base: string;
	beforeAll(async () => {
		world = makeServerWorld('engine');
		const ctx = world.addWorkspace('alpha');
		await upAgents(ctx);
		await world.record();
		app = await world.build({core: {workflows: workflowEngine}, eventPollMs: 100});
		base = await app.listen({port: 0, host: '127.0.0.1'});
	}, 60_000);
	afterAll(() => world.cleanup());

	it('dispatches a run without waiting; its progress arrives as events; the ledger lists it', async () => {
		const stream = await openSse(`${base}/v1/events/stream`);
		await stream.next((message) => message.event === 'snapshot');
		const response = await fetch(`${base}/v1/actions/run`, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({workflow: 'ship', wait: false})});
		const body = await response.json();
		expect(body, JSON.stringify(body)).toMatchObject({ok: true, action: 'run', data: {workflow: 'ship', waited: false}});
		await stream.next((message) => message.event === 'workflow.started', 20_000);
		const done = await stream.next((message) => message.event === 'workflow.completed' || message.event === 'workflow.failed', 90_000);
		expect(done.event, done.data).toBe('workflow.completed');
		stream.close();
		const runs = (await (await fetch(`${base}/v1/runs`)).json()).data;
		expect(runs.length).toBeGreaterThanOrEqual(1);
		expect(runs[0]).toMatchObject({workspace: 'alpha'});
	});

	it('a dry run answers with the plan', async () => {
		const response = await fetch(`${base}/v1/actions/run`, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({workflow: 'ship', dry_run: true})});
		const body = await response.json();
		expect(body, JSON.stringify(body)).toMatchObject({ok: true, data: {dry_run: true, waited: true}});
		expect(body.data.result).toBeTruthy();
	});
});
