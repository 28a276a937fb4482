import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {WorkspaceContext} from '../../../src/core/agents/context.js';
import {currentVerdict} from '../../../src/core/agents/observe.js';
import {appendSignal} from '../../../src/core/state/hook-signals.js';
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
	const currentVerdictNow = () => currentVerdict(ctx, findAgent(ctx.config, 'a'));

	it('while a recorder runs, tt status and tt explain report its verdict and never record a weaker one; without it, they decide and record', async () => {
		// The recorder stalls a quiet working agent after 1.5 s; one look only after 5 minutes, so
		// the two readings disagree on purpose while the agent is working by its own word.
		const recorder = new WorkspaceObserver(ctx, {pollMs: 150, stalledAfterMs: 1500});
		await recorder.start();
		try {
			await waitFor(() => ctx.store.agentStates().get('a')?.state === 'idle', {what: 'a idle'});
			appendSignal(ctx.paths.state, {t: Date.now(), agent: 'a', runtime: 'claude-code', event: 'PreToolUse', state: 'working'});
			await waitFor(() => ctx.store.agentStates().get('a')?.state === 'stalled', {what: 'a stalled'});
			expect((await currentVerdictNow()).screen.state).toBe('idle');
			const events = ctx.store.lastEvents(1).at(-1)?.id ?? 0;

			const status = (await tt(['status', '--json'])) as Status[];
			expect(status.find((entry) => entry.name === 'a')).toMatchObject({state: 'stalled'});
			const explained = (await tt(['explain', 'a', '--json'])) as {state: string; recorder: string | null; screen: {state: string}};
			expect(explained.state).toBe('stalled');
			expect(explained.recorder).toMatch(/:\d+$/);
			expect(explained.screen.state).toBe('idle');
			const text = await core.world.tt(['explain', 'a'], {cwd: ctx.root});
			// One story, in words and local times: the recorder's verdict since when, who recorded it, what the screen alone says.
			expect(text.stdout).toMatch(/^a: .*stalled since \d\d:\d\d:\d\d, (?:just now|\d+s ago)\n {2}decided by: /);
			expect(text.stdout).toContain(`  recorded by tt watch or tt serve (pid ${process.pid}), which reads every frame of its screen\n`);
			expect(text.stdout).toMatch(/\n {2}its screen alone reads: .*idle\n {4}decided by: (?:the pane title|a screen rule)/);
			expect(text.stdout).toMatch(/recent events:\n {4}\d\d:\d\d:\d\d, /);
			expect(text.stdout).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:/);
			// Nothing the one-shot commands saw was written over the recorder's verdict.
			expect(ctx.store.eventsAfter(events, {limit: 100}).filter((event) => event.agent === 'a')).toEqual([]);
			expect(ctx.store.agentStates().get('a')?.state).toBe('stalled');
		} finally {
			await recorder.stop();
		}

		// No recorder any more: one look decides with the same layers (the hook says working; five
		// minutes have not passed) and records it.
		const status = (await tt(['status', '--json'])) as Status[];
		expect(status.find((entry) => entry.name === 'a')).toMatchObject({state: 'working', source: 'native'});
		expect(ctx.store.agentStates().get('a')?.state).toBe('working');
		const explained = (await tt(['explain', 'a', '--json'])) as {state: string; recorder: string | null};
		expect(explained).toMatchObject({state: 'working', recorder: null});
	}, 90_000);
});
