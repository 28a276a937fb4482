import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {WorkspaceContext} from '../../../src/core/agents/context.js';
import {upAgents} from '../../../src/core/agents/up.js';
import type {StateVerdict} from '../../../src/core/state/types.js';
import {WorkspaceObserver} from '../../../src/core/state/workspace-observer.js';
import {makeCoreWorld} from '../../helpers/core-world.js';
import {waitFor} from '../../helpers/tt.js';

// A CLI tutti knows nothing about: prints for about two seconds, then waits quietly.
const script = 'sleep 0.3; for i in 1 2 3 4 5 6 7 8; do echo "tick $i"; sleep 0.25; done; exec sleep 600';
const toml = `[workspace]\nname = "activity"\n[defaults]\nworktree = false\n[[agent]]\nname = "mystery"\nruntime = "custom"\ncommand = ["sh", "-c", ${JSON.stringify(script)}]\n`;

describe('a CLI without screen rules', () => {
	const core = makeCoreWorld('activity');
	let ctx: WorkspaceContext;
	beforeAll(() => {
		ctx = core.workspace('project', toml);
	});
	afterAll(() => core.cleanup());

	it.each(['stream', 'poll'] as const)('is working while its output flows and idle once it is quiet (%s), marked as low-confidence activity', async (mode) => {
		const observer = new WorkspaceObserver(ctx, {mode, pollMs: 100, record: false});
		const seen: StateVerdict[] = [];
		observer.on('state', (agent, verdict) => {
			if (agent === 'mystery') seen.push(verdict);
		});
		await observer.start();
		try {
			const [started] = await upAgents(ctx);
			expect(started?.error?.message).toBeUndefined();
			await waitFor(() => seen.some((verdict) => verdict.state === 'working'), {timeoutMs: 15_000, what: `working (saw ${seen.map((verdict) => verdict.state).join(' → ')})`});
			await waitFor(() => seen.at(-1)?.state === 'idle', {timeoutMs: 15_000, what: `idle (saw ${seen.map((verdict) => verdict.state).join(' → ')})`});
			expect(seen.find((verdict) => verdict.state === 'working')).toMatchObject({source: 'activity', rule: 'activity.output'});
			expect(seen.at(-1)).toMatchObject({source: 'activity', rule: 'activity.quiet'});
			expect(seen.some((verdict) => verdict.state === 'unknown')).toBe(false);
		} finally {
			await observer.stop();
			await ctx.services.tmux.killSession(ctx.sessionOf('mystery'));
		}
	}, 60_000);
});
