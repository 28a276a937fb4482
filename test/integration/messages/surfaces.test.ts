import type {FastifyInstance} from 'fastify';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {WorkspaceContext} from '../../../src/core/agents/context.js';
import {loadWorkspaceConfig} from '../../../src/core/config/index.js';
import {deliverMessages, getMessage, listMessages, sendMessage} from '../../../src/core/messages/index.js';
import {makeServerWorld, type ServerWorld} from '../server/world.js';

type Envelope = {ok: boolean; error: {code: string; message: string; hint?: string} | null; data: unknown};
type Row = {id: number; sender: string; recipient: string; state: string; reason: string | null; read_at: string | null; answered_at: string | null};

const toml = (limits: string) => `[workspace]\nname = "limits"\n[defaults]\nruntime = "demo"\nworktree = false\n[messages]\n${limits}\n[[agent]]\nname = "planner"\n[[agent]]\nname = "builder"\n[[agent]]\nname = "tester"\n`;

/**
 * The mailbox's surfaces and limits, with no agent running (so nothing is typed): `tt msg`
 * send/ls/show/wait, GET /v1/messages and POST /v1/actions/message, and every refusal naming the
 * tutti.toml key that sets its limit.
 */
describe('tt msg, the API and the limits', () => {
	let world: ServerWorld;
	let ctx: WorkspaceContext;
	let app: FastifyInstance;
	const tt = (args: string[]) => world.tt(args, {cwd: ctx.root});

	beforeAll(async () => {
		world = makeServerWorld('mail-surfaces');
		ctx = world.addWorkspace('limits', toml('max_body_bytes = 64\nper_sender_per_minute = 4\ndedupe_window = "5m"'));
		app = await world.build();
	});
	afterAll(async () => world.cleanup());

	type Refusal = {name: string; args: string[]; says: RegExp; code?: number};
	const refusals: Refusal[] = [
		{name: 'a body over max_body_bytes asks for a file instead', args: ['msg', 'send', 'builder', 'x'.repeat(65)], says: /65 bytes, more than \[messages\] max_body_bytes = 64[\s\S]*Write the text to a file/},
		{name: 'an unknown recipient, with a suggestion', args: ['msg', 'send', 'buildr', 'hi'], says: /Did you mean "builder"\?/},
		{name: 'a sender that is no agent of the workspace', args: ['msg', 'send', 'builder', 'hi', '--from', 'mallory'], says: /mallory/},
		{name: 'an agent messaging itself', args: ['msg', 'send', 'builder', 'hi', '--from', 'builder'], says: /cannot message itself/, code: 2},
		{name: 'an empty message', args: ['msg', 'send', 'builder', ' '], says: /the message is empty/, code: 2},
	];
	it.each(refusals)('refuses $name', async ({args, says, code}) => {
		const result = await tt(args);
		expect(result.code).toBe(code ?? 1);
		expect(result.stderr).toMatch(says);
		expect((await tt(['msg', 'ls', '--all', '--json'])).stdout.trim()).toBe('[]');
	});

	it('stores a message for a stopped agent as held, and tt msg wait gives up at its timeout', async () => {
		const sent = await tt(['msg', 'send', 'builder', 'the parser is ready', '--json']);
		expect(sent.code, sent.stderr).toBe(0);
		const [row] = (JSON.parse(sent.stdout) as {messages: Row[]}).messages;
		expect(row).toMatchObject({sender: 'human', recipient: 'builder', state: 'held', reason: 'stopped'});
		const wait = await tt(['msg', 'wait', String(row!.id), '--timeout', '300ms']);
		expect(wait.code).toBe(1);
		expect(wait.stdout).toContain(`message ${row!.id} is still held (stopped) after the timeout`);
		expect((await tt(['msg', 'ls'])).stdout).toMatch(/builder\s+held \(stopped\)/);
	});

	it('dedupe_window refuses the same body to the same agent; a key makes a send idempotent', async () => {
		const again = await tt(['msg', 'send', 'builder', 'the parser is ready']);
		expect(again.code).toBe(1);
		expect(again.stderr).toMatch(/dedupe_window = "5m" refuses it again so soon/);
		const first = await tt(['msg', 'send', 'tester', 'run the suite', '--from', 'planner', '--key', 'task-7', '--json']);
		const second = await tt(['msg', 'send', 'tester', 'run the suite', '--from', 'planner', '--key', 'task-7', '--json']);
		const [a, b] = [first, second].map((result) => JSON.parse(result.stdout) as {messages: Row[]; repeated: boolean});
		expect(a!.repeated).toBe(false);
		expect(b).toEqual({messages: [expect.objectContaining({id: a!.messages[0]!.id})], repeated: true});
	});

	it('per_sender_per_minute stops a flood (and loops between agents), naming the key', async () => {
		sendMessage(ctx, {to: ['builder'], body: 'one', from: 'planner'});
		sendMessage(ctx, {to: ['builder'], body: 'two', from: 'planner'});
		sendMessage(ctx, {to: ['builder'], body: 'three', from: 'planner'});
		const over = await tt(['msg', 'send', 'builder', 'five', '--from', 'planner']);
		expect(over.code).toBe(1);
		expect(over.stderr).toMatch(/planner has sent 4 messages in the last minute; 1 more would pass \[messages\] per_sender_per_minute = 4/);
	});

	it('a message to human is delivered at once and read when shown; a reply marks it answered', async () => {
		const [note] = sendMessage(ctx, {to: ['human'], body: 'need a decision on the schema', from: 'tester'}).messages;
		expect(note).toMatchObject({state: 'delivered', read_at: null});
		const shown = await tt(['msg', 'show', String(note!.id)]);
		expect(shown.stdout).toContain('from: tester');
		expect(shown.stdout).toContain('need a decision on the schema');
		expect(getMessage(ctx.store, note!.id)?.read_at).not.toBeNull();
		await tt(['msg', 'send', 'tester', 'use v2', '--reply-to', String(note!.id)]);
		expect(getMessage(ctx.store, note!.id)?.answered_at).not.toBeNull();
	});

	it('GET /v1/messages and POST /v1/actions/message use the same mailbox', async () => {
		const posted = (await app.inject({method: 'POST', url: '/v1/actions/message', payload: {to: ['planner', 'tester'], text: 'standup in 5', key: 'standup'}})).json<Envelope>();
		expect(posted.ok, JSON.stringify(posted.error)).toBe(true);
		const rows = (posted.data as {messages: Row[]}).messages;
		expect(rows.map((row) => [row.recipient, row.state])).toEqual([['planner', 'held'], ['tester', 'held']]);
		const refused = (await app.inject({method: 'POST', url: '/v1/actions/message', payload: {to: ['builder'], text: 'y'.repeat(100)}})).json<Envelope>();
		expect(refused).toMatchObject({ok: false});
		expect(refused.error?.message).toContain('max_body_bytes');
		const listed = (await app.inject({method: 'GET', url: '/v1/messages?agent=planner'})).json<Envelope>();
		expect((listed.data as Row[]).map((row) => row.id)).toContain(rows[0]!.id);
		const events = ctx.store.lastEvents(200).filter((event) => event.event === 'message.queued').map((event) => event.agent);
		expect(events).toEqual(expect.arrayContaining(['planner', 'tester', 'builder']));
	});

	it('messages to an agent removed from tutti.toml are dead, never silently dropped', async () => {
		const waiting = listMessages(ctx.store, {agent: 'tester'}).filter((row) => row.recipient === 'tester');
		expect(waiting.length).toBeGreaterThan(0);
		writeFileSync(path.join(ctx.root, 'tutti.toml'), toml('').replace('[[agent]]\nname = "tester"\n', ''));
		const edited = new WorkspaceContext(loadWorkspaceConfig(ctx.root), world.services);
		try {
			await deliverMessages(edited, 'tester');
		} finally {
			edited.close();
		}
		for (const row of waiting) expect(getMessage(ctx.store, row.id)).toMatchObject({state: 'dead', reason: 'no such agent in tutti.toml'});
		const dead = ctx.store.lastEvents(300).filter((event) => event.event === 'message.dead').map((event) => event.data?.['id']);
		expect(dead).toEqual(waiting.map((row) => row.id));
	});
});
