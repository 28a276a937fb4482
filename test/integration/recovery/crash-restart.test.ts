import {afterAll, describe, expect, it} from 'vitest';
import {stopAgents} from '../../../src/core/actions/index.js';
import {sendPrompt, waitUntilReady} from '../../../src/core/agents/send.js';
import {upAgents} from '../../../src/core/agents/up.js';
import {WorkspaceObserver} from '../../../src/core/state/workspace-observer.js';
import {makeCoreWorld} from '../../helpers/core-world.js';
import {waitFor} from '../../helpers/tt.js';

/**
 * The recorder brings back a persistent agent whose CLI crashed — resuming its conversation — and
 * parks one that keeps crashing instead of restarting it forever. A clean quit is left alone.
 */
describe('crash restarts of persistent agents', () => {
	const core = makeCoreWorld('crash-restart');
	const ctx = core.workspace(
		'crashy',
		'[workspace]\nname = "crashy"\n[defaults]\nruntime = "demo"\nworktree = false\n[[agent]]\nname = "keeper"\npersistent = true\n[[agent]]\nname = "casual"\n',
	);
	const observer = new WorkspaceObserver(ctx, {pollMs: 100, crashRestart: {baseDelayMs: 100, maxDelayMs: 400, quickFailureMs: 60_000, parkAfter: 2}});
	const keeper = ctx.config.agent[0]!;
	afterAll(async () => {
		await observer.stop();
		await stopAgents(ctx, {}).catch(() => undefined);
		core.cleanup();
	});
	const events = (name: string, agent = 'keeper') => ctx.store.lastEvents(2000).filter((event) => event.event === name && event.agent === agent);
	const crash = async (agent: string, code: number) => {
		await waitUntilReady(ctx, ctx.config.agent.find((entry) => entry.name === agent)!, 30_000);
		await sendPrompt(ctx, agent, `exit ${code}`, {timeoutMs: 30_000});
	};

	it('a crashed persistent agent is started again, in its own conversation', async () => {
		await observer.start();
		await upAgents(ctx, {});
		await waitUntilReady(ctx, keeper, 30_000);
		await sendPrompt(ctx, 'keeper', 'echo remember the blue door', {wait: true, timeoutMs: 30_000});
		await crash('keeper', 3);
		const [attempt] = await waitFor(() => (events('agent.recovery_attempted').length > 0 ? events('agent.recovery_attempted') : undefined), {what: 'a restart to be scheduled', timeoutMs: 20_000});
		expect(attempt!.data).toMatchObject({strategy: 'crash_restart', attempt: 1, delay_ms: 100});
		// tmux 3.3a sometimes never learns the status of a pane that died: then it says so.
		expect(String(attempt!.data?.['trigger'])).toMatch(/^exited (with status 3|\(status unknown)/);
		const [done] = await waitFor(() => (events('agent.recovery_succeeded').length > 0 ? events('agent.recovery_succeeded') : undefined), {what: 'the restart', timeoutMs: 30_000});
		expect(String(done!.data?.['conversation'])).toMatch(/^resumed /);
		await waitUntilReady(ctx, keeper, 30_000);
		// Its screen shows the earlier conversation again (the demo replays a resumed session).
		expect(await ctx.services.tmux.capturePane(ctx.sessionOf('keeper'))).toContain('remember the blue door');
	});

	it('crashing again and again soon after each start parks it: no more restarts', async () => {
		await crash('keeper', 4);
		await waitFor(() => events('agent.recovery_succeeded').length >= 2, {what: 'the second restart', timeoutMs: 30_000});
		await crash('keeper', 5);
		const [parked] = await waitFor(() => (events('agent.parked').length > 0 ? events('agent.parked') : undefined), {what: 'the agent to be parked', timeoutMs: 20_000});
		expect(parked!.data).toMatchObject({failures: 2, hint: expect.stringContaining('tt up keeper') as unknown});
		expect(String(parked!.data?.['reason'])).toMatch(/failed 2 times in a row.*\(last: exited (with status 5|\(status unknown)/);
		expect(events('agent.recovery_attempted')).toHaveLength(2);
		const pane = await ctx.services.tmux.paneInfo(ctx.sessionOf('keeper'));
		expect(pane?.dead).toBe(true);
	});

	it('a clean quit, and an agent that is not persistent, are left alone', async () => {
		await crash('casual', 7);
		await waitFor(() => ctx.store.agentStates().get('casual')?.state === 'stopped', {what: 'casual stopped', timeoutMs: 20_000});
		await upAgents(ctx, {agents: ['keeper']});
		await waitFor(() => ctx.store.agentStates().get('keeper')?.state === 'idle', {what: 'keeper running again', timeoutMs: 30_000});
		await crash('keeper', 0);
		await waitFor(() => ctx.store.agentStates().get('keeper')?.state === 'stopped', {what: 'keeper quit', timeoutMs: 20_000});
		const quit = await waitFor(async () => (await ctx.services.tmux.paneInfo(ctx.sessionOf('keeper'))) ?? undefined, {what: 'the dead pane'});
		// Past the cooldown (400 ms at most here), then stopping the recorder drains anything scheduled.
		await new Promise((resolve) => setTimeout(resolve, 1000));
		await observer.stop();
		expect(events('agent.recovery_attempted', 'casual')).toEqual([]);
		// A status 0 is a clean quit; a status tmux never learned counts as a failure (restarting is the safe side).
		if (quit.deadStatus === 0) expect(events('agent.recovery_attempted')).toHaveLength(2);
	});
});
