import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {deliverPrompt} from '../../../src/core/agents/send.js';
import {upAgents} from '../../../src/core/agents/up.js';
import {findAgent} from '../../../src/core/config/index.js';
import type {WorkspaceContext} from '../../../src/core/agents/context.js';
import {WorkspaceObserver} from '../../../src/core/state/workspace-observer.js';
import {appendSignal} from '../../../src/core/state/hook-signals.js';
import type {AgentState} from '../../../src/core/state/types.js';
import {makeCoreWorld} from '../../helpers/core-world.js';
import {waitFor} from '../../helpers/tt.js';

describe('streaming observation of demo agents', () => {
	const core = makeCoreWorld('obs');
	let ctx: WorkspaceContext;
	let observer: WorkspaceObserver;
	const seen: Array<{agent: string; state: AgentState; at: number; rule: string | undefined}> = [];

	beforeAll(async () => {
		ctx = core.workspace('project', '[workspace]\nname = "obs"\n[defaults]\nworktree = false\nruntime = "demo"\n[[agent]]\nname = "a"\n[[agent]]\nname = "b"\n[[agent]]\nname = "shell"\nruntime = "custom"\ncommand = ["sh", "-i"]\n[agent.env]\nPS1 = "ready> "\n[agent.screen]\nidle = ["^ready>"]\n');
		const results = await upAgents(ctx);
		expect(results.every((result) => result.outcome === 'started')).toBe(true);
		observer = new WorkspaceObserver(ctx, {pollMs: 200});
		observer.on('state', (agent, verdict) => seen.push({agent, state: verdict.state, at: Date.now(), rule: verdict.rule}));
		await observer.start();
	});
	afterAll(async () => {
		await observer?.stop();
		core.cleanup();
	});

	const latest = (agent: string) => [...seen].reverse().find((entry) => entry.agent === agent)?.state;
	const until = (agent: string, state: AgentState, timeoutMs = 15_000) => waitFor(() => latest(agent) === state, {timeoutMs, what: `${agent} ${state} (saw ${seen.filter((entry) => entry.agent === agent).map((entry) => entry.state).join(' → ')})`});
	const prompt = (agent: string, text: string) => deliverPrompt(ctx, findAgent(ctx.config, agent), text);

	it('sees the agents idle, streamed from their panes (never unknown on the way)', async () => {
		await until('a', 'idle');
		await until('b', 'idle');
		expect(observer.observer('a')?.screen.snapshot().lines.join('\n')).toContain('demo agent ready');
		// Before the first idle there may be `starting` (if the observer attached that early), never `unknown`.
		const states = seen.filter((entry) => entry.agent === 'a').map((entry) => entry.state);
		expect(states.slice(0, states.indexOf('idle')).every((state) => state === 'starting')).toBe(true);
	});

	it('follows idle → working → idle on a prompt', async () => {
		const start = seen.length;
		await prompt('a', 'sleep 1');
		await until('a', 'working');
		await until('a', 'idle');
		const states = seen.slice(start).filter((entry) => entry.agent === 'a').map((entry) => entry.state);
		expect(states).toEqual(['working', 'idle']);
	});

	it('an approval dialog is needs_input, and answering it goes back to work', async () => {
		await prompt('b', 'ask Delete the database?');
		await until('b', 'needs_input');
		await ctx.services.tmux.sendKeys(ctx.sessionOf('b'), ['y']);
		await until('b', 'idle');
	});

	it.each([
		['fail auth', 'auth_failed'],
		['fail ratelimit', 'rate_limited'],
		['fail provider', 'provider_down'],
	] as const)('%s is %s', async (text, state) => {
		await prompt('a', text);
		await until('a', state);
		const event = ctx.store.lastEvents(20, 'a').reverse().find((entry) => entry.event === `agent.${state}`);
		expect(event?.data).toMatchObject({to: state});
	});

	it('an answer that talks about rate limits and 401s does not change the state', async () => {
		await prompt('a', 'echo the API said: API Error: Request rejected (429) and 401 unauthorized');
		await until('a', 'idle');
		await prompt('a', 'sleep 0.2');
		await until('a', 'idle');
		expect(latest('a')).toBe('idle');
	});

	it('a hook signal (as `tt hook` writes it) changes the state within moments, and clearing it hands back to the screen', async () => {
		// A plain shell (custom runtime) emits no native signals of its own, so only the hook speaks.
		await until('shell', 'idle');
		const sent = Date.now();
		appendSignal(ctx.paths.state, {t: Date.now(), agent: 'shell', runtime: 'claude-code', event: 'PermissionRequest', state: 'needs_input', detail: 'permission: Bash'});
		await until('shell', 'needs_input', 3000);
		const entry = [...seen].reverse().find((item) => item.agent === 'shell' && item.state === 'needs_input');
		expect(entry?.rule).toBe('hook.claude-code.PermissionRequest');
		expect(entry!.at - sent).toBeLessThan(1000);
		appendSignal(ctx.paths.state, {t: Date.now(), agent: 'shell', runtime: 'claude-code', event: 'SessionEnd', state: 'clear'});
		await until('shell', 'idle', 3000);
	});

	it('an exit is stopped, with the exit status', async () => {
		await prompt('b', 'exit 3');
		await until('b', 'stopped');
		const event = ctx.store.lastEvents(10, 'b').reverse().find((entry) => entry.event === 'agent.stopped');
		await waitFor(() => ctx.store.agentStates().get('b')?.state === 'stopped', {what: 'recorded'});
		expect(event).toBeDefined();
	});

	it('every state change is one event, each recorded once', () => {
		const events = ctx.store.eventsAfter(0, {limit: 10_000}).filter((event) => event.agent === 'a' && event.event.startsWith('agent.') && event.data && 'to' in event.data);
		for (let index = 1; index < events.length; index++) {
			expect(events[index]!.data!['from']).toBe(events[index - 1]!.data!['to']);
		}
	});
});
