import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {deliverPrompt} from '../../../src/core/agents/send.js';
import {upAgents} from '../../../src/core/agents/up.js';
import {findAgent} from '../../../src/core/config/index.js';
import type {WorkspaceContext} from '../../../src/core/agents/context.js';
import {WorkspaceObserver} from '../../../src/core/state/workspace-observer.js';
import type {AgentState} from '../../../src/core/state/types.js';
import {makeCoreWorld} from '../../helpers/core-world.js';
import {killTmuxServer} from '../../helpers/sandbox.js';
import {waitFor} from '../../helpers/tt.js';

const toml = '[workspace]\nname = "res"\n[defaults]\nworktree = false\nruntime = "demo"\n[[agent]]\nname = "a"\n[[agent]]\nname = "b"\n';

function track(observer: WorkspaceObserver) {
	const seen: Array<{agent: string; state: AgentState}> = [];
	observer.on('state', (agent, verdict) => seen.push({agent, state: verdict.state}));
	const latest = (agent: string) => [...seen].reverse().find((entry) => entry.agent === agent)?.state;
	const until = (agent: string, state: AgentState, timeoutMs = 15_000) =>
		waitFor(() => latest(agent) === state, {timeoutMs, what: `${agent} ${state} (saw ${seen.filter((entry) => entry.agent === agent).map((entry) => entry.state).join(' → ')})`});
	return {seen, until};
}

describe('observer resilience', () => {
	const core = makeCoreWorld('res');
	let ctx: WorkspaceContext;
	beforeAll(async () => {
		ctx = core.workspace('project', toml);
		await upAgents(ctx);
	});
	afterAll(() => core.cleanup());

	it('the polling fallback follows the same states with one tmux call per round', async () => {
		const observer = new WorkspaceObserver(ctx, {pollMs: 150, mode: 'poll', record: false});
		const {until} = track(observer);
		await observer.start();
		try {
			await until('a', 'idle');
			await deliverPrompt(ctx, findAgent(ctx.config, 'a'), 'sleep 1');
			await until('a', 'working');
			await until('a', 'idle');
			await deliverPrompt(ctx, findAgent(ctx.config, 'b'), 'ask Proceed?');
			await until('b', 'needs_input');
			await ctx.services.tmux.sendKeys(ctx.sessionOf('b'), ['n']);
			await until('b', 'idle');
		} finally {
			await observer.stop();
		}
	});

	it('survives the tmux server being killed under it, and picks the agents up again when they return', async () => {
		const observer = new WorkspaceObserver(ctx, {pollMs: 150});
		const {until} = track(observer);
		await observer.start();
		try {
			await until('a', 'idle');
			await until('b', 'idle');
			killTmuxServer(core.world.socket);
			await until('a', 'stopped');
			await until('b', 'stopped');
			const results = await upAgents(ctx);
			expect(results.map((result) => result.outcome), JSON.stringify(results.map((result) => result.error?.message ?? null))).toEqual(["started", "started"]);
			await until('a', 'idle');
			await deliverPrompt(ctx, findAgent(ctx.config, 'a'), 'sleep 0.5');
			await until('a', 'working');
			await until('a', 'idle');
		} finally {
			await observer.stop();
		}
	});

	it('an agent killed mid-stream (its session vanishes) is stopped, the others carry on', async () => {
		const observer = new WorkspaceObserver(ctx, {pollMs: 150});
		const {until} = track(observer);
		await observer.start();
		try {
			await until('b', 'idle');
			await ctx.services.tmux.killSession(ctx.sessionOf('b'));
			await until('b', 'stopped');
			await deliverPrompt(ctx, findAgent(ctx.config, 'a'), 'sleep 0.3');
			await until('a', 'working');
			await until('a', 'idle');
		} finally {
			await observer.stop();
		}
	});
});
