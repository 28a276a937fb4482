import {EventEmitter} from 'node:events';
import {mkdtempSync, rmSync} from 'node:fs';
import type {ServerResponse} from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {Store} from '../../../src/core/store/store.js';
import type {WorkspaceContext} from '../../../src/core/agents/context.js';
import type {WorkspaceObserver} from '../../../src/core/state/workspace-observer.js';
import {CursorError, formatCursor, parseCursor} from '../../../src/server/events/cursor.js';
import {ScreenFeed} from '../../../src/server/events/screen-feed.js';
import {SseRegistry} from '../../../src/server/events/sse.js';
import {IdempotencyStore} from '../../../src/server/idempotency.js';
import {ok} from '../../../src/server/envelope.js';
import {dashboardUrl} from '../../../src/server/token.js';
import {fnv1a64, renderPrompt, ruleMatches} from '../../../src/server/webhooks.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tutti-parts-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

describe('webhook helpers', () => {
	it('hashes like the reference (FNV-1a 64)', () => {
		expect(fnv1a64('')).toBe('cbf29ce484222325');
		expect(fnv1a64('a')).toBe('af63dc4c8601ec8c');
	});

	it('matches source and events', () => {
		const rule = (source: string, events: string[]) => ({source, events});
		const input = {source: 'github', event: 'push', payload: {}};
		expect(ruleMatches(rule('github', []), input)).toBe(true);
		expect(ruleMatches(rule('*', ['push']), input)).toBe(true);
		expect(ruleMatches(rule('github', ['*']), input)).toBe(true);
		expect(ruleMatches(rule('github', ['issues']), input)).toBe(false);
		expect(ruleMatches(rule('gitlab', []), input)).toBe(false);
	});

	it('renders {{event.*}} from the payload', () => {
		const payload = {issue: {number: 7, title: 'Crash'}, labels: ['bug']};
		expect(renderPrompt('fix #{{event.issue.number}}: {{ event.issue.title }} {{event.labels}} {{event.nope.x}}!', payload)).toBe('fix #7: Crash ["bug"] !');
		expect(renderPrompt('{{event.__proto__.x}}', payload)).toBe('');
	});
});

describe('cursors', () => {
	const a = new Store(path.join(dir, 'a.db'));
	const b = new Store(path.join(dir, 'b.db'));
	afterAll(() => {
		a.close();
		b.close();
	});

	it('are store ids for one workspace and vectors for several', () => {
		const one = new Map([['alpha', a]]);
		expect(formatCursor(parseCursor('42', one), ['alpha'])).toBe('42');
		const both = new Map([['alpha', a], ['b,c:d', b]]);
		const cursor = parseCursor('alpha:3,b%2Cc%3Ad:9', both);
		expect([...cursor]).toEqual([['alpha', 3], ['b,c:d', 9]]);
		expect(formatCursor(cursor, ['alpha', 'b,c:d'])).toBe('alpha:3,b%2Cc%3Ad:9');
		expect(() => parseCursor('42', both)).toThrow(CursorError);
		expect(() => parseCursor('alpha:x', both)).toThrow(CursorError);
		expect([...parseCursor('gone:5', both)]).toEqual([['alpha', 0], ['b,c:d', 0]]);
	});

	it('accept RFC 3339 timestamps (events strictly after)', () => {
		const first = a.appendEvent({event: 'x', workspace: 'alpha', agent: null, correlation_id: 'c', data: null, timestamp: '2026-01-01T00:00:00.000Z'});
		a.appendEvent({event: 'y', workspace: 'alpha', agent: null, correlation_id: 'c', data: null, timestamp: '2026-01-01T00:00:01.000Z'});
		expect(parseCursor('2026-01-01T00:00:00Z', new Map([['alpha', a]])).get('alpha')).toBe(first.id);
		expect(parseCursor('2026-01-01T01:00:00+01:00', new Map([['alpha', a]])).get('alpha')).toBe(first.id);
	});
});

describe('idempotency', () => {
	it('keys expire', async () => {
		const store = new Store(path.join(dir, 'i.db'));
		const keys = new IdempotencyStore(50);
		let runs = 0;
		const run = () => keys.run(store, 'k', 'up', async () => ok('up', ++runs));
		expect((await run()).replayed).toBe(false);
		expect((await run()).replayed).toBe(true);
		await new Promise((resolve) => setTimeout(resolve, 80));
		expect((await run()).reply.data).toBe(2);
		store.close();
	});

	it('concurrent requests with one key run once', async () => {
		const store = new Store(path.join(dir, 'j.db'));
		const keys = new IdempotencyStore();
		let runs = 0;
		const slow = () => keys.run(store, 'k', 'send', async () => {
			runs++;
			await new Promise((resolve) => setTimeout(resolve, 30));
			return ok('send', 'done');
		});
		const results = await Promise.all([slow(), slow(), slow()]);
		expect(runs).toBe(1);
		expect(results.filter((result) => result.replayed)).toHaveLength(2);
		store.close();
	});
});

/** A response stand-in that records writes (and can pretend its socket is full). */
function fakeResponse(): ServerResponse & {frames: string[]; busy: boolean} {
	const emitter = new EventEmitter() as unknown as ServerResponse & {frames: string[]; busy: boolean};
	Object.assign(emitter, {
		frames: [] as string[],
		busy: false,
		writeHead: () => emitter,
		write: (chunk: string) => (emitter.frames.push(chunk), true),
		cork: () => undefined,
		uncork: () => undefined,
		end: () => emitter.emit('close'),
		destroy: () => emitter.emit('close'),
		socket: {setNoDelay: () => undefined},
	});
	Object.defineProperty(emitter, 'writableLength', {get: () => 0});
	Object.defineProperty(emitter, 'writableNeedDrain', {get: () => emitter.busy});
	return emitter;
}

describe('screen feed', () => {
	it('sends the current screen first, then at most fps frames a second, and the last change', async () => {
		let version = 0;
		const screen = {get version() {
			return version;
		}, snapshot: () => ({lines: [], cursor: {x: 0, y: 0}, cols: 80, rows: 24, title: ''}), serialize: () => `frame ${version}`};
		const observer = Object.assign(new EventEmitter(), {observer: () => ({screen})}) as unknown as WorkspaceObserver;
		const feed = new ScreenFeed({workspaces: [{name: 'w'} as WorkspaceContext], observer: () => observer}, {fps: 10});
		const registry = new SseRegistry();
		const slow = fakeResponse();
		const fast = fakeResponse();
		const frames = (response: {frames: string[]}) => response.frames.filter((frame) => frame.startsWith('event: screen')).map((frame) => JSON.parse(frame.slice(frame.indexOf('data: ') + 6)).ansi as string);
		feed.subscribe('w', 'a', registry.open(fast, {}));
		feed.subscribe('w', 'a', registry.open(slow, {}));
		await new Promise((resolve) => setTimeout(resolve, 20));
		expect(frames(fast)).toEqual(['frame 0']);
		slow.busy = true;
		const started = Date.now();
		while (Date.now() - started < 1000) {
			version++;
			observer.emit('screen', 'a');
			await new Promise((resolve) => setTimeout(resolve, 5));
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
		const sent = frames(fast);
		expect(sent.length).toBeGreaterThanOrEqual(8);
		expect(sent.length).toBeLessThanOrEqual(13);
		expect(sent.at(-1)).toBe(`frame ${version}`);
		expect(frames(slow)).toEqual(['frame 0']);
		slow.busy = false;
		slow.emit('drain');
		expect(frames(slow).at(-1)).toBe(`frame ${version}`);
		registry.closeAll();
		feed.close();
		expect(observer.listenerCount('screen')).toBe(0);
	});
});

describe('dashboard URL', () => {
	it('puts the token in the fragment and shows a reachable host', () => {
		expect(dashboardUrl('127.0.0.1', 4040, undefined)).toBe('http://127.0.0.1:4040/');
		expect(dashboardUrl('0.0.0.0', 4040, 'abc')).toBe('http://127.0.0.1:4040/#token=abc');
		expect(dashboardUrl('::1', 80, undefined)).toBe('http://[::1]:80/');
	});
});
