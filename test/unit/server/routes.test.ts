import {mkdirSync, symlinkSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {fakeWorkflows, makeServerWorld, type ServerWorld} from '../../integration/server/world.js';
import type {FastifyInstance} from 'fastify';
import {recordCommandDecision, recordLaunchDecision} from '../../../src/core/policy/log.js';
import {checkCommand} from '../../../src/core/policy/match.js';
import {recordConflictReport} from '../../../src/core/store/team-conflicts.js';
import {waitFor} from '../../helpers/tt.js';

const json = (body: unknown) => ({payload: JSON.stringify(body), headers: {'content-type': 'application/json'}});

describe('read endpoints (inject)', () => {
	let world: ServerWorld;
	let app: FastifyInstance;
	beforeAll(async () => {
		world = makeServerWorld('routes');
		const ctx = world.addWorkspace('alpha');
		ctx.store.appendEvent({event: 'agent.note', workspace: ctx.name, agent: 'planner', correlation_id: 'test', data: {n: 1}});
		ctx.store.appendEvent({event: 'agent.note', workspace: ctx.name, agent: 'tester', correlation_id: 'test', data: {n: 2}});
		ctx.store.appendEvent({event: 'agent.note', workspace: ctx.name, agent: 'planner', correlation_id: 'test', data: {n: 3}});
		app = await world.build();
	});
	afterAll(() => world.cleanup());

	it('health lists every agent with its last recorded state', async () => {
		const response = await app.inject({url: '/v1/health'});
		expect(response.statusCode).toBe(200);
		const body = response.json();
		expect(body).toMatchObject({ok: true, action: 'health.list', error: null});
		expect(body.data.map((row: {agent: string}) => row.agent)).toEqual(['implementer', 'planner', 'tester']);
		expect((await app.inject({url: '/v1/health/alpha/planner'})).json().data.agent).toBe('planner');
		expect((await app.inject({url: '/v1/health/alpha/plannr'})).json()).toMatchObject({ok: false, action: 'health.get', error: {code: 'not_found', hint: 'Did you mean "planner"?'}});
	});

	it('status and voices show the team in pipeline order, stopped', async () => {
		for (const url of ['/v1/status', '/v1/voices']) {
			const body = (await app.inject({url})).json();
			expect(body.action).toBe('status.list');
			expect(body.data.map((row: {agent: string; status: string; running: boolean}) => [row.agent, row.status, row.running])).toEqual([
				['planner', 'stopped', false],
				['implementer', 'stopped', false],
				['tester', 'stopped', false],
			]);
		}
	});

	it('workspaces, workflows, and runs (none without an engine)', async () => {
		const workspaces = (await app.inject({url: '/v1/workspaces'})).json().data;
		expect(workspaces[0]).toMatchObject({name: 'alpha', stages: ['planner', 'implementer', 'tester'], workflows: ['ship']});
		const workflows = (await app.inject({url: '/v1/workflows'})).json().data;
		expect(workflows).toEqual([expect.objectContaining({workspace: 'alpha', name: 'ship', description: 'plan, build, test', step_count: 3})]);
		expect((await app.inject({url: '/v1/runs'})).json()).toEqual({ok: true, action: 'runs.list', error: null, data: []});
	});

	it('events page with cursor, agent and workspace filters', async () => {
		const notes = (events: Array<{event: string; data: {n: number}}>) => events.filter((event) => event.event === 'agent.note').map((event) => event.data.n);
		const all = (await app.inject({url: '/v1/events'})).json();
		expect(notes(all.data)).toEqual([1, 2, 3]);
		const first = all.data[0].id as number;
		const after = (await app.inject({url: `/v1/events?cursor=${first}`})).json();
		expect(notes(after.data)).toEqual([2, 3]);
		const paged = (await app.inject({url: '/v1/events?limit=1'})).json();
		expect(paged.data).toHaveLength(1);
		expect(paged.next_cursor).toBe(String(first));
		const planner = (await app.inject({url: '/v1/events?agent=planner'})).json();
		expect(notes(planner.data)).toEqual([1, 3]);
		const byTime = (await app.inject({url: `/v1/events?cursor=${encodeURIComponent('2000-01-01T00:00:00Z')}`})).json();
		expect(byTime.data).toHaveLength(all.data.length);
		const future = (await app.inject({url: `/v1/events?cursor=${encodeURIComponent('2999-01-01T00:00:00+02:00')}`})).json();
		expect(future.data).toHaveLength(0);
		expect((await app.inject({url: '/v1/events?workspace=alpha'})).json().data).toHaveLength(all.data.length);
		expect((await app.inject({url: '/v1/events?workspace=nope'})).json()).toMatchObject({ok: false, error: {code: 'not_found'}});
		const bad = await app.inject({url: '/v1/events?cursor=garbage'});
		expect(bad.statusCode).toBe(400);
		expect(bad.json()).toMatchObject({ok: false, action: 'events.list', error: {code: 'bad_request'}, data: null});
	});

	it('GET /v1/ (the address tt serve prints) lists the endpoints', async () => {
		for (const url of ['/v1', '/v1/']) {
			const response = await app.inject({url});
			expect(response.statusCode).toBe(200);
			const {endpoints} = response.json().data as {endpoints: Array<{method: string; path: string}>};
			expect(endpoints).toEqual(expect.arrayContaining([{method: 'GET', path: '/v1/status'}, {method: 'GET', path: '/v1/events/stream'}, {method: 'POST', path: '/v1/actions/send'}, {method: 'POST', path: '/v1/webhooks/generic'}]));
			expect(endpoints.every((endpoint) => endpoint.path.startsWith('/v1/') && endpoint.method !== 'HEAD')).toBe(true);
		}
	});

	it('unknown endpoints are 404 with the envelope', async () => {
		const response = await app.inject({url: '/v1/nope'});
		expect(response.statusCode).toBe(404);
		expect(response.json()).toMatchObject({ok: false, action: 'route', error: {code: 'not_found'}});
		expect((await app.inject({method: 'DELETE', url: '/v1/health'})).statusCode).toBe(404);
		expect((await app.inject({url: '/v1/health/'})).statusCode).toBe(200);
		expect((await app.inject({url: '/'})).json()).toMatchObject({ok: false, action: 'dashboard', error: {code: 'not_found', hint: expect.stringContaining('npm run build')}});
	});

	it('focus of an unknown agent is 404; of a stopped one says so', async () => {
		expect((await app.inject({url: '/v1/agents/alpha/ghost/focus'})).statusCode).toBe(404);
		const focus = (await app.inject({url: '/v1/agents/alpha/planner/focus?lines=5&diff=0'})).json();
		expect(focus).toMatchObject({ok: true, action: 'agent.focus', data: {agent: 'planner', running: false, state: 'stopped', terminal: '', diff: null, usage: {input_tokens: 0, output_tokens: 0, cache_read: 0, cache_write: 0}}});
	});

	it('lists logs and handoffs inside the workspace only (no links out)', async () => {
		const ctx = world.workspaces[0]!;
		mkdirSync(ctx.paths.logs, {recursive: true});
		writeFileSync(path.join(ctx.paths.logs, 'planner.log'), 'hello\r\nworld\n');
		symlinkSync('/etc/passwd', path.join(ctx.paths.logs, 'tester.log'));
		mkdirSync(ctx.paths.handoffs, {recursive: true});
		writeFileSync(path.join(ctx.paths.handoffs, 'implementer-handoff-20260101-000000.md'), '# x');
		const logs = (await app.inject({url: '/v1/logs'})).json().data;
		expect(logs).toEqual([expect.objectContaining({workspace: 'alpha', agent: 'planner', file: 'planner.log', path: path.join('.tutti', 'logs', 'planner.log'), size_bytes: 13})]);
		expect((await app.inject({url: '/v1/logs/alpha/planner'})).json().data.lines).toEqual(['hello', 'world']);
		const linked = (await app.inject({url: '/v1/logs/alpha/tester'})).json().data;
		expect(linked).toMatchObject({exists: false, lines: []});
		expect((await app.inject({url: '/v1/logs/alpha/..%2F..%2Fetc'})).statusCode).toBe(404);
		expect((await app.inject({url: '/v1/handoffs'})).json().data).toEqual([expect.objectContaining({agent: 'implementer', file: 'implementer-handoff-20260101-000000.md'})]);
		expect((await app.inject({url: '/v1/policy-decisions'})).json()).toMatchObject({ok: true, data: []});
	});

	it('status carries the collisions the recorder stored (no git run per request)', async () => {
		const ctx = world.workspaces[0]!;
		const work = (agent: string) => ({agent, branch: `tutti/${agent}`, commit: 'c', changed: ['x'], conflicts_with_target: []});
		recordConflictReport(ctx.store, {target: {branch: 'main', commit: 'c0'}, agents: [work('planner'), work('tester')], pairs: [{agents: ['planner', 'tester'], overlapping: ['package.json'], conflicts: [], manifests: ['package.json']}]});
		// Summaries are shared for 300 ms: the rows of an earlier request may answer first.
		const rows = await waitFor(async () => {
			const data = (await app.inject({url: '/v1/status'})).json().data as Array<{agent: string; collisions: string[]}>;
			return data.some((row) => row.collisions.length > 0) && data;
		}, {timeoutMs: 5000, what: 'collisions in /v1/status'});
		expect(rows.map((row) => [row.agent, row.collisions])).toEqual([
			['planner', ['tester']],
			['implementer', []],
			['tester', ['planner']],
		]);
	});

	it('policy decisions: launches and command checks as the store recorded them, newest first', async () => {
		const ctx = world.workspaces[0]!;
		recordLaunchDecision(ctx, {agent: 'planner', runtime: 'demo', mode: 'auto', policy: 'constrained', enforcement: 'prompt', rules: 0, argv: ['demo']});
		recordCommandDecision(ctx, {action: 'permission_check', command: 'git push', decision: checkCommand('git push', ['npm test']), configured: true});
		const body = (await app.inject({url: '/v1/policy-decisions?workspace=alpha'})).json();
		expect(body).toMatchObject({ok: true, action: 'policy_decisions.list'});
		expect(body.data.map((row: {action: string; decision: string}) => [row.action, row.decision])).toEqual([
			['permission_check', 'block'],
			['launch', 'allow'],
		]);
		expect(body.data[0]).toMatchObject({workspace: 'alpha', enforcement: 'engine', reason: "no allow rule matched 'git push'", data: {command: 'git push', suggested_rule: 'git push'}});
		expect(body.data[1]).toMatchObject({agent: 'planner', runtime: 'demo', mode: 'auto', policy: 'constrained', enforcement: 'prompt', data: {policy_rules: 0, argv: ['demo']}});
		expect((await app.inject({url: '/v1/policy-decisions?limit=1'})).json().data).toHaveLength(1);
		expect((await app.inject({url: '/v1/policy-decisions?workspace=nope'})).statusCode).toBe(404);
	});
});

describe('actions, validation and idempotency (inject)', () => {
	let world: ServerWorld;
	let app: FastifyInstance;
	const workflows = fakeWorkflows(1);
	beforeAll(async () => {
		world = makeServerWorld('actions');
		world.addWorkspace('alpha', undefined);
		app = await world.build({core: {workflows}});
	});
	afterAll(() => world.cleanup());

	it('validates bodies with zod and reports the dotted path', async () => {
		const response = await app.inject({method: 'POST', url: '/v1/actions/send', ...json({agent: 'planner'})});
		expect(response.statusCode).toBe(400);
		expect(response.json()).toMatchObject({ok: false, action: 'send', error: {code: 'bad_request', issues: [expect.objectContaining({path: 'body.prompt'})]}, data: null});
		const wrongType = await app.inject({method: 'POST', url: '/v1/actions/up', ...json({fresh_worktree: 'yes'})});
		expect(wrongType.json().error.issues[0].path).toBe('body.fresh_worktree');
	});

	it('unknown actions fail; an empty name is 404', async () => {
		const unknown = await app.inject({method: 'POST', url: '/v1/actions/explode', ...json({})});
		expect(unknown.statusCode).toBe(400);
		expect(unknown.json()).toMatchObject({ok: false, action: 'explode', error: {code: 'action_failed'}});
		expect((await app.inject({method: 'POST', url: '/v1/actions/', ...json({})})).json()).toMatchObject({action: 'action', error: {code: 'not_found'}});
	});

	it('core errors keep their code and hint', async () => {
		const response = await app.inject({method: 'POST', url: '/v1/actions/send', ...json({agent: 'planner', prompt: 'hi'})});
		expect(response.statusCode).toBe(400);
		expect(response.json()).toMatchObject({ok: false, action: 'send', error: {code: 'action_failed', tutti_code: 'ERR_AGENT_NOT_RUNNING', hint: expect.stringContaining('tt up planner')}});
		const ghost = await app.inject({method: 'POST', url: '/v1/actions/send', ...json({agent: 'ghost', prompt: 'hi'})});
		expect(ghost.statusCode).toBe(404);
	});

	it('run goes to the workflow engine; unknown workflows are 404', async () => {
		const response = await app.inject({method: 'POST', url: '/v1/actions/run', ...json({workflow: 'ship'})});
		expect(response.json()).toMatchObject({ok: true, action: 'run', data: {workspace: 'alpha', workflow: 'ship', waited: true, result: {success: true}}});
		expect((await app.inject({method: 'POST', url: '/v1/actions/run', ...json({workflow: 'nope'})})).statusCode).toBe(404);
		const runs = (await app.inject({url: '/v1/runs'})).json().data;
		expect(runs).toEqual([expect.objectContaining({workspace: 'alpha', workflow: 'ship', status: 'success'})]);
	});

	it('the same Idempotency-Key replays; another action with it is 409', async () => {
		const before = workflows.runs.length;
		const first = await app.inject({method: 'POST', url: '/v1/actions/run', payload: JSON.stringify({workflow: 'ship'}), headers: {'content-type': 'application/json', 'idempotency-key': 'k-1'}});
		const second = await app.inject({method: 'POST', url: '/v1/actions/run', payload: JSON.stringify({workflow: 'ship', idempotency_key: 'k-1'}), headers: {'content-type': 'application/json'}});
		expect(first.json()).toEqual(second.json());
		expect(second.headers['idempotency-replayed']).toBe('true');
		expect(workflows.runs.length).toBe(before + 1);
		const conflict = await app.inject({method: 'POST', url: '/v1/actions/verify', payload: '{}', headers: {'content-type': 'application/json', 'idempotency-key': 'k-1'}});
		expect(conflict.statusCode).toBe(409);
		expect(conflict.json()).toMatchObject({ok: false, action: 'verify', error: {code: 'idempotency_conflict'}});
	});

	it('failed actions are not stored: the key can be retried', async () => {
		const headers = {'content-type': 'application/json', 'idempotency-key': 'k-fail'};
		const first = await app.inject({method: 'POST', url: '/v1/actions/send', payload: JSON.stringify({agent: 'planner', prompt: 'x'}), headers});
		const second = await app.inject({method: 'POST', url: '/v1/actions/send', payload: JSON.stringify({agent: 'planner', prompt: 'x'}), headers});
		expect(first.statusCode).toBe(400);
		expect(second.headers['idempotency-replayed']).toBeUndefined();
	});

	it('verify without a verify engine says so', async () => {
		const response = await app.inject({method: 'POST', url: '/v1/actions/verify', ...json({})});
		expect(response.json()).toMatchObject({ok: false, error: {code: 'action_failed', message: 'workflows are not available in this build'}});
	});

	it('webhooks match rules, dedup by body hash, and log', async () => {
		const first = await app.inject({method: 'POST', url: '/v1/webhooks/generic', ...json({source: 'ci', event: 'push', payload: {ref: 'main'}})});
		expect(first.json()).toMatchObject({ok: true, action: 'webhook.received', data: {source: 'ci', event: 'push', matched: false, triggers_fired: 0}});
		const again = await app.inject({method: 'POST', url: '/v1/webhooks/generic', ...json({source: 'ci', event: 'push', payload: {ref: 'main'}})});
		expect(again.headers['idempotency-replayed']).toBe('true');
		const events = (await app.inject({url: '/v1/events'})).json().data.filter((event: {event: string}) => event.event === 'webhook.received');
		expect(events).toHaveLength(1);
	});
});

describe('without a workflow engine', () => {
	let world: ServerWorld;
	let app: FastifyInstance;
	beforeAll(async () => {
		world = makeServerWorld('noflow');
		world.addWorkspace('alpha');
		app = await world.build();
	});
	afterAll(() => world.cleanup());

	it('run is action_failed with a clear message', async () => {
		const response = await app.inject({method: 'POST', url: '/v1/actions/run', ...json({workflow: 'ship'})});
		expect(response.statusCode).toBe(400);
		expect(response.json()).toEqual({ok: false, action: 'run', error: {code: 'action_failed', message: 'workflows are not available in this build', hint: expect.any(String)}, data: null});
	});
});
