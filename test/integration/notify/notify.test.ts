import {createServer, type IncomingHttpHeaders, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {stopAgents} from '../../../src/core/actions/index.js';
import {answerPrompt} from '../../../src/core/actions/answer.js';
import {sendPrompt, waitUntilReady} from '../../../src/core/agents/send.js';
import {upAgents} from '../../../src/core/agents/up.js';
import {WorkspaceContext} from '../../../src/core/agents/context.js';
import {loadWorkspaceConfig} from '../../../src/core/config/index.js';
import {WorkspaceObserver} from '../../../src/core/state/workspace-observer.js';
import {makeCoreWorld} from '../../helpers/core-world.js';
import {waitFor} from '../../helpers/tt.js';

type Received = {path: string; headers: IncomingHttpHeaders; body: string};

/**
 * Notifications from the recorder: once per transition into "needs you", quiet for a flapping
 * agent, once per workflow end however many recorders run — to a webhook and an ntfy topic served
 * here on 127.0.0.1.
 */
describe('notifications', () => {
	const received: Received[] = [];
	let server: Server;
	const core = makeCoreWorld('notify');
	const ctx = core.workspace('bell', '[workspace]\nname = "bell"\n[defaults]\nruntime = "demo"\nworktree = false\n[[agent]]\nname = "dev"\n');
	// A second recorder of the same workspace, as another `tt watch` would be.
	const other = new WorkspaceContext(loadWorkspaceConfig(ctx.root), core.services);
	const recorders: WorkspaceObserver[] = [];
	const hooks = () => received.filter((entry) => entry.path === '/hook').map((entry) => JSON.parse(entry.body) as {kind: string; agent: string | null; title: string; body: string});

	beforeAll(async () => {
		server = createServer((request, response) => {
			let body = '';
			request.on('data', (chunk: Buffer) => (body += chunk.toString()));
			request.on('end', () => {
				received.push({path: request.url ?? '', headers: request.headers, body});
				response.end('ok');
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		core.services.global.notify = {desktop: false, terminal: false, webhook: `${base}/hook`, ntfy: `${base}/topic`, quiet_secs: 60};
		// Recorders read [notify] when they start.
		recorders.push(new WorkspaceObserver(ctx, {pollMs: 100}), new WorkspaceObserver(other, {pollMs: 100}));
		for (const recorder of recorders) await recorder.start();
		await upAgents(ctx, {});
		await waitUntilReady(ctx, ctx.config.agent[0]!, 30_000);
	});
	afterAll(async () => {
		for (const recorder of recorders) await recorder.stop();
		await stopAgents(ctx, {}).catch(() => undefined);
		other.close();
		core.cleanup();
		await new Promise((resolve) => server.close(resolve));
	});

	it('an agent that starts needing you is one webhook call and one ntfy message', async () => {
		await sendPrompt(ctx, 'dev', 'ask Ship it?', {timeoutMs: 30_000});
		await waitFor(() => hooks().some((notice) => notice.kind === 'needs_input'), {what: 'the webhook', timeoutMs: 20_000});
		await waitFor(() => received.some((entry) => entry.path === '/topic'), {what: 'the ntfy message', timeoutMs: 5_000});
		expect(hooks()).toEqual([expect.objectContaining({kind: 'needs_input', agent: 'dev', workspace: 'bell', title: 'tutti: dev needs input', body: expect.stringMatching(/^bell\/dev: needs input/) as unknown})]);
		const topic = received.filter((entry) => entry.path === '/topic');
		expect(topic).toHaveLength(1);
		expect(topic[0]!.headers['title']).toBe('tutti: dev needs input');
		expect(topic[0]!.body).toMatch(/^bell\/dev: needs input/);
	});

	it('the same news about the same agent again soon is held back', async () => {
		await answerPrompt(ctx, 'dev', 'approve');
		await waitFor(() => ctx.store.agentStates().get('dev')?.state === 'idle', {what: 'dev idle again', timeoutMs: 20_000});
		await sendPrompt(ctx, 'dev', 'ask Really ship it?', {timeoutMs: 30_000});
		await waitFor(() => ctx.store.agentStates().get('dev')?.state === 'needs_input', {what: 'dev asking again', timeoutMs: 20_000});
		// Past the time a second send would take: still one.
		await new Promise((resolve) => setTimeout(resolve, 500));
		expect(hooks().filter((notice) => notice.kind === 'needs_input')).toHaveLength(1);
		await answerPrompt(ctx, 'dev', 'deny');
	});

	it('a workflow that ends is told once, however many recorders run', async () => {
		// Written by another process (tt run), read by both recorders from the store.
		ctx.emit('workflow.completed', null, {run_id: 'run-1', workflow_name: 'ship'});
		await waitFor(() => hooks().some((notice) => notice.kind === 'workflow'), {what: 'the workflow notice', timeoutMs: 10_000});
		await new Promise((resolve) => setTimeout(resolve, 500));
		expect(hooks().filter((notice) => notice.kind === 'workflow')).toEqual([expect.objectContaining({title: 'tutti: ship finished', body: 'bell: workflow ship finished (run run-1)'})]);
	});
});
