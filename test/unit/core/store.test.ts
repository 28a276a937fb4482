import path from 'node:path';
import {afterAll, afterEach, beforeEach, describe, expect, it} from 'vitest';
import {Store} from '../../../src/core/store/store.js';
import {probeSqlite, type SqliteEngine} from '../../../src/core/store/sqlite.js';
import {makeTempDir} from '../../helpers/sandbox.js';

/** The engines this Node can run: both on Node 22.13+ with better-sqlite3 built, one elsewhere. */
function availableEngines(): SqliteEngine[] {
	return (['better-sqlite3', 'node:sqlite'] as const).filter((engine) => {
		const probe = probeSqlite({engine, fallback: undefined});
		return 'engine' in probe && probe.engine === engine;
	});
}

const engines = availableEngines();

it('runs on at least one SQLite engine', () => {
	expect(engines.length).toBeGreaterThan(0);
});

describe.each(engines)('Store on %s', (engine) => {
	const temp = makeTempDir();
	const forced = process.env['TUTTI_SQLITE'];
	beforeEach(() => {
		process.env['TUTTI_SQLITE'] = engine;
	});
	afterEach(() => {
		if (forced === undefined) delete process.env['TUTTI_SQLITE'];
		else process.env['TUTTI_SQLITE'] = forced;
	});
	afterAll(() => temp.cleanup());
	let n = 0;
	const file = () => path.join(temp.dir, `${++n}`, 'tutti.db');

	it('opens with the engine asked for, in WAL mode with a busy timeout', () => {
		const store = new Store(file());
		expect(store.engine).toBe(engine);
		expect(store.db.prepare('PRAGMA journal_mode').get()).toEqual({journal_mode: 'wal'});
		expect(store.db.prepare('PRAGMA busy_timeout').get()).toEqual({timeout: 5000});
		expect(store.db.prepare('PRAGMA synchronous').get()).toEqual({synchronous: 1});
		store.close();
	});

	it('gives events monotonic ids and reads them back in order, as plain objects', () => {
		const store = new Store(file());
		const first = store.appendEvent({event: 'agent.started', workspace: 'w', agent: 'a', correlation_id: 'c1', data: {runtime: 'demo'}});
		const second = store.appendEvent({event: 'agent.stopped', workspace: 'w', agent: 'a', correlation_id: 'c2', data: null});
		expect(typeof first.id).toBe('number');
		expect(second.id).toBeGreaterThan(first.id);
		expect(store.eventsAfter(first.id).map((event) => event.event)).toEqual(['agent.stopped']);
		const [row] = store.eventsAfter(0);
		expect(row?.data).toEqual({runtime: 'demo'});
		expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
		expect(Object.getPrototypeOf(store.db.prepare('SELECT 1 AS one').get())).toBe(Object.prototype);
		expect(store.db.prepare('SELECT 1 AS one WHERE 0').get()).toBeUndefined();
		store.close();
	});

	it('records a state change once, even from two connections', () => {
		const shared = file();
		const one = new Store(shared);
		const two = new Store(shared);
		expect(one.recordState('w', 'a', {state: 'working', source: 'screen'})).toBeDefined();
		expect(two.recordState('w', 'a', {state: 'working', source: 'screen'})).toBeUndefined();
		expect(two.recordState('w', 'a', {state: 'idle', source: 'screen'})?.data).toMatchObject({from: 'working', to: 'idle'});
		expect(one.lastEvents(10).map((event) => event.event)).toEqual(['agent.working', 'agent.idle']);
		one.close();
		two.close();
	});

	it('does not cover a state recorded since a given time (a late "starting" after the recorder saw the agent)', () => {
		const store = new Store(file());
		const iso = (ms: number) => new Date(ms).toISOString();
		store.recordState('w', 'a', {state: 'stopped', source: 'session'});
		const since = Date.parse(store.agentStates().get('a')?.since ?? '');
		// Recorded before the launch: the late word replaces it.
		expect(store.recordState('w', 'a', {state: 'starting', source: 'session', unlessNewerThan: iso(since + 1)})?.data).toMatchObject({from: 'stopped', to: 'starting'});
		store.recordState('w', 'a', {state: 'idle', source: 'screen'});
		const idleSince = Date.parse(store.agentStates().get('a')?.since ?? '');
		// Recorded at or after the launch (by a recorder that saw the agent first): kept.
		expect(store.recordState('w', 'a', {state: 'starting', source: 'session', unlessNewerThan: iso(idleSince)})).toBeUndefined();
		expect(store.recordState('w', 'a', {state: 'starting', source: 'session', unlessNewerThan: iso(idleSince - 5000)})).toBeUndefined();
		expect(store.agentStates().get('a')?.state).toBe('idle');
		store.close();
	});

	it('rolls a failed transaction back whole, and a failed nested one only to its savepoint', () => {
		const store = new Store(file());
		store.db.exec('CREATE TABLE t (v INTEGER)');
		const insert = store.db.prepare('INSERT INTO t (v) VALUES (?)');
		expect(() =>
			store.transaction(() => {
				insert.run(1);
				throw new Error('boom');
			}),
		).toThrow('boom');
		store.transaction(() => {
			insert.run(2);
			expect(() =>
				store.transaction(() => {
					insert.run(3);
					throw new Error('inner');
				}),
			).toThrow('inner');
			store.transaction(() => insert.run(4));
		});
		expect(store.db.prepare('SELECT v FROM t ORDER BY v').all()).toEqual([{v: 2}, {v: 4}]);
		expect(insert.run(5)).toEqual({changes: 1, lastInsertRowid: 3});
		store.close();
	});

	it('holds the write lock from the start of a transaction (IMMEDIATE)', () => {
		const shared = file();
		const one = new Store(shared);
		const two = new Store(shared);
		two.db.exec('PRAGMA busy_timeout = 0');
		one.transaction(() => {
			// A reader still reads; a second writer cannot begin while the first holds the lock.
			expect(two.lastEvents(1)).toEqual([]);
			expect(() => two.transaction(() => undefined)).toThrow(/locked|busy/i);
		});
		two.transaction(() => undefined);
		one.close();
		two.close();
	});
});
