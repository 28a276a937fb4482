import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {Store} from '../../../src/core/store/store.js';
import {makeTempDir} from '../../helpers/sandbox.js';

describe('Store', () => {
	const temp = makeTempDir();
	afterEach(() => undefined);

	it('gives events monotonic ids and reads them back in order', () => {
		const store = new Store(path.join(temp.dir, 'a', 'tutti.db'));
		const first = store.appendEvent({event: 'agent.started', workspace: 'w', agent: 'a', correlation_id: 'c1', data: {runtime: 'demo'}});
		const second = store.appendEvent({event: 'agent.stopped', workspace: 'w', agent: 'a', correlation_id: 'c2', data: null});
		expect(second.id).toBeGreaterThan(first.id);
		expect(store.eventsAfter(first.id).map((event) => event.event)).toEqual(['agent.stopped']);
		expect(store.eventsAfter(0)[0]?.data).toEqual({runtime: 'demo'});
		store.close();
	});

	it('records a state change once, even from two connections', () => {
		const file = path.join(temp.dir, 'b', 'tutti.db');
		const one = new Store(file);
		const two = new Store(file);
		expect(one.recordState('w', 'a', {state: 'working', source: 'screen'})).toBeDefined();
		expect(two.recordState('w', 'a', {state: 'working', source: 'screen'})).toBeUndefined();
		expect(two.recordState('w', 'a', {state: 'idle', source: 'screen'})?.data).toMatchObject({from: 'working', to: 'idle'});
		expect(one.lastEvents(10).map((event) => event.event)).toEqual(['agent.working', 'agent.idle']);
		one.close();
		two.close();
		temp.cleanup();
	});
});
