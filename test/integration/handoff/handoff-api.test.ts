import {readdirSync} from 'node:fs';
import type {FastifyInstance} from 'fastify';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {waitFor} from '../../helpers/tt.js';
import {demoToml, makeServerWorld, type ServerWorld} from '../server/world.js';
import {demoPrompts} from '../workflow/harness.js';

describe('GET /v1/handoffs and POST /v1/actions/handoff (demo agent in real tmux)', () => {
	let world: ServerWorld;
	let app: FastifyInstance;
	const post = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
		app.inject({method: 'POST', url: '/v1/actions/handoff', payload: JSON.stringify(body), headers: {'content-type': 'application/json', ...headers}});

	beforeAll(async () => {
		world = makeServerWorld('handoff-api');
		world.addWorkspace('alpha', demoToml('alpha', ['sub-agent']));
		app = await world.build();
		const up = await app.inject({method: 'POST', url: '/v1/actions/up', payload: JSON.stringify({agent: 'sub-agent'}), headers: {'content-type': 'application/json'}});
		expect(up.json().ok, up.body).toBe(true);
	});
	afterAll(async () => {
		await app.inject({method: 'POST', url: '/v1/actions/down', payload: '{}', headers: {'content-type': 'application/json'}});
		await world.cleanup();
	});

	it('generate writes one packet per idempotency key and lists it under the whole agent name', async () => {
		const first = await post({agent: 'sub-agent', reason: 'from the api'}, {'idempotency-key': 'h-1'});
		expect(first.statusCode, first.body).toBe(200);
		const data = first.json().data as {packet: string; agent: string; reason: string; operation: string};
		expect(data).toMatchObject({workspace: 'alpha', operation: 'generate', agent: 'sub-agent', reason: 'from the api', kind: 'handoff'});
		expect(data.packet).toMatch(/^\.tutti\/handoffs\/sub-agent-handoff-\d{8}-\d{6}\.md$/);
		const again = await post({agent: 'sub-agent', reason: 'from the api'}, {'idempotency-key': 'h-1'});
		expect(again.headers['idempotency-replayed']).toBe('true');
		expect(again.json().data.packet).toBe(data.packet);
		expect(readdirSync(world.workspaces[0]!.paths.handoffs)).toHaveLength(1);
		const listed = (await app.inject({url: '/v1/handoffs?agent=sub-agent'})).json();
		expect(listed).toMatchObject({ok: true, action: 'handoffs.list', data: [{workspace: 'alpha', agent: 'sub-agent', kind: 'handoff', path: data.packet}]});
		expect((await app.inject({url: '/v1/handoffs?agent=sub'})).json().data).toEqual([]);
	});

	it('apply types the newest packet into the agent; a path instead of a file name is refused', async () => {
		const escape = await post({agent: 'sub-agent', operation: 'apply', packet: '../../tutti.toml'});
		expect(escape.statusCode).toBe(400);
		expect(escape.json()).toMatchObject({ok: false, error: {code: 'bad_request', tutti_code: 'ERR_USAGE', message: expect.stringContaining('must be a file name') as unknown}});
		const misplaced = await post({agent: 'sub-agent', packet: 'x.md'});
		expect(misplaced.statusCode).toBe(400);
		expect(misplaced.json()).toMatchObject({ok: false, error: {code: 'bad_request'}});
		expect((await post({agent: 'ghost'})).statusCode).toBe(404);
		// Another CLI needs a fresh session; an unknown one is named.
		const noReplace = await post({agent: 'sub-agent', operation: 'apply', runtime: 'codex'});
		expect(noReplace.statusCode).toBe(400);
		expect(JSON.stringify(noReplace.json())).toContain('`runtime` needs `replace`');
		const unknown = await post({agent: 'sub-agent', operation: 'apply', replace: true, runtime: 'cobol-cli'});
		expect(unknown.json()).toMatchObject({ok: false, error: {code: 'bad_request', message: 'unknown runtime "cobol-cli"'}});

		const applied = await post({agent: 'sub-agent', operation: 'apply'});
		expect(applied.statusCode, applied.body).toBe(200);
		const data = applied.json().data as {packet: string};
		expect(applied.json().data).toMatchObject({operation: 'apply', workspace: 'alpha', agent: 'sub-agent', replaced: false});
		const root = world.workspaces[0]!.root;
		await waitFor(() => demoPrompts(root).some((prompt) => prompt.startsWith('Apply this handoff packet') && prompt.includes(data.packet)), {what: 'the packet as a user turn', timeoutMs: 30_000});
	});
});
