import type {FastifyInstance} from 'fastify';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {waitFor} from '../../helpers/tt.js';
import {openSse} from './sse-client.js';
import {demoToml, makeServerWorld, type ServerWorld} from './world.js';

type Envelope = {ok: boolean; action: string; error: {code: string; message: string; tutti_code?: string; hint?: string} | null; data: Record<string, unknown> | null};

/** `POST /v1/actions/approve` and `/deny` against a demo agent's permission dialog in real tmux. */
describe('approve and deny actions', () => {
	let world: ServerWorld;
	let app: FastifyInstance;
	let base: string;
	const post = async (action: string, body: Record<string, unknown>, headers: Record<string, string> = {}) => {
		const response = await fetch(`${base}/v1/actions/${action}`, {method: 'POST', headers: {'content-type': 'application/json', ...headers}, body: JSON.stringify(body)});
		return {status: response.status, replayed: response.headers.get('idempotency-replayed'), body: (await response.json()) as Envelope};
	};
	const terminal = async () => {
		const focus = (await (await fetch(`${base}/v1/agents/yes/planner/focus?lines=40&diff=0`)).json()) as Envelope;
		return String((focus.data as {terminal: string}).terminal);
	};
	const askAndWait = async (question: string) => {
		expect((await post('send', {agent: 'planner', prompt: `ask ${question}`})).body.ok).toBe(true);
		await waitFor(async () => (await terminal()).includes('Do you want to proceed?'), {timeoutMs: 15_000, what: 'the dialog'});
	};

	beforeAll(async () => {
		world = makeServerWorld('answer');
		world.addWorkspace('yes', demoToml('yes', ['planner']));
		await world.record();
		app = await world.build({eventPollMs: 100});
		base = await app.listen({port: 0, host: '127.0.0.1'});
		expect((await post('up', {agent: 'planner'})).body.ok).toBe(true);
		await waitFor(async () => (await terminal()).includes('demo agent ready'), {timeoutMs: 20_000, what: 'the demo prompt'});
	});
	afterAll(async () => {
		await app?.close();
		await world.cleanup();
	});

	it('refuses an agent that is not waiting, with the core code and a hint', async () => {
		const {body} = await post('approve', {agent: 'planner'});
		expect(body).toMatchObject({ok: false, action: 'approve', error: {code: 'action_failed', tutti_code: 'ERR_AGENT_NOT_ASKING', hint: 'See what it is doing: tt peek planner'}, data: null});
	});

	it('approve answers the dialog once, even when the request is replayed; the stream carries agent.answered', async () => {
		await askAndWait('Ship it?');
		const stream = await openSse(`${base}/v1/events/stream`);
		await stream.next((message) => message.event === 'snapshot');
		const first = await post('approve', {agent: 'planner'}, {'Idempotency-Key': 'approve-ship-1'});
		expect(first.body, JSON.stringify(first.body)).toMatchObject({ok: true, action: 'approve', data: {workspace: 'yes', agent: 'planner', answer: 'approve', rule: 'demo/answer.permission', keys: ['1']}});
		const answered = await stream.next((message) => message.event === 'agent.answered');
		expect(JSON.parse(answered.data)).toMatchObject({agent: 'planner', data: {answer: 'approve', rule: 'demo/answer.permission', keys: ['1']}});
		stream.close();
		await waitFor(async () => (await terminal()).includes('Approved: Ship it?'), {what: 'the approved turn'});
		const replay = await post('approve', {agent: 'planner'}, {'Idempotency-Key': 'approve-ship-1'});
		expect(replay.replayed).toBe('true');
		expect(replay.body).toEqual(first.body);
	});

	it('deny declines the dialog', async () => {
		await askAndWait('Drop the table?');
		const {body} = await post('deny', {agent: 'planner'});
		expect(body, JSON.stringify(body)).toMatchObject({ok: true, action: 'deny', data: {answer: 'deny', keys: ['Escape']}});
		await waitFor(async () => (await terminal()).includes('Declined: Drop the table?'), {what: 'the declined turn'});
	});

	it('bad requests: no agent, an unknown agent', async () => {
		const missing = await post('deny', {});
		expect(missing.status).toBe(400);
		expect(missing.body.error).toMatchObject({code: 'bad_request'});
		expect(missing.body.error?.message).toContain('agent');
		const unknown = await post('approve', {agent: 'ghost'});
		expect(unknown.body.error).toMatchObject({code: 'not_found', message: 'unknown agent "ghost" in workspace "yes"'});
	});
});
