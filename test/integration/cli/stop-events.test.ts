import path from 'node:path';
import {writeFileSync} from 'node:fs';
import {afterAll, describe, expect, it} from 'vitest';
import {Store} from '../../../src/core/store/store.js';
import {makeGitRepo} from '../../helpers/sandbox.js';
import {makeWorld} from '../../helpers/tt.js';

/** A stop is one event: the dashboard timeline and the TUI ticker showed every `tt down` twice. */
describe('stopping an agent', () => {
	const world = makeWorld('stop-events');
	afterAll(() => world.cleanup());

	it('tt down writes one agent.stopped event, saying why and which session', async () => {
		const repo = makeGitRepo(path.join(world.dir, 'project'));
		writeFileSync(path.join(repo, 'tutti.toml'), '[workspace]\nname = "stops"\n[defaults]\nworktree = false\n[[agent]]\nname = "solo"\nruntime = "demo"\n');
		expect((await world.tt(['up'], {cwd: repo})).code).toBe(0);
		const down = await world.tt(['down'], {cwd: repo});
		expect(down.code, down.stderr).toBe(0);
		const store = new Store(path.join(repo, '.tutti', 'state', 'tutti.db'));
		const stops = store.eventsAfter(0, {limit: 1000}).filter((event) => event.event === 'agent.stopped');
		store.close();
		expect(stops).toHaveLength(1);
		expect(stops[0]?.data).toMatchObject({to: 'stopped', reason: 'manual', session_name: expect.stringContaining('solo'), detail: 'stopped by tt down'});
	});
});
