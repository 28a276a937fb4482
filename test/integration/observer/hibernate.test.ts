import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {WorkspaceContext} from '../../../src/core/agents/context.js';
import {sendPrompt} from '../../../src/core/agents/send.js';
import {upAgents} from '../../../src/core/agents/up.js';
import {WorkspaceObserver} from '../../../src/core/state/workspace-observer.js';
import {makeCoreWorld} from '../../helpers/core-world.js';
import {waitFor} from '../../helpers/tt.js';

/** `[resources] hibernate_idle_after`: the recorder stops an agent idle that long, and only that one. */
describe('automatic hibernation of idle agents', () => {
	const core = makeCoreWorld('hib-auto');
	let ctx: WorkspaceContext;
	let observer: WorkspaceObserver;
	let conversation: string | null | undefined;

	beforeAll(async () => {
		ctx = core.workspace('project', '[workspace]\nname = "hibauto"\n[defaults]\nworktree = false\nruntime = "demo"\n[resources]\nhibernate_idle_after = "2s"\n[[agent]]\nname = "resting"\n[[agent]]\nname = "busy"\n[[agent]]\nname = "kept"\npersistent = true\n');
		const started = await upAgents(ctx);
		expect(started.map((result) => result.outcome)).toEqual(['started', 'started', 'started']);
		conversation = started.find((result) => result.agent === 'resting')?.conversation?.id;
		// A turn first, before any recorder runs: a conversation that was never prompted has nothing to resume.
		await sendPrompt(ctx, 'resting', 'remember the code word PINEAPPLE-42', {wait: true, timeoutMs: 60_000});
		// Ten minutes of work, begun before the recorder looks: busy is never idle while the test runs.
		await sendPrompt(ctx, 'busy', 'sleep 600');
		observer = new WorkspaceObserver(ctx, {pollMs: 200});
		await observer.start();
	});
	afterAll(async () => {
		await observer?.stop();
		core.cleanup();
	});

	it('stops the agent idle for 2 s with an agent.hibernated event, and leaves the working one and the persistent one running', async () => {
		const hibernated = await waitFor(() => ctx.store.lastEvents(100).find((event) => event.event === 'agent.hibernated'), {timeoutMs: 30_000, what: 'an agent.hibernated event'});
		expect(hibernated.agent).toBe('resting');
		expect(hibernated.data).toMatchObject({trigger: 'auto', after_ms: 2000});
		expect(hibernated.data?.['idle_ms']).toBeGreaterThanOrEqual(2000);
		const sessions = await ctx.services.tmux.listSessions();
		expect(sessions).not.toContain(ctx.sessionOf('resting'));
		expect(sessions).toContain(ctx.sessionOf('busy'));
		// Idle past the threshold (and the recorder's checks since), but persistent: the user asked for it to keep running.
		await waitFor(() => {
			const kept = ctx.store.agentStates().get('kept');
			return kept?.state === 'idle' && Date.now() - Date.parse(kept.since) >= 3500;
		}, {timeoutMs: 30_000, what: 'kept idle for 3.5 s'});
		expect(await ctx.services.tmux.listSessions()).toContain(ctx.sessionOf('kept'));
		expect(ctx.store.agentStates().get('busy')?.state).toBe('working');
		expect(ctx.store.lastEvents(100).filter((event) => event.event === 'agent.hibernated').map((event) => event.agent)).toEqual(['resting']);
	});

	it('the next start resumes its conversation', async () => {
		const [again] = await upAgents(ctx, {agents: ['resting']});
		expect(again?.conversation, JSON.stringify(again?.conversation)).toMatchObject({kind: 'resumed', id: conversation});
	});
});
