import {mkdirSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {WatchStore} from '../../../src/tui/store.js';
import {cardRows} from '../../../src/tui/components/AgentCard.js';
import {waitFor} from '../../helpers/tt.js';
import {FakeObserver, makeWorkspace} from './fixtures.js';
import {recordConflictReport} from '../../../src/core/store/team-conflicts.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
	for (const cleanup of cleanups.splice(0)) cleanup();
});

function setup() {
	const {ctx, cleanup} = makeWorkspace('w', [{name: 'a', role: 'build'}, {name: 'b'}]);
	const observer = new FakeObserver();
	const store = new WatchStore([{ctx, observer}], {batchMs: 5, activityMs: 20, eventPollMs: 20, probe: async () => ({changes: 2, ahead: 1})});
	cleanups.push(() => store.stop(), cleanup);
	return {ctx, observer, store};
}

describe('WatchStore', () => {
	it('flags a running agent whose worktree was deleted, and tells what fixes it', async () => {
		const {ctx, cleanup} = makeWorkspace('wt', [{name: 'a'}], {defaults: {runtime: 'demo', worktree: true}});
		const observer = new FakeObserver();
		const store = new WatchStore([{ctx, observer}], {batchMs: 5, activityMs: 20, eventPollMs: 20, probe: async () => undefined});
		cleanups.push(() => store.stop(), cleanup);
		store.start();
		observer.setState('a', 'idle');
		await waitFor(() => store.getSnapshot().agents[0]?.state === 'idle', {timeoutMs: 1000});
		expect(store.getSnapshot().agents[0]).toMatchObject({attention: true, activity: '⚠ worktree deleted: press u to recreate it and restart a'});
		mkdirSync(path.join(ctx.root, '.tutti', 'worktrees', 'a'), {recursive: true});
		observer.setState('a', 'working');
		await waitFor(() => store.getSnapshot().agents[0]?.state === 'working', {timeoutMs: 1000});
		expect(store.getSnapshot().agents[0]?.attention).toBe(false);
	});

	it('shows the memory and CPU of each running agent\'s process tree on its card, re-read on the resources timer', async () => {
		const {ctx, cleanup} = makeWorkspace('res', [{name: 'a'}, {name: 'b'}]);
		const observer = new FakeObserver();
		const store = new WatchStore([{ctx, observer}], {batchMs: 5, activityMs: 20, eventPollMs: 20, resourcesMs: 20, probe: async () => undefined});
		cleanups.push(() => store.stop(), cleanup);
		store.start();
		observer.setState('a', 'working');
		observer.setState('b', 'idle');
		observer.sampled.set('a', {rss_bytes: 812 * 1024 * 1024, cpu_pct: 3});
		await waitFor(() => store.getSnapshot().agents[0]?.rssBytes !== null, {timeoutMs: 2000, what: 'a sampled'});
		const [a, b] = store.getSnapshot().agents;
		expect(a).toMatchObject({rssBytes: 812 * 1024 * 1024, cpuPct: 3});
		expect(b).toMatchObject({rssBytes: null, cpuPct: null});
		const text = (agent: typeof a, mode: 'full' | 'compact' | 'row') => cardRows({agent: agent!, mode, selected: false, since: '5s', showWorkspace: false}).map((row) => [...row.left, ...(row.right ?? [])].map((part) => part.text).join('')).join('\n');
		for (const mode of ['full', 'compact', 'row'] as const) expect(text(a, mode)).toContain('812M 3%');
		// Unknown is left out, never shown as a made-up figure.
		expect(text(b, 'compact')).not.toMatch(/\d+M \d/);
		observer.sampled.set('a', {rss_bytes: 1.5 * 1024 ** 3, cpu_pct: 120});
		await waitFor(() => store.getSnapshot().agents[0]?.cpuPct === 120, {timeoutMs: 2000, what: 'a sampled again'});
		expect(text(store.getSnapshot().agents[0], 'compact')).toContain('1.5G 120%');
	});

	it('marks the cards of agents whose work collides, from the report the recorder stored', async () => {
		const {ctx, cleanup} = makeWorkspace('col', [{name: 'a'}, {name: 'b'}, {name: 'c'}]);
		const observer = new FakeObserver();
		const store = new WatchStore([{ctx, observer}], {batchMs: 5, activityMs: 20, eventPollMs: 20, usageRefreshMs: 20, probe: async () => ({changes: 1, ahead: 0})});
		cleanups.push(() => store.stop(), cleanup);
		const work = (agent: string, conflicts: string[] = []) => ({agent, branch: `tutti/${agent}`, commit: 'c', changed: ['x'], conflicts_with_target: conflicts});
		recordConflictReport(ctx.store, {target: {branch: 'main', commit: 'c0'}, agents: [work('a'), work('b', ['y']), work('c')], pairs: [{agents: ['a', 'b'], overlapping: ['x'], conflicts: ['x'], manifests: []}]});
		store.start();
		await waitFor(() => store.getSnapshot().agents.find((agent) => agent.name === 'b')?.collisions !== undefined, {timeoutMs: 2000, what: 'collisions read'});
		const byName = new Map(store.getSnapshot().agents.map((agent) => [agent.name, agent]));
		expect([...byName.values()].map((agent) => [agent.name, agent.collisions])).toEqual([['a', 'b'], ['b', 'a, main'], ['c', undefined]]);
		const rows = cardRows({agent: byName.get('b')!, mode: 'compact', selected: false, since: '5s', showWorkspace: false});
		expect(rows[0]?.left.map((part) => part.text).join('')).toContain('✕a, main');
		// Resolved: the marks go.
		recordConflictReport(ctx.store, {target: {branch: 'main', commit: 'c1'}, agents: [work('a'), work('b'), work('c')], pairs: []});
		await waitFor(() => store.getSnapshot().agents.every((agent) => agent.collisions === undefined), {timeoutMs: 2000, what: 'collisions cleared'});
	});

	it('publishes one immutable snapshot per batch of observer events', async () => {
		const {observer, store} = setup();
		let published = 0;
		store.subscribe(() => published++);
		const before = store.getSnapshot();
		observer.setState('a', 'working');
		observer.setState('b', 'idle');
		await waitFor(() => store.getSnapshot() !== before, {timeoutMs: 1000});
		expect(published).toBe(1);
		expect(store.getSnapshot().agents.map((agent) => [agent.name, agent.state, agent.stage])).toEqual([
			['a', 'working', 'build'],
			['b', 'idle', 'agents'],
		]);
		expect(before.agents[0]?.state).toBe('unknown');
	});

	it('keeps the references of everything a change did not touch (memoised parts skip their render)', async () => {
		const {observer, store} = setup();
		const before = store.getSnapshot();
		observer.setState('a', 'working');
		await waitFor(() => store.getSnapshot() !== before, {timeoutMs: 1000});
		const after = store.getSnapshot();
		expect(after.agents[0]).not.toBe(before.agents[0]);
		expect(after.agents[1]).toBe(before.agents[1]);
		for (const part of ['workspaces', 'runs', 'ticker'] as const) expect(after[part], part).toBe(before[part]);
	});

	it('counts who needs a human and calls attention listeners once per transition', async () => {
		const {observer, store} = setup();
		const calls: string[] = [];
		store.onAttention((agent) => calls.push(`${agent.name}:${agent.state}`));
		observer.setState('a', 'working');
		observer.setState('a', 'needs_input');
		observer.setState('a', 'needs_input');
		observer.setState('b', 'working');
		observer.setState('b', 'stopped', {rule: 'session.missing'});
		await waitFor(() => store.getSnapshot().totals.attention === 2, {timeoutMs: 1000});
		expect(calls).toEqual(['a:needs_input', 'b:stopped']);
		store.expectStop('w/b');
		observer.setState('b', 'working');
		observer.setState('b', 'stopped', {rule: 'session.missing'});
		store.expectStop('w/b');
		await waitFor(() => store.getSnapshot().totals.attention === 1, {timeoutMs: 1000});
	});

	it('reads the event log into the ticker and workflow runs', async () => {
		const {ctx, store} = setup();
		store.start();
		ctx.emit('workflow.started', null, {run_id: 'r1', workflow_name: 'ship', total_steps: 2});
		ctx.emit('workflow.step.started', 'a', {run_id: 'r1', workflow_name: 'ship', step_index: 0, total_steps: 2, step_type: 'prompt'});
		await waitFor(() => store.getSnapshot().runs.length === 1, {timeoutMs: 2000});
		expect(store.getSnapshot().runs[0]).toMatchObject({name: 'ship', steps: ['active', 'pending'], agent: 'a', stage: 'build'});
		expect(store.getSnapshot().ticker.at(-1)?.text).toContain('ship: step started 1/2');
		await waitFor(() => store.getSnapshot().agents[0]?.changes === 2, {timeoutMs: 2000});
		expect(store.agentEvents('w/a').length).toBe(1);
	});
});
