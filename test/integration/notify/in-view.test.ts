import {afterAll, describe, expect, it} from 'vitest';
import {stopAgents} from '../../../src/core/actions/index.js';
import {endView, viewAgent} from '../../../src/core/actions/view-size.js';
import {waitUntilReady} from '../../../src/core/agents/send.js';
import {upAgents} from '../../../src/core/agents/up.js';
import {Notifier} from '../../../src/core/notify/notifier.js';
import type {Notice} from '../../../src/core/notify/channels.js';
import type {StateVerdict} from '../../../src/core/state/types.js';
import {isLookedAt, LOOKED_AT_FRESH_MS, markLookedAt} from '../../../src/core/store/looked-at.js';
import {makeCoreWorld} from '../../helpers/core-world.js';

/**
 * Quiet for the agent in view: while a person looks at an agent up close (focus in tt watch, the
 * dashboard's focus view — both open a view with viewAgent), the recorder sends no notification
 * about it; the mark is in the store, so a recorder in another process (tt serve) hears of it too.
 */
describe('notifications stay quiet about the agent in view', () => {
	const core = makeCoreWorld('in-view');
	core.services.global.notify = {desktop: false, terminal: false, quiet_secs: 0};
	const ctx = core.workspace('view', '[workspace]\nname = "view"\n[defaults]\nruntime = "demo"\nworktree = false\n[[agent]]\nname = "dev"\n[[agent]]\nname = "ops"\n');
	const sent: Notice[] = [];
	const notifier = new Notifier(ctx, [async (notice) => void sent.push(notice)]);
	/** A recorded change into `state`, as the recorder hands it to the notifier. */
	const record = (agent: string, state: 'needs_input' | 'auth_failed' | 'working') => {
		const event = ctx.store.recordState(ctx.name, agent, {state, source: 'screen', detail: 'test'})!;
		const verdict: StateVerdict = {state, source: 'screen', rule: undefined, detail: 'test'};
		notifier.onRecorded(agent, verdict, event);
	};
	afterAll(async () => {
		await stopAgents(ctx, {}).catch(() => undefined);
		core.cleanup();
	});

	it('a focus view marks its agent in the store while open, and the notifier holds back news of it only', async () => {
		await upAgents(ctx, {agents: ['dev']});
		await waitUntilReady(ctx, ctx.config.agent[0]!, 30_000);
		expect(await viewAgent(ctx, 'dev', 'test-focus', {cols: 100, rows: 30})).toEqual({cols: 100, rows: 30});
		expect(isLookedAt(ctx.store, 'dev')).toBe(true);
		record('dev', 'working');
		record('dev', 'needs_input');
		record('ops', 'needs_input');
		await notifier.settle();
		expect(sent.map((notice) => `${notice.agent}:${notice.kind}`)).toEqual(['ops:needs_input']);

		await endView(ctx, 'dev', 'test-focus');
		expect(isLookedAt(ctx.store, 'dev')).toBe(false);
		record('dev', 'working');
		record('dev', 'auth_failed');
		await notifier.settle();
		expect(sent.map((notice) => `${notice.agent}:${notice.kind}`)).toEqual(['ops:needs_input', 'dev:auth_failed']);
	});

	it('a mark left by a process that died mid-view goes stale', () => {
		markLookedAt(ctx.store, 'ops', Date.now() - LOOKED_AT_FRESH_MS - 1);
		expect(isLookedAt(ctx.store, 'ops')).toBe(false);
		markLookedAt(ctx.store, 'ops');
		expect(isLookedAt(ctx.store, 'ops')).toBe(true);
	});
});
