import {connect} from 'node:net';
import type {FastifyInstance} from 'fastify';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {makeServerWorld, type ServerWorld} from '../../integration/server/world.js';

/**
 * The API guard against every way of spelling a route: each encoding of each route's path, sent
 * as raw bytes over a real socket (so nothing normalises the request line on the way), must be
 * refused by the same guard as the plain path. Nothing may come back with agent data.
 */

type Raw = {status: number; headers: string; body: string};

/** One HTTP/1.1 request with exactly this request line; the response up to 64 KiB or 1 s of a stream. */
function rawRequest(port: number, requestLine: string, headers: Record<string, string>, body = ''): Promise<Raw> {
	return new Promise((resolve, reject) => {
		const socket = connect(port, '127.0.0.1');
		let data = '';
		const finish = () => {
			socket.destroy();
			const [head = '', ...rest] = data.split('\r\n\r\n');
			resolve({status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), headers: head, body: rest.join('\r\n\r\n')});
		};
		const timer = setTimeout(finish, 1000);
		socket.on('data', (chunk) => {
			data += chunk.toString('utf8');
			if (data.length > 65_536) finish();
		});
		socket.on('end', () => {
			clearTimeout(timer);
			finish();
		});
		socket.on('error', reject);
		const lines = [requestLine, ...Object.entries({...headers, 'content-length': String(Buffer.byteLength(body)), connection: 'close'}).map(([name, value]) => `${name}: ${value}`)];
		socket.write(`${lines.join('\r\n')}\r\n\r\n${body}`);
	});
}

/** The ways an attacker spells `/v1/<rest>`; each keeps pointing at the same route for a lenient router. */
const spellings: Array<[string, (rest: string) => string]> = [
	['plain', (rest) => `/v1/${rest}`],
	['%76 for v', (rest) => `/%761/${rest}`],
	['%56 for V', (rest) => `/%561/${rest}`],
	['%31 for 1', (rest) => `/v%31/${rest}`],
	['all encoded', (rest) => `/%76%31/${rest.replace(/[a-z]/g, (c) => `%${c.charCodeAt(0).toString(16)}`)}`],
	['%2F for the slash', (rest) => `/v1%2F${rest}`],
	['%2f lower-case', (rest) => `/v1%2f${rest}`],
	['double encoding', (rest) => `/%25761/${rest}`],
	['upper-case V1', (rest) => `/V1/${rest}`],
	['double slash', (rest) => `//v1/${rest}`],
	['inner double slash', (rest) => `/v1//${rest}`],
	['dot segment', (rest) => `/v1/./${rest}`],
	['dot-dot segment', (rest) => `/x/../v1/${rest}`],
	['trailing slash', (rest) => `/v1/${rest}/`],
	['trailing dot', (rest) => `/v1/${rest}.`],
	['semicolon', (rest) => `/v1/${rest};x=1`],
	['query', (rest) => `/v1/${rest}?a=1`],
	['absolute-form', (rest) => `http://127.0.0.1/v1/${rest}`],
	['absolute-form, other host', (rest) => `http://evil.example/v1/${rest}`],
	['absolute-form, https', (rest) => `https://x/v1/${rest}`],
	['asterisk', () => '*'],
];

/** Every /v1 route of the app (read from Fastify's route tree), with its parameters filled in. */
function apiRoutes(app: FastifyInstance): Array<{method: string; rest: string}> {
	const routes: Array<{method: string; rest: string}> = [];
	const stack: string[] = [];
	for (const line of app.printRoutes({commonPrefix: false}).split('\n')) {
		const match = /^(.*?)(?:├── |└── )(\S+) \(([A-Z, ]+)\)$/.exec(line);
		if (!match?.[2] || !match[3]) continue;
		const depth = (match[1] ?? '').length / 4;
		stack.length = depth;
		stack.push(match[2]);
		const full = stack.join('').replace(/\/\/+/g, '/');
		if (!full.startsWith('/v1/')) continue;
		const rest = full.slice('/v1/'.length).replace(/:ws/g, 'alpha').replace(/:agent/g, 'planner').replace(/:name/g, 'down');
		for (const method of match[3].split(', ')) if (method === 'GET' || method === 'POST') routes.push({method, rest});
	}
	return routes;
}

const neverLeaks = (response: Raw) => {
	// A refusal, or no route: never a success, never a stream, never an envelope with data.
	expect(response.status, response.headers).toBeGreaterThanOrEqual(400);
	expect(response.headers).not.toMatch(/text\/event-stream/);
	expect(response.body).not.toMatch(/"ok":\s*true/);
};

describe('the /v1 guard, with a token (a --bind 0.0.0.0 --token server)', () => {
	let world: ServerWorld;
	let app: FastifyInstance;
	let port = 0;
	const token = 't'.repeat(64);
	beforeAll(async () => {
		world = makeServerWorld('guard');
		world.addWorkspace('alpha');
		app = await world.build({token, allowedHosts: ['0.0.0.0']});
		await app.listen({port: 0, host: '127.0.0.1'});
		port = (app.server.address() as {port: number}).port;
	});
	afterAll(async () => {
		await app.close();
		await world.cleanup();
	});

	it('knows the routes it guards (the table covers SSE, the screen stream, webhooks and actions)', () => {
		const rests = apiRoutes(app).map((route) => route.rest);
		expect(rests.length).toBeGreaterThan(20);
		expect(rests).toEqual(expect.arrayContaining(['events/stream', 'agents/alpha/planner/screen/stream', 'webhooks/generic', 'actions/down', 'actions/send', 'status']));
	});

	it.each(spellings)('refuses %s of every route without the token', async (_name, spell) => {
		for (const {method, rest} of apiRoutes(app)) {
			const target = spell(rest);
			const response = await rawRequest(port, `${method} ${target} HTTP/1.1`, {host: '127.0.0.1', 'content-type': 'application/json'}, method === 'POST' ? '{"agent":"planner","prompt":"x"}' : '');
			neverLeaks(response);
			if (target.startsWith('/')) expect([400, 401, 404], `${method} ${target}: ${response.status}`).toContain(response.status);
			else expect(response.status, `${method} ${target}`).toBe(400);
		}
	});

	it('still serves the dashboard page without the token, and the plain API with it', async () => {
		const page = await rawRequest(port, 'GET / HTTP/1.1', {host: '127.0.0.1'});
		expect([200, 404]).toContain(page.status);
		const status = await rawRequest(port, 'GET /v1/status HTTP/1.1', {host: '127.0.0.1', authorization: `Bearer ${token}`});
		expect(status.status).toBe(200);
		expect(status.body).toMatch(/"ok":\s*true/);
	});
});

describe('the /v1 guard, without a token (loopback)', () => {
	let world: ServerWorld;
	let app: FastifyInstance;
	let port = 0;
	beforeAll(async () => {
		world = makeServerWorld('guard-lo');
		world.addWorkspace('alpha');
		app = await world.build();
		await app.listen({port: 0, host: '127.0.0.1'});
		port = (app.server.address() as {port: number}).port;
	});
	afterAll(async () => {
		await app.close();
		await world.cleanup();
	});

	it.each(spellings)('refuses %s of every route for a rebound host name', async (_name, spell) => {
		for (const {method, rest} of apiRoutes(app)) {
			const response = await rawRequest(port, `${method} ${spell(rest)} HTTP/1.1`, {host: 'attacker.example', 'content-type': 'application/json'}, method === 'POST' ? '{}' : '');
			neverLeaks(response);
		}
	});

	it.each(spellings)('refuses %s of every action from a foreign origin', async (_name, spell) => {
		for (const {method, rest} of apiRoutes(app).filter((route) => route.method === 'POST')) {
			const response = await rawRequest(port, `POST ${spell(rest)} HTTP/1.1`, {host: '127.0.0.1', origin: 'https://evil.example', 'content-type': 'application/json'}, '{}');
			neverLeaks(response);
			void method;
		}
	});
});
