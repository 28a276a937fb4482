import {afterAll, describe, expect, it} from 'vitest';
import {stopAgents} from '../../../src/core/actions/index.js';
import {WorkspaceContext} from '../../../src/core/agents/context.js';
import {sendPrompt, waitUntilReady} from '../../../src/core/agents/send.js';
import {upAgents} from '../../../src/core/agents/up.js';
import {loadWorkspaceConfig} from '../../../src/core/config/index.js';
import {listHandoffs} from '../../../src/core/handoff/index.js';
import {WorkspaceObserver} from '../../../src/core/state/workspace-observer.js';
import {makeCoreWorld} from '../../helpers/core-world.js';
import {waitFor} from '../../helpers/tt.js';

/**
 * The recorder writes packets on its own: at the context threshold (auto) and on a lost login
 * (emergency). Two recorders watch the same workspace, as `tt watch` and `tt serve` may: each
 * packet is still written once.
 */
describe('automatic and emergency handoff packets from the recorder', () => {
	const core = makeCoreWorld('handoff-auto');
	// threshold 0.99: the trigger is at 1 % used, which one demo turn reaches (its log reports real token counts).
	const ctx = core.workspace('auto', '[workspace]\nname = "auto"\n[defaults]\nruntime = "demo"\nworktree = false\n[handoff]\nauto = true\nthreshold = 0.99\n[[agent]]\nname = "night-owl"\n');
	const other = new WorkspaceContext(loadWorkspaceConfig(ctx.root), core.services);
	const observers = [new WorkspaceObserver(ctx, {pollMs: 200}), new WorkspaceObserver(other, {pollMs: 200})];
	const agent = ctx.config.agent[0]!;
	afterAll(async () => {
		for (const observer of observers) await observer.stop();
		await stopAgents(ctx, {}).catch(() => undefined);
		other.close();
		core.cleanup();
	});
	const packets = (kind: string) => listHandoffs(ctx, {agent: 'night-owl', limit: 100}).filter((row) => row.kind === kind);
	const generated = () => ctx.store.lastEvents(1000).filter((event) => event.event === 'handoff.generated').map((event) => event.data as {reason: string; ctx_pct: number | null; packet: string});
	const idleEvents = () => ctx.store.lastEvents(1000).filter((event) => event.event === 'agent.idle' && event.agent === 'night-owl').length;

	it('a turn that ends past the threshold writes one auto packet per conversation', async () => {
		for (const observer of observers) await observer.start();
		await upAgents(ctx, {agents: ['night-owl']});
		await waitUntilReady(ctx, agent, 30_000);
		// The first idle (before any prompt) has no usage in the log yet: no packet.
		await waitFor(() => idleEvents() >= 1, {what: 'the first idle to be recorded'});
		await sendPrompt(ctx, 'night-owl', 'echo first turn', {wait: true, timeoutMs: 30_000});
		const [auto] = await waitFor(() => (packets('handoff').length > 0 ? packets('handoff') : undefined), {what: 'the auto packet', timeoutMs: 30_000});
		expect(generated()).toEqual([{packet: auto!.path, reason: 'auto_ctx_threshold', ctx_pct: expect.any(Number) as unknown}]);
		expect(generated()[0]!.ctx_pct).toBeGreaterThanOrEqual(1);

		const idleBefore = idleEvents();
		await sendPrompt(ctx, 'night-owl', 'echo second turn', {wait: true, timeoutMs: 30_000});
		await waitFor(() => idleEvents() > idleBefore, {what: 'the second turn\'s idle to be recorded'});
	});

	it('a lost login writes one emergency packet, however many recorders saw it', async () => {
		await sendPrompt(ctx, 'night-owl', 'fail auth', {timeoutMs: 30_000});
		const [emergency] = await waitFor(() => (packets('emergency').length > 0 ? packets('emergency') : undefined), {what: 'the emergency packet', timeoutMs: 30_000});
		expect(emergency!.file).toMatch(/^night-owl-emergency-\d{8}-\d{6}\.md$/);
		// Recorded once (by one of the two); stopping them lets any packet still being written finish.
		await waitFor(() => ctx.store.agentStates().get('night-owl')?.state === 'auth_failed', {what: 'auth_failed recorded'});
		for (const observer of observers) await observer.stop();
		expect(packets('emergency')).toHaveLength(1);
		expect(packets('handoff')).toHaveLength(1);
		expect(generated().map((event) => event.reason).sort()).toEqual(['auth_failed', 'auto_ctx_threshold']);
	});
});
