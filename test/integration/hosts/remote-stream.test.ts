import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {WorkspaceContext} from '../../../src/core/agents/context.js';
import {sendPrompt} from '../../../src/core/agents/send.js';
import {upAgents} from '../../../src/core/agents/up.js';
import {stateChangeOf} from '../../../src/core/events/read.js';
import {defaultRunner, type Runner} from '../../../src/core/process/runner.js';
import {WorkspaceObserver} from '../../../src/core/state/workspace-observer.js';
import {startRemoteWorld} from '../../helpers/remote-world.js';
import type {TestSshd} from '../../helpers/sshd.js';
import {waitFor} from '../../helpers/tt.js';

/**
 * A remote agent streamed like a local one: tmux control mode on the host through its ssh master
 * feeds the recorder's pipeline; the stream drops with the host and attaches again after it.
 */
describe('streaming a remote agent over ssh', () => {
	let sshd: TestSshd;
	let ctx: WorkspaceContext;
	let cleanup: () => Promise<void>;
	let observer: WorkspaceObserver | undefined;
	const states: string[] = [];
	let sshCalls = 0;
	/** The recorded state changes of the agent, oldest first (`starting` is tt up's). */
	const recorded = () =>
		ctx.store
			.lastEvents(200, 'far')
			.map((event) => stateChangeOf(event)?.to)
			.filter((state) => state !== undefined);
	const hostEvents = () =>
		ctx.store
			.lastEvents(200)
			.filter((event) => event.event.startsWith('host.'))
			.map((event) => event.event);

	/** Sends a prompt, then waits for the stream to say working and then idle (in that order). */
	const followTurn = async (prompt: string) => {
		const mark = states.length;
		await sendPrompt(ctx, 'far', prompt);
		await waitFor(() => states.slice(mark).includes('working'), {what: `working after "${prompt}" (states: ${states.join(' → ')})`, timeoutMs: 15_000, intervalMs: 10});
		await waitFor(() => states.at(-1) === 'idle', {what: `idle after "${prompt}" (states: ${states.join(' → ')})`, timeoutMs: 20_000, intervalMs: 10});
	};

	beforeAll(async () => {
		// Counts the ssh processes tutti starts: a streamed host needs none per poll round.
		const runner: Runner = {
			run: (command, args, options) => {
				if (command === 'ssh') sshCalls++;
				return defaultRunner.run(command, args, options);
			},
		};
		({sshd, ctx, cleanup} = await startRemoteWorld('stream', '[[agent]]\nname = "far"\nruntime = "demo"\n\n[agent.env]\nTUTTI_DEMO_STARTUP_MS = "50"\nTUTTI_DEMO_WORK_MS = "1500"\n', {runner}));
	});

	afterAll(async () => {
		await observer?.stop();
		await cleanup();
	});

	it('streams idle → working → idle through the host’s ssh master, not by polling', async () => {
		const [up] = await upAgents(ctx, {agents: ['far']});
		expect(up?.error).toBeUndefined();
		observer = new WorkspaceObserver(ctx, {pollMs: 200, mode: 'stream'});
		observer.on('state', (_agent, verdict) => states.push(verdict.state));
		await observer.start();
		await waitFor(() => states.at(-1) === 'idle', {what: 'idle', timeoutMs: 30_000});
		// A control client is attached: the screen arrives as %output, no capture is taken, and the
		// pane listing of each round (every 200 ms here) travels over the same stream, not a new ssh.
		expect(observer.observer('far')?.connected).toBe(true);
		const before = sshCalls;
		const windowStart = Date.now();
		await waitFor(() => Date.now() - windowStart >= 2000, {what: 'ten poll rounds', timeoutMs: 5000});
		expect(sshCalls - before).toBe(0);

		const sent = Date.now();
		await followTurn('stream this turn');
		console.info(`remote stream: a turn of ${Date.now() - sent} ms followed; states ${states.join(' → ')}`);
		expect(recorded()).toEqual(['starting', 'idle', 'working', 'idle']);
	});

	it('reads unreachable within 5 s of the host dropping, then resumes the stream from the current screen', async () => {
		await sshd.stop();
		const dropped = Date.now();
		await waitFor(() => states.at(-1) === 'unreachable', {what: 'unreachable', timeoutMs: 5000, intervalMs: 20});
		const seenAfterMs = Date.now() - dropped;
		await waitFor(() => hostEvents().includes('host.unreachable'), {what: 'host.unreachable', timeoutMs: 1000, intervalMs: 20});

		await sshd.restart();
		await waitFor(() => states.at(-1) === 'idle' && observer?.observer('far')?.connected === true, {what: 'the stream attached again', timeoutMs: 20_000, intervalMs: 20});
		console.info(`remote stream: unreachable ${seenAfterMs} ms after sshd stopped; states ${states.join(' → ')}`);
		expect(hostEvents()).toEqual(['host.unreachable', 'host.reachable']);
		const reachable = ctx.store.lastEvents(50).find((event) => event.event === 'host.reachable');
		expect(reachable?.data).toMatchObject({host: 'box', agents: ['far']});

		// The resumed stream follows the next turn, and the log holds each real change once.
		await followTurn('after the outage');
		expect(recorded()).toEqual(['starting', 'idle', 'working', 'idle', 'unreachable', 'idle', 'working', 'idle']);
	});
});
