import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {WorkspaceContext} from '../../../src/core/agents/context.js';
import {upAgents} from '../../../src/core/agents/up.js';
import {WorkspaceObserver} from '../../../src/core/state/workspace-observer.js';
import {startRemoteWorld} from '../../helpers/remote-world.js';
import type {TestSshd} from '../../helpers/sshd.js';
import {waitFor} from '../../helpers/tt.js';

/** The recorder (what tt watch and tt serve run) over an agent on a host that drops and comes back. */
describe('the recorder and a remote agent', () => {
	let sshd: TestSshd;
	let ctx: WorkspaceContext;
	let cleanup: () => Promise<void>;
	let observer: WorkspaceObserver | undefined;
	const states: string[] = [];

	beforeAll(async () => {
		({sshd, ctx, cleanup} = await startRemoteWorld('rec', '[[agent]]\nname = "far"\nruntime = "demo"\n\n[agent.env]\nTUTTI_DEMO_STARTUP_MS = "50"\n'));
	});

	afterAll(async () => {
		await observer?.stop();
		await cleanup();
	});

	it('records idle, then unreachable within 5 s of the host dropping, then idle again', async () => {
		const [up] = await upAgents(ctx, {agents: ['far']});
		expect(up?.error).toBeUndefined();
		expect(up?.outcome).toBe('started');
		observer = new WorkspaceObserver(ctx, {pollMs: 200});
		observer.on('state', (_agent, verdict) => states.push(verdict.state));
		await observer.start();
		await waitFor(() => states.at(-1) === 'idle', {what: 'idle', timeoutMs: 30_000});

		await sshd.stop();
		const dropped = Date.now();
		await waitFor(() => states.at(-1) === 'unreachable', {what: 'unreachable', timeoutMs: 5000, intervalMs: 20});
		const seenAfterMs = Date.now() - dropped;
		const recorded = ctx.store.lastEvents(5, 'far').find((event) => event.event === 'agent.unreachable');
		expect(recorded?.data).toMatchObject({to: 'unreachable', source: 'host', rule: 'host.unreachable'});

		await sshd.restart();
		await waitFor(() => states.at(-1) === 'idle', {what: 'idle after the host came back', timeoutMs: 15_000});
		console.info(`recorder: unreachable ${seenAfterMs} ms after sshd stopped; states ${states.join(' → ')}`);
		expect(states.filter((state) => state === 'unreachable')).toHaveLength(1);
	});

	it('a host gone silent (no refusal, no answer) reads unreachable within 5 s too', async () => {
		states.length = 0;
		sshd.freeze(true);
		const silent = Date.now();
		try {
			await waitFor(() => states.at(-1) === 'unreachable', {what: 'unreachable', timeoutMs: 5000, intervalMs: 20});
		} finally {
			sshd.freeze(false);
		}
		console.info(`recorder: unreachable ${Date.now() - silent} ms after the host went silent`);
		await waitFor(() => states.at(-1) === 'idle', {what: 'idle after the host answered again', timeoutMs: 20_000});
	});
});
