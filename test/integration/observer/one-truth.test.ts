import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {WorkspaceContext} from '../../../src/core/agents/context.js';
import {observeAgent} from '../../../src/core/agents/observe.js';
import {deliverPrompt} from '../../../src/core/agents/send.js';
import {upAgents} from '../../../src/core/agents/up.js';
import {findAgent} from '../../../src/core/config/index.js';
import {WorkspaceObserver} from '../../../src/core/state/workspace-observer.js';
import {makeCoreWorld} from '../../helpers/core-world.js';
import {waitFor} from '../../helpers/tt.js';

const toml = '[workspace]\nname = "truth"\n[defaults]\nworktree = false\nruntime = "demo"\n[[agent]]\nname = "a"\n';

type Status = {name: string; state: string; source: string};

describe('one verdict per agent, whoever asks', () => {
	const core = makeCoreWorld('truth');
	let ctx: WorkspaceContext;
	const tt = async (args: string[]) => {
		const result = await core.world.tt(args, {cwd: ctx.root});
		expect(result.code, result.stderr).toBe(0);
		return JSON.parse(result.stdout) as unknown;
	};
	beforeAll(async () => {
		ctx = core.workspace('project', toml);
		await upAgents(ctx);
	});
	afterAll(() => core.cleanup());

	it('while a recorder runs, tt status and tt explain report its verdict and never record a weaker one; without it, they decide and record', async () => {
		// A long idle debounce: after the turn, the recorder still says working while one look at
		// the screen already says idle — the two readings disagree on purpose.
		const recorder = new WorkspaceObserver(ctx, {pollMs: 150, idleDebounceMs: 120_000});
		await recorder.start();
		const agent = findAgent(ctx.config, 'a');
		try {
			await waitFor(() => ctx.store.agentStates().get('a')?.state === 'idle', {what: 'a idle'});
			await deliverPrompt(ctx, agent, 'sleep 0.3');
			await waitFor(() => ctx.store.agentStates().get('a')?.state === 'working', {what: 'a working'});
			await waitFor(async () => (await observeAgent(ctx, agent)).verdict.state === 'idle', {what: 'the screen alone says idle'});
			const events = ctx.store.lastEvents(1).at(-1)?.id ?? 0;

			const status = (await tt(['status', '--json'])) as Status[];
			expect(status.find((entry) => entry.name === 'a')).toMatchObject({state: 'working'});
			const explained = (await tt(['explain', 'a', '--json'])) as {state: string; recorder: string | null; screen: {state: string}};
			expect(explained.state).toBe('working');
			expect(explained.recorder).toMatch(/:\d+$/);
			expect(explained.screen.state).toBe('idle');
			const text = await core.world.tt(['explain', 'a'], {cwd: ctx.root});
			expect(text.stdout).toMatch(/recorded by the recorder .*tt watch or tt serve/);
			expect(text.stdout).toMatch(/the screen alone: .*idle/i);
			// Nothing the one-shot commands saw was written over the recorder's verdict.
			expect(ctx.store.eventsAfter(events, {limit: 100}).filter((event) => event.agent === 'a')).toEqual([]);
			expect(ctx.store.agentStates().get('a')?.state).toBe('working');
		} finally {
			await recorder.stop();
		}

		// No recorder any more: one look decides, with the same layers, and is recorded.
		const status = (await tt(['status', '--json'])) as Status[];
		expect(status.find((entry) => entry.name === 'a')).toMatchObject({state: 'idle'});
		expect(ctx.store.agentStates().get('a')?.state).toBe('idle');
		const explained = (await tt(['explain', 'a', '--json'])) as {state: string; recorder: string | null};
		expect(explained).toMatchObject({state: 'idle', recorder: null});
	}, 90_000);
});
