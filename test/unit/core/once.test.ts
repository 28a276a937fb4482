import os from 'node:os';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import {afterAll, describe, expect, it} from 'vitest';
import {once} from '../../../src/core/store/once.js';
import {Store} from '../../../src/core/store/store.js';
import {makeTempDir} from '../../helpers/sandbox.js';

describe('store.once', () => {
	const temp = makeTempDir();
	afterAll(() => temp.cleanup());
	let n = 0;
	const file = () => path.join(temp.dir, `${++n}`, 'tutti.db');

	it('runs once for concurrent callers on two connections; they share the result', async () => {
		const shared = file();
		const [one, two] = [new Store(shared), new Store(shared)];
		let runs = 0;
		const work = async () => {
			runs++;
			await delay(100);
			return {ok: true, n: runs};
		};
		const results = await Promise.all([once(one, 'k', 'send', work), once(two, 'k', 'send', work), once(one, 'k', 'send', work)]);
		expect(runs).toBe(1);
		expect(results.map((result) => result.kind).sort()).toEqual(['ran', 'replayed', 'replayed']);
		for (const result of results) expect(result).toMatchObject({value: {ok: true, n: 1}});
		one.close();
		two.close();
	});

	it('the same key for another scope is a conflict, naming the first scope', async () => {
		const store = new Store(file());
		await once(store, 'k', 'send', async () => 1);
		expect(await once(store, 'k', 'down', async () => 2)).toEqual({kind: 'conflict', scope: 'send'});
		store.close();
	});

	it('a result keep rejects, or a throw, leaves the key free for a retry', async () => {
		const store = new Store(file());
		expect(await once(store, 'k', 'send', async () => ({ok: false}), {keep: (value) => value.ok})).toEqual({kind: 'ran', value: {ok: false}});
		await expect(once(store, 'k', 'send', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
		expect(await once(store, 'k', 'send', async () => ({ok: true}), {keep: (value) => value.ok})).toEqual({kind: 'ran', value: {ok: true}});
		expect(await once(store, 'k', 'send', async () => ({ok: 'again'}))).toEqual({kind: 'replayed', value: {ok: true}});
		store.close();
	});

	it('takes over a claim whose process died, and forgets results after the ttl', async () => {
		const store = new Store(file());
		store.db
			.prepare("INSERT INTO once_keys (key, scope, state, owner, token, result, created_at, heartbeat_at) VALUES ('k', 'send', 'running', ?, 't', NULL, ?, ?)")
			.run(`${os.hostname()}:2147483646`, Date.now(), new Date().toISOString());
		expect(await once(store, 'k', 'send', async () => 'mine')).toEqual({kind: 'ran', value: 'mine'});
		await delay(20);
		expect(await once(store, 'k', 'send', async () => 'fresh', {ttlMs: 1})).toEqual({kind: 'ran', value: 'fresh'});
		store.close();
	});
});
