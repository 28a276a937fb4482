import type {FastifyInstance} from 'fastify';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {answerPrompt} from '../../../src/core/actions/answer.js';
import {endView, viewAgent} from '../../../src/core/actions/view-size.js';
import {sendPrompt, waitUntilReady} from '../../../src/core/agents/send.js';
import {upAgents} from '../../../src/core/agents/up.js';
import type {WorkspaceContext} from '../../../src/core/agents/context.js';
import {waitFor} from '../../helpers/tt.js';
import {demoToml, makeServerWorld, type ServerWorld} from '../server/world.js';

type Envelope = {ok: boolean; error: {code: string; message: string; hint?: string} | null; data: unknown};
type NoticeRow = {workspace: string; agent: string; kind: string; unread: boolean; read_by: string | null; resolved_at: string | null};

/**
 * Unread news about agents, one truth for every surface: the recorder opens a notice when an agent
 * starts needing a person; opening the agent up close, `tt notices ack`, the API or the dashboard's
 * button reads it (one notice.read event tells the others); the agent going on by itself resolves it.
 */
describe('unread notices shared by every surface', () => {
	let world: ServerWorld;
	let ctx: WorkspaceContext;
	let app: FastifyInstance;
	let base: string;
	const agents = ['planner', 'implementer', 'tester'];
	const get = async <T>(url: string) => (await (await fetch(`${base}${url}`)).json()) as Envelope & {data: T};
	const post = async (action: string, body: Record<string, unknown>) => (await (await fetch(`${base}/v1/actions/${action}`, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify(body)})).json()) as Envelope;
	const notices = async (all = false) => (await get<NoticeRow[]>(`/v1/notices${all ? '?all=1' : ''}`)).data;
	const unread = async () => (await notices()).map((row) => row.agent).sort();
	const stateOf = (agent: string) => ctx.store.agentStates().get(agent)?.state;
	const readEvents = () => ctx.store.lastEvents(500).filter((event) => event.event === 'notice.read').map((event) => event.data);
	const tt = (args: string[]) => world.tt(args, {cwd: ctx.root});

	beforeAll(async () => {
		world = makeServerWorld('notices');
		ctx = world.addWorkspace('news', demoToml('news', agents).replace('worktree = true', 'worktree = false'));
		await world.record();
		app = await world.build({eventPollMs: 100});
		base = await app.listen({port: 0, host: '127.0.0.1'});
		await upAgents(ctx, {});
		for (const agent of ctx.config.agent) await waitUntilReady(ctx, agent, 30_000);
	});
	afterAll(async () => {
		await app?.close();
		await world.cleanup();
	});

	it('a lost login opens an unread notice: in the API, the agent summaries and tt notices', async () => {
		expect(await unread()).toEqual([]);
		await sendPrompt(ctx, 'implementer', 'fail auth', {timeoutMs: 30_000});
		await waitFor(async () => (await unread()).includes('implementer'), {what: 'the notice', timeoutMs: 20_000});
		const status = (await get<Array<{agent: string; unread: boolean}>>('/v1/status')).data;
		expect(status.map((row) => [row.agent, row.unread])).toEqual([['planner', false], ['implementer', true], ['tester', false]]);
		const cli = await tt(['notices', '--json']);
		expect(cli.code, cli.stderr).toBe(0);
		expect(JSON.parse(cli.stdout)).toEqual([expect.objectContaining({agent: 'implementer', kind: 'auth_failed', unread: true})]);
		const text = await tt(['notices']);
		expect(text.stdout).toMatch(/implementer\s+auth failed — .*API Error: 401/);
		expect(text.stdout).toContain('tt notices ack');
	});

	it('opening the agent up close reads it, and says so once in a notice.read event', async () => {
		await viewAgent(ctx, 'implementer', 'test-focus', {cols: 100, rows: 30});
		await endView(ctx, 'implementer', 'test-focus');
		expect(await unread()).toEqual([]);
		expect(readEvents()).toEqual([{agents: ['implementer'], by: 'focus'}]);
		// Looking again reads nothing new: no second event.
		await viewAgent(ctx, 'implementer', 'test-focus', {cols: 100, rows: 30});
		await endView(ctx, 'implementer', 'test-focus');
		expect(readEvents()).toHaveLength(1);
		expect((await notices(true)).find((row) => row.agent === 'implementer')).toMatchObject({unread: false, read_by: 'focus'});
	});

	it('acknowledged from the API or tt notices ack; unknown agents are refused before anything is marked', async () => {
		await sendPrompt(ctx, 'tester', 'ask Ship it?', {timeoutMs: 30_000});
		await sendPrompt(ctx, 'planner', 'fail provider', {timeoutMs: 30_000});
		await waitFor(async () => (await unread()).length === 2, {what: 'two notices', timeoutMs: 20_000});
		const refused = await post('ack', {agents: ['tester', 'testr']});
		expect(refused).toMatchObject({ok: false});
		expect(await unread()).toEqual(['planner', 'tester']);
		expect(await post('ack', {agents: ['tester']})).toMatchObject({ok: true, data: {workspace: 'news', read: ['tester']}});
		const typo = await tt(['notices', 'ack', 'planer']);
		expect(typo.code).not.toBe(0);
		expect(typo.stderr).toContain('Did you mean "planner"?');
		const ack = await tt(['notices', 'ack']);
		expect(ack.stdout.trim()).toBe('Marked seen: planner.');
		expect(await unread()).toEqual([]);
		expect((await tt(['notices'])).stdout.trim()).toBe('Nothing unread: no agent has news you have not seen.');
	});

	it('an agent that goes on without anyone resolves its notice', async () => {
		// Its earlier question (read above) is answered first.
		await answerPrompt(ctx, 'tester', 'approve');
		await waitFor(() => stateOf('tester') === 'idle', {what: 'tester idle', timeoutMs: 20_000});
		await sendPrompt(ctx, 'tester', 'ask Deploy?', {timeoutMs: 30_000});
		await waitFor(async () => (await unread()).includes('tester'), {what: 'the question', timeoutMs: 20_000});
		await answerPrompt(ctx, 'tester', 'approve');
		await waitFor(() => stateOf('tester') === 'idle', {what: 'tester going on', timeoutMs: 20_000});
		await waitFor(async () => (await unread()).length === 0, {what: 'the notice resolved', timeoutMs: 10_000});
		expect((await notices(true)).find((row) => row.agent === 'tester')?.resolved_at).not.toBeNull();
	});
});
