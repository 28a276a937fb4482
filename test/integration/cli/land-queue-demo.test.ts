import {readFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {WorkspaceContext} from '../../../src/core/agents/context.js';
import {upAgents} from '../../../src/core/agents/up.js';
import {WorkspaceObserver} from '../../../src/core/state/workspace-observer.js';
import {makeCoreWorld} from '../../helpers/core-world.js';
import {waitFor} from '../../helpers/tt.js';

type Status = {name: string; state: string; collisions: {with_agents: Array<{agent: string; conflicts: string[]}>} | null};

/**
 * The demo of issue #15: three demo agents edit overlapping files, the recorder reports the
 * conflict, `tt land --queue a b c` lands two and sends the third its conflict as a prompt; the
 * third merges, resolves, commits, and a second `tt land --queue c` lands it.
 */
describe('merge queue demo: three demo agents, one conflict, sent back and fixed', () => {
	const core = makeCoreWorld('qdemo');
	let ctx: WorkspaceContext;
	let observer: WorkspaceObserver;
	const tt = async (...args: string[]) => core.world.tt(args, {cwd: ctx.root});
	const status = async (): Promise<Status[]> => JSON.parse((await tt('status', '--json')).stdout) as Status[];
	const idle = (agent: string) => waitFor(async () => (await status()).find((entry) => entry.name === agent)?.state === 'idle', {timeoutMs: 30_000, what: `${agent} idle`});
	const send = async (agent: string, prompt: string) => {
		const sent = await tt('send', agent, prompt, '--wait');
		expect(sent.code, sent.stderr).toBe(0);
	};

	beforeAll(async () => {
		ctx = core.workspace('project', ['[workspace]\nname = "qdemo"\n', '[defaults]\nruntime = "demo"\nworktree = true\n', '[[agent]]\nname = "a"\n', '[[agent]]\nname = "b"\n', '[[agent]]\nname = "c"\n'].join('\n'));
		const results = await upAgents(ctx, {agents: ['a', 'b', 'c']});
		for (const result of results) expect(result.error).toBeUndefined();
		// The recorder: it computes the collisions that tt status --json reports.
		observer = new WorkspaceObserver(ctx, {pollMs: 200});
		await observer.start();
		for (const agent of ['a', 'b', 'c']) await idle(agent);
	}, 90_000);
	afterAll(async () => {
		await observer?.stop();
		core.cleanup();
	});

	it('the floor shows the conflict; the queue lands a and b, sends c its conflict, and lands c once it fixed it', async () => {
		await send('a', 'write shared.txt greeting from a && commit a: greeting');
		await send('b', 'write notes.txt notes from b && append shared-notes.txt b && commit b: notes');
		await send('c', 'write shared.txt greeting from c && commit c: greeting');

		// tt status --json: the recorder found that c's work conflicts with a's.
		const collisions = await waitFor(async () => (await status()).find((entry) => entry.name === 'c' && entry.collisions?.with_agents.some((other) => other.conflicts.includes('shared.txt')))?.collisions ?? undefined, {timeoutMs: 30_000, what: 'the a/c conflict in tt status --json'});
		expect(collisions.with_agents).toContainEqual(expect.objectContaining({agent: 'a', conflicts: ['shared.txt']}));

		const cBranch = readFileSync(path.join(ctx.root, '.git', 'refs', 'heads', 'tutti', 'c'), 'utf8').trim();
		const first = await tt('land', '--queue', 'a', 'b', 'c', '--verify', 'test -s shared.txt');
		expect(first.code, first.stderr).toBe(1);
		const lines = first.stdout.trim().split('\n');
		expect(lines).toHaveLength(3);
		expect(lines[0]).toMatch(/^a {2}landed 1 commit \([0-9a-f]{7}\)$/);
		expect(lines[1]).toMatch(/^b {2}landed 1 commit \([0-9a-f]{7}\)$/);
		expect(lines[2]).toBe('c  sent back: conflict in shared.txt');
		expect(readFileSync(path.join(ctx.root, 'shared.txt'), 'utf8')).toBe('greeting from a\n');
		// c's branch is as it was; the prompt reached c, through the one delivery path.
		expect(readFileSync(path.join(ctx.root, '.git', 'refs', 'heads', 'tutti', 'c'), 'utf8').trim()).toBe(cBranch);
		const events = ctx.store.lastEvents(500);
		expect(events.filter((event) => event.event === 'agent.land_sent_back').map((event) => [event.agent, event.data?.['files'], event.data?.['delivered']])).toEqual([['c', ['shared.txt'], true]]);
		const screen = await waitFor(async () => {
			const peek = await tt('peek', 'c', '--lines', '200');
			return peek.stdout.includes('tutti merge queue') ? peek.stdout : undefined;
		}, {timeoutMs: 20_000, what: 'the sent-back prompt on c\'s screen'});
		expect(screen).toContain('conflict in shared.txt');
		await idle('c');

		// c does what the prompt asks: merges main, resolves, commits.
		await send('c', 'merge main && write shared.txt greeting from a and c && commit c: merge main, keep both greetings');
		const second = await tt('land', '--queue', 'c', '--json');
		expect(second.code, second.stderr).toBe(0);
		const result = JSON.parse(second.stdout) as {ok: boolean; outcomes: Array<{agent: string; status: string; line: string}>};
		expect(result.ok).toBe(true);
		expect(result.outcomes).toEqual([expect.objectContaining({agent: 'c', status: 'landed', line: expect.stringMatching(/^landed 1 commit \([0-9a-f]{7}\)$/)})]);
		expect(readFileSync(path.join(ctx.root, 'shared.txt'), 'utf8')).toBe('greeting from a and c\n');
		expect(ctx.store.lastEvents(500).filter((event) => event.event === 'agent.landed').map((event) => event.agent)).toEqual(['a', 'b', 'c']);
	}, 180_000);
});
