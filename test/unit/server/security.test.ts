import {createHmac} from 'node:crypto';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {FastifyInstance} from 'fastify';
import {hostName, isLoopbackHost} from '../../../src/server/plugins/security.js';
import {assertSafeBind, serveTokenFile} from '../../../src/server/token.js';
import {makeServerWorld, type ServerWorld} from '../../integration/server/world.js';

const post = (url: string, body: string, headers: Record<string, string> = {}) => ({method: 'POST' as const, url, payload: body, headers: {'content-type': 'application/json', host: '127.0.0.1:4040', ...headers}});

describe('request guards without a token (loopback)', () => {
	let world: ServerWorld;
	let app: FastifyInstance;
	beforeAll(async () => {
		world = makeServerWorld('sec');
		world.addWorkspace('alpha');
		app = await world.build();
	});
	afterAll(() => world.cleanup());

	it('a POST with a foreign Origin is refused before anything runs', async () => {
		const response = await app.inject(post('/v1/actions/down', '{}', {origin: 'https://evil.example'}));
		expect(response.statusCode).toBe(403);
		expect(response.json()).toMatchObject({ok: false, action: 'down', error: {code: 'forbidden_origin'}, data: null});
		expect((await app.inject(post('/v1/actions/down', '{}', {origin: 'null'}))).statusCode).toBe(403);
		expect((await app.inject(post('/v1/actions/down', '{}', {'sec-fetch-site': 'cross-site'}))).statusCode).toBe(403);
		// A page elsewhere must not be able to approve what an agent asks.
		for (const action of ['approve', 'deny']) {
			const answer = await app.inject(post(`/v1/actions/${action}`, '{"agent":"planner"}', {origin: 'https://evil.example'}));
			expect(answer.json(), action).toMatchObject({ok: false, action, error: {code: 'forbidden_origin'}});
		}
	});

	it('the same origin may post', async () => {
		const response = await app.inject(post('/v1/actions/verify', '{}', {origin: 'http://127.0.0.1:4040'}));
		expect(response.json().error.code).toBe('action_failed');
	});

	it('a rebound host name is refused (DNS rebinding), reads included', async () => {
		const response = await app.inject({url: '/v1/status', headers: {host: 'attacker.example:4040'}});
		expect(response.statusCode).toBe(403);
		expect(response.json()).toMatchObject({ok: false, error: {code: 'forbidden_host'}});
		expect((await app.inject({url: '/v1/health', headers: {host: 'localhost:4040'}})).statusCode).toBe(200);
		expect((await app.inject({url: '/v1/health', headers: {host: '[::1]:4040'}})).statusCode).toBe(200);
	});

	it('malformed JSON is 400 with the envelope', async () => {
		const response = await app.inject(post('/v1/actions/up', '{"agent": '));
		expect(response.statusCode).toBe(400);
		expect(response.json()).toMatchObject({ok: false, action: 'up', error: {code: 'invalid_json'}, data: null});
	});

	it('an oversized body is 413 with the envelope', async () => {
		const response = await app.inject(post('/v1/actions/send', JSON.stringify({agent: 'planner', prompt: 'x'.repeat(1024 * 1024 + 10)})));
		expect(response.statusCode).toBe(413);
		expect(response.json()).toMatchObject({ok: false, error: {code: 'payload_too_large'}});
	});

	it('a form post (not JSON) is 415, so HTML forms cannot drive agents', async () => {
		const response = await app.inject({method: 'POST', url: '/v1/actions/down', payload: 'agent=planner', headers: {'content-type': 'application/x-www-form-urlencoded', host: '127.0.0.1:4040'}});
		expect(response.statusCode).toBe(415);
		expect(response.json().error.code).toBe('unsupported_media_type');
	});

	it.each([
		['text/plain (a "simple" cross-site request)', {'content-type': 'text/plain'}, '{"agent":"planner"}', 415, 'unsupported_media_type'],
		['text/plain with a charset', {'content-type': 'text/plain; charset=utf-8'}, '{}', 415, 'unsupported_media_type'],
		['multipart form', {'content-type': 'multipart/form-data; boundary=x'}, '--x--', 415, 'unsupported_media_type'],
		['no body and no Content-Type', {}, undefined, 415, 'unsupported_media_type'],
		['JSON content type with an empty body', {'content-type': 'application/json'}, '', 400, 'invalid_json'],
		['JSON content type with only spaces', {'content-type': 'application/json'}, '   ', 400, 'invalid_json'],
	] as const)('a mutating request with %s is refused before anything runs', async (_name, headers, payload, status, code) => {
		for (const action of ['down', 'send', 'up', 'land', 'approve', 'deny']) {
			const response = await app.inject({method: 'POST', url: `/v1/actions/${action}`, headers: {host: '127.0.0.1:4040', ...headers}, ...(payload === undefined ? {} : {payload})});
			expect(response.statusCode, action).toBe(status);
			expect(response.json()).toMatchObject({ok: false, action, error: {code}});
		}
	});

	it('sets protective headers', async () => {
		const response = await app.inject({url: '/v1/health'});
		expect(response.headers['x-content-type-options']).toBe('nosniff');
		expect(response.headers['x-frame-options']).toBe('DENY');
	});
});

describe('bearer token', () => {
	let world: ServerWorld;
	let app: FastifyInstance;
	const token = 'a'.repeat(64);
	beforeAll(async () => {
		world = makeServerWorld('tok');
		world.addWorkspace('alpha', undefined);
		app = await world.build({token, tokenOrigin: 'it is in /xdg/tutti/serve-token'});
	});
	afterAll(() => world.cleanup());

	it('the 401 hint says where the token tt serve uses came from', async () => {
		const missing = await app.inject({url: '/v1/health'});
		expect(missing.json()).toMatchObject({error: {hint: 'Send Authorization: Bearer <token> (the token tt serve was started with: it is in /xdg/tutti/serve-token).'}});
	});

	it('wrong or missing token is 401; the right one passes; any host is fine with a token', async () => {
		const missing = await app.inject({url: '/v1/health'});
		expect(missing.statusCode).toBe(401);
		expect(missing.json()).toMatchObject({ok: false, action: 'auth', error: {code: 'unauthorized'}});
		expect(missing.headers['www-authenticate']).toMatch(/Bearer/);
		expect((await app.inject({url: '/v1/health', headers: {authorization: `Bearer ${'b'.repeat(64)}`}})).statusCode).toBe(401);
		expect((await app.inject({url: '/v1/health', headers: {authorization: `Bearer ${token}`, host: 'box.lan:4040'}})).statusCode).toBe(200);
		expect((await app.inject({url: '/v1/events/stream', headers: {authorization: 'Bearer nope'}})).statusCode).toBe(401);
	});

	it('webhooks accept a GitHub HMAC signature instead of the bearer', async () => {
		const body = JSON.stringify({zen: 'hi'});
		const signature = `sha256=${createHmac('sha256', token).update(body).digest('hex')}`;
		const signed = await app.inject({method: 'POST', url: '/v1/webhooks/generic', payload: body, headers: {'content-type': 'application/json', 'x-hub-signature-256': signature, 'x-github-event': 'ping', 'x-github-delivery': 'd-1'}});
		expect(signed.json()).toMatchObject({ok: true, data: {source: 'github', event: 'ping'}});
		const forged = await app.inject({method: 'POST', url: '/v1/webhooks/generic', payload: body, headers: {'content-type': 'application/json', 'x-hub-signature-256': 'sha256=00'}});
		expect(forged.statusCode).toBe(401);
	});
});

describe('bind safety', () => {
	it('knows loopback hosts', () => {
		expect(['127.0.0.1', 'localhost', '::1', '127.1.2.3', 'app.localhost'].every((host) => isLoopbackHost(host))).toBe(true);
		expect(['0.0.0.0', '192.168.1.2', 'example.com', '::'].some((host) => isLoopbackHost(host))).toBe(false);
		expect(hostName('[::1]:4040')).toBe('::1');
		expect(hostName('Example.com:80')).toBe('example.com');
	});

	it('the stored token lives in the config dir XDG_CONFIG_HOME names, else ~/.config/tutti', () => {
		expect(serveTokenFile({XDG_CONFIG_HOME: '/xdg', HOME: '/home/me'})).toBe('/xdg/tutti/serve-token');
		expect(serveTokenFile({HOME: '/home/me'})).toBe('/home/me/.config/tutti/serve-token');
	});

	it('the refusal names the file a bare --token would use', () => {
		expect(() => assertSafeBind('0.0.0.0', undefined, '/xdg/tutti/serve-token')).toThrow(expect.objectContaining({hint: 'Add --token (a token is generated and kept in /xdg/tutti/serve-token), or bind 127.0.0.1.'}) as Error);
	});

	it('refuses a non-loopback bind without a token', () => {
		expect(() => assertSafeBind('0.0.0.0', undefined, '/x/serve-token')).toThrow(/token/);
		expect(() => assertSafeBind('192.168.1.5', undefined, '/x/serve-token')).toThrow(/token/);
		expect(() => assertSafeBind('0.0.0.0', 'x'.repeat(32), '/x/serve-token')).not.toThrow();
		expect(() => assertSafeBind('127.0.0.1', undefined, '/x/serve-token')).not.toThrow();
		expect(() => assertSafeBind('0.0.0.0', 'short', '/x/serve-token')).toThrow(/32/);
	});
});

describe('several workspaces', () => {
	let world: ServerWorld;
	let app: FastifyInstance;
	beforeAll(async () => {
		world = makeServerWorld('multi');
		const alpha = world.addWorkspace('alpha');
		alpha.store.appendEvent({event: 'note', workspace: 'alpha', agent: null, correlation_id: 'test', data: {n: 'a'}});
		const beta = world.addWorkspace('beta');
		beta.store.appendEvent({event: 'note', workspace: 'beta', agent: null, correlation_id: 'test', data: {n: 'b'}});
		app = await world.build();
	});
	afterAll(() => world.cleanup());

	it('actions need a workspace; events use cursor vectors', async () => {
		const response = await app.inject(post('/v1/actions/up', '{}'));
		expect(response.statusCode).toBe(400);
		expect(response.json().error.message).toMatch(/"workspace" is required/);
		const events = (await app.inject({url: '/v1/events'})).json();
		expect(events.data.map((event: {workspace: string}) => event.workspace).sort()).toEqual(['alpha', 'beta']);
		expect(events.next_cursor).toBe('alpha:1,beta:1');
		expect((await app.inject({url: '/v1/events?cursor=alpha:1,beta:0'})).json().data).toEqual([expect.objectContaining({workspace: 'beta'})]);
		expect((await app.inject({url: '/v1/events?cursor=1'})).statusCode).toBe(400);
		expect((await app.inject({url: '/v1/events?cursor=1&workspace=beta'})).json().data).toEqual([]);
	});
});
