import {execFileSync} from 'node:child_process';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {Store} from '../../../src/core/store/store.js';
import {makeGitRepo} from '../../helpers/sandbox.js';
import {makeWorld, waitFor} from '../../helpers/tt.js';

type Status = {name: string; state: string; running: boolean; since: string | null; conversation_id: string | null};
type Hibernated = {agent: string; stopped: boolean; idle_ms: number};

/** `tt down --idle`: only the agents idle long enough stop, and the next `tt up` resumes their conversation. */
describe('tt down --idle', () => {
	const world = makeWorld('hibernate');
	let repo = '';
	const tt = (...args: string[]) => world.tt(args, {cwd: repo});
	const statuses = async () => new Map((JSON.parse((await tt('status', '--json')).stdout) as Status[]).map((entry) => [entry.name, entry]));
	const screen = (agent: string) => execFileSync('tmux', ['-L', world.socket, 'capture-pane', '-p', '-S', '-200', '-t', `=tt-hib-${agent}:`], {encoding: 'utf8'});
	let aliceConversation = '';

	beforeAll(async () => {
		repo = makeGitRepo(path.join(world.dir, 'project'));
		writeFileSync(path.join(repo, 'tutti.toml'), '[workspace]\nname = "hib"\n[defaults]\nworktree = true\nruntime = "demo"\n[[agent]]\nname = "alice"\n[[agent]]\nname = "bob"\n');
		execFileSync('git', ['add', 'tutti.toml'], {cwd: repo});
		execFileSync('git', ['commit', '-q', '-m', 'add tutti.toml'], {cwd: repo});
		const up = await tt('up');
		expect(up.code, up.stderr).toBe(0);
		const sent = await tt('send', 'alice', '--wait', '--timeout-secs', '60', 'remember the code word PINEAPPLE-42');
		expect(sent.code, sent.stderr).toBe(0);
		// bob works for ten minutes: never idle while the test runs.
		const busy = await tt('send', 'bob', 'sleep 600');
		expect(busy.code, busy.stderr).toBe(0);
	});
	afterAll(async () => {
		await tt('down');
		world.cleanup();
	});

	it('stops only the agent idle at least that long, and says how long it was idle', async () => {
		// Both settled: alice idle for 2 s or more, bob working.
		await waitFor(async () => {
			const now = await statuses();
			const alice = now.get('alice');
			return alice?.state === 'idle' && alice.since !== null && Date.now() - Date.parse(alice.since) >= 2000 && now.get('bob')?.state === 'working';
		}, {timeoutMs: 30_000, what: 'alice idle for 2 s while bob works'});
		aliceConversation = (await statuses()).get('alice')?.conversation_id ?? '';
		expect(aliceConversation).toMatch(/^[0-9a-f-]{36}$/);

		const result = await tt('down', '--idle', '2s', '--json');
		expect(result.code, result.stderr).toBe(0);
		const rows = JSON.parse(result.stdout) as Hibernated[];
		expect(rows.map((row) => [row.agent, row.stopped])).toEqual([['alice', true]]);
		expect(rows[0]?.idle_ms).toBeGreaterThanOrEqual(2000);

		const after = await statuses();
		expect(after.get('alice')).toMatchObject({running: false, state: 'stopped'});
		expect(after.get('bob')).toMatchObject({running: true, state: 'working'});
		const store = new Store(path.join(repo, '.tutti', 'state', 'tutti.db'));
		try {
			const events = store.lastEvents(50, 'alice');
			expect(events.find((event) => event.event === 'agent.hibernated')?.data).toMatchObject({after_ms: 2000, trigger: 'manual'});
			expect(events.find((event) => event.event === 'agent.stopped')?.data).toMatchObject({reason: 'idle'});
		} finally {
			store.close();
		}
	});

	it('the human output names the idle time; nothing idle that long stops nothing', async () => {
		const none = await tt('down', '--idle', '1h');
		expect(none.code, none.stderr).toBe(0);
		expect(none.stdout).toContain('No agent has been idle for 1h00m or more; nothing stopped.');
		expect((await statuses()).get('bob')?.running).toBe(true);
		const bad = await tt('down', '--idle', '30');
		expect(bad.code).toBe(2);
		expect(bad.stderr).toContain('--idle expects a duration such as 30m');
	});

	it('tt up brings the hibernated agent back in its conversation, showing the earlier turn', async () => {
		const up = await tt('up', 'alice', '--json');
		expect(up.code, up.stderr).toBe(0);
		expect((JSON.parse(up.stdout) as Array<{agent: string; conversation: unknown}>)[0]?.conversation).toMatchObject({kind: 'resumed', id: aliceConversation});
		await waitFor(() => screen('alice').includes('PINEAPPLE-42') && screen('alice').includes(`Resumed conversation ${aliceConversation}`), {what: 'alice showing her earlier turn'});
	});
});
