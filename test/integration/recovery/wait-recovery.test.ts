import {afterAll, describe, expect, it} from 'vitest';
import {stopAgents} from '../../../src/core/actions/index.js';
import {sendPrompt, waitUntilReady} from '../../../src/core/agents/send.js';
import {upAgents} from '../../../src/core/agents/up.js';
import {WorkspaceObserver} from '../../../src/core/state/workspace-observer.js';
import {makeCoreWorld} from '../../helpers/core-world.js';
import {waitFor} from '../../helpers/tt.js';

/**
 * Out of quota or provider down, an agent keeps its conversation and goes on by itself: after the
 * reset time its CLI printed (a rate limit), or — for an outage on several agents — after one
 * shared wait and one agent sent ahead. Prose about limits triggers nothing.
 */
describe('waiting out rate limits and provider outages', () => {
	const core = makeCoreWorld('wait-recovery');
	const names = ['solo', 'east', 'west', 'chatty'];
	const ctx = core.workspace('waits', `[workspace]\nname = "waits"\n[defaults]\nruntime = "demo"\nworktree = false\n${names.map((name) => `[[agent]]\nname = "${name}"\n`).join('')}`);
	const observer = new WorkspaceObserver(ctx, {pollMs: 100, waitRecovery: {resetMarginMs: 300, providerDelayMs: 600, unknownResetMs: 60_000}});
	const agent = (name: string) => ctx.config.agent.find((entry) => entry.name === name)!;
	const events = (name: string, who?: string | null) => ctx.store.lastEvents(2000).filter((event) => event.event === name && (who === undefined || event.agent === who));
	afterAll(async () => {
		await observer.stop();
		await stopAgents(ctx, {}).catch(() => undefined);
		core.cleanup();
	});

	it('a rate limit that says when it resets: waits until then, types continue, and the agent goes on', async () => {
		await observer.start();
		await upAgents(ctx, {});
		for (const name of names) await waitUntilReady(ctx, agent(name), 30_000);
		await sendPrompt(ctx, 'solo', 'echo remember the green door', {wait: true, timeoutMs: 30_000});
		const limitedAt = Date.now();
		await sendPrompt(ctx, 'solo', 'fail ratelimit 2', {timeoutMs: 30_000});
		const [attempt] = await waitFor(() => (events('agent.recovery_attempted', 'solo').length > 0 ? events('agent.recovery_attempted', 'solo') : undefined), {what: 'a wait for the reset', timeoutMs: 20_000});
		expect(attempt!.data).toMatchObject({strategy: 'wait_for_reset', attempt: 1, trigger: 'rate limited: retry after 2s'});
		// 2 s from when the screen said so, plus the margin.
		expect(Number(attempt!.data?.['delay_ms'])).toBeGreaterThan(1500);
		expect(Number(attempt!.data?.['delay_ms'])).toBeLessThanOrEqual(2300);
		const [done] = await waitFor(() => (events('agent.recovery_succeeded', 'solo').length > 0 ? events('agent.recovery_succeeded', 'solo') : undefined), {what: 'the agent going on', timeoutMs: 30_000});
		expect(done!.data).toMatchObject({strategy: 'wait_for_reset', attempt: 1});
		expect(Date.parse(done!.timestamp) - limitedAt).toBeGreaterThanOrEqual(2000);
		// The same conversation went on: `continue` arrived as a prompt under the earlier turns.
		const screen = await ctx.services.tmux.capturePane(ctx.sessionOf('solo'), {history: 200});
		expect(screen).toContain('remember the green door');
		expect(screen).toMatch(/>\s*continue/);
		expect(events('agent.prompt_sent', 'solo').length).toBe(3);
	});

	it('a provider outage on several agents of one CLI is one wait, one agent sent first, then the rest', async () => {
		const before = events('fleet.paused', null).length;
		await Promise.all([sendPrompt(ctx, 'east', 'fail provider', {timeoutMs: 30_000}), sendPrompt(ctx, 'west', 'fail provider', {timeoutMs: 30_000})]);
		const [resumed] = await waitFor(() => (events('fleet.resumed', null).length > 0 ? events('fleet.resumed', null) : undefined), {what: 'the fleet to go on', timeoutMs: 30_000});
		expect(events('fleet.paused', null).length - before).toBe(1);
		expect(events('fleet.paused', null).at(-1)!.data).toMatchObject({runtime: 'demo', attempt: 1, delay_ms: 600});
		expect([...(resumed!.data?.['agents'] as string[])].sort()).toEqual(['east', 'west']);
		// Exactly one agent was sent ahead.
		const probes = [...events('agent.recovery_attempted', 'east'), ...events('agent.recovery_attempted', 'west')];
		expect(probes).toHaveLength(1);
		expect(probes[0]!.data).toMatchObject({strategy: 'provider_wait'});
		// The other one was told to go on after it, and did.
		for (const name of ['east', 'west']) await waitFor(() => ctx.store.agentStates().get(name)?.state === 'idle' && events('agent.prompt_sent', name).length === 2, {what: `${name} going on`, timeoutMs: 30_000});
	});

	it('an answer that talks about rate limits and retry times triggers nothing', async () => {
		await sendPrompt(ctx, 'chatty', 'echo the API said rate limit exceeded, retry after 1s', {wait: true, timeoutMs: 30_000});
		expect(ctx.store.agentStates().get('chatty')?.state).toBe('idle');
		// Past when a wait would have ended (1 s + 0.3 s margin): nothing was scheduled or typed.
		await new Promise((resolve) => setTimeout(resolve, 1500));
		expect(events('agent.recovery_attempted', 'chatty')).toEqual([]);
		expect(events('agent.prompt_sent', 'chatty')).toHaveLength(1);
	});

	it('with rate_limit_strategy = "off" a limited agent is left for a person', async () => {
		ctx.services.global.resilience.rate_limit_strategy = 'off';
		await sendPrompt(ctx, 'chatty', 'fail ratelimit 1', {timeoutMs: 30_000});
		await waitFor(() => ctx.store.agentStates().get('chatty')?.state === 'rate_limited', {what: 'chatty rate limited', timeoutMs: 20_000});
		await new Promise((resolve) => setTimeout(resolve, 1800));
		expect(events('agent.recovery_attempted', 'chatty')).toEqual([]);
		expect(events('agent.prompt_sent', 'chatty')).toHaveLength(2);
	});
});
