import {execFileSync} from 'node:child_process';
import {mkdirSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {claudeProjectSlug} from '../../../src/adapters/shared/claude-sessions.js';
import type {ConversationOutcome} from '../../../src/core/agents/conversation.js';
import {readAgentSession, saveAgentSession} from '../../../src/core/store/sessions.js';
import {Store} from '../../../src/core/store/store.js';
import {makeGitRepo} from '../../helpers/sandbox.js';
import {makeWorld, waitFor} from '../../helpers/tt.js';

const config = `
[workspace]
name = "resume-test"

[defaults]
worktree = true
runtime = "demo"

[[agent]]
name = "alice"

[[agent]]
name = "bob"
`;

type Up = {agent: string; outcome: string; conversation: ConversationOutcome | null; worktree: string};

describe('tt up brings every demo agent back into its own conversation', () => {
	const world = makeWorld('resume');
	let repo: string;
	const tmux = (...args: string[]) => execFileSync('tmux', ['-L', world.socket, ...args], {encoding: 'utf8'});
	const up = async (...args: string[]): Promise<Map<string, Up>> => {
		const result = await world.tt(['up', '--json', ...args], {cwd: repo});
		expect(result.code, result.stderr).toBe(0);
		return new Map((JSON.parse(result.stdout) as Up[]).map((entry) => [entry.agent, entry]));
	};
	const send = async (agent: string, prompt: string) => {
		const result = await world.tt(['send', agent, '--wait', '--timeout-secs', '60', prompt], {cwd: repo});
		expect(result.code, result.stderr).toBe(0);
	};
	const screen = (agent: string) => tmux('capture-pane', '-p', '-S', '-200', '-t', `=tt-resume-test-${agent}:`);
	const transcript = (agent: string, id: string) => path.join(repo, '.tutti', 'demo-home', 'projects', claudeProjectSlug(path.join(repo, '.tutti', 'worktrees', agent)), `${id}.jsonl`);
	const withStore = <T>(fn: (store: Store) => T): T => {
		const store = new Store(path.join(repo, '.tutti', 'state', 'tutti.db'));
		try {
			return fn(store);
		} finally {
			store.close();
		}
	};
	const killServer = () => execFileSync('tmux', ['-L', world.socket, 'kill-server'], {stdio: 'ignore'});
	let aliceId = '';
	let bobId = '';

	beforeAll(() => {
		repo = makeGitRepo(path.join(world.dir, 'project'));
		writeFileSync(path.join(repo, 'tutti.toml'), config);
		execFileSync('git', ['add', 'tutti.toml'], {cwd: repo});
		execFileSync('git', ['commit', '-q', '-m', 'add tutti.toml'], {cwd: repo});
	});
	afterAll(() => world.cleanup());

	it('a first tt up starts new conversations with ids tutti chose, recorded in the store and the events', async () => {
		const started = await up();
		for (const agent of ['alice', 'bob']) {
			expect(started.get(agent)?.conversation).toMatchObject({kind: 'new', note: null});
			expect(started.get(agent)?.conversation?.id).toMatch(/^[0-9a-f-]{36}$/);
		}
		aliceId = started.get('alice')?.conversation?.id ?? '';
		bobId = started.get('bob')?.conversation?.id ?? '';
		expect(aliceId).not.toBe(bobId);
		withStore((store) => {
			expect(readAgentSession(store, 'alice')).toMatchObject({runtime: 'demo', session_id: aliceId, workdir: path.join(repo, '.tutti', 'worktrees', 'alice')});
			const event = store.lastEvents(50, 'alice').find((entry) => entry.event === 'agent.started');
			expect(event?.data?.['conversation']).toEqual({kind: 'new', id: aliceId, note: null});
		});
		await send('alice', 'remember the code word PINEAPPLE-42');
		await send('bob', 'remember the code word MANGO-7');
		const status = await world.tt(['status', '--json'], {cwd: repo});
		expect((JSON.parse(status.stdout) as Array<{name: string; conversation_id: string | null}>).map((entry) => [entry.name, entry.conversation_id])).toEqual([
			['alice', aliceId],
			['bob', bobId],
		]);
	});

	it('after tmux kill-server, tt up resumes each agent in its own conversation and shows it', async () => {
		killServer();
		const result = await world.tt(['up'], {cwd: repo});
		expect(result.code, result.stderr).toBe(0);
		expect(result.stdout).toMatch(new RegExp(`alice .*resumed ${aliceId}`));
		expect(result.stdout).toMatch(new RegExp(`bob .*resumed ${bobId}`));
		await waitFor(() => screen('alice').includes('PINEAPPLE-42') && screen('alice').includes(`Resumed conversation ${aliceId}`), {what: 'alice showing her earlier turn'});
		await waitFor(() => screen('bob').includes('MANGO-7'), {what: 'bob showing his earlier turn'});
		expect(screen('bob')).not.toContain('PINEAPPLE-42');
		// The resumed conversation goes on in the same transcript.
		await send('alice', 'what was the code word?');
		await waitFor(() => screen('alice').includes('what was the code word?'), {what: 'the new prompt'});
		const log = execFileSync('cat', [transcript('alice', aliceId)], {encoding: 'utf8'});
		expect(log).toContain('PINEAPPLE-42');
		expect(log).toContain('what was the code word?');
	});

	it('when the CLI process dies, tt up resumes its conversation', async () => {
		const pid = Number(tmux('display-message', '-p', '-t', '=tt-resume-test-alice:', '#{pane_pid}').trim());
		process.kill(pid, 'SIGKILL');
		await waitFor(() => tmux('display-message', '-p', '-t', '=tt-resume-test-alice:', '#{pane_dead}').trim() === '1', {what: 'the dead pane'});
		const restarted = await up('alice');
		expect(restarted.get('alice')).toMatchObject({outcome: 'restarted', conversation: {kind: 'resumed', id: aliceId, note: null}});
		await waitFor(() => screen('alice').includes(`Resumed conversation ${aliceId}`), {what: 'the resumed screen'});
		// A CLI that exits with an error is resumed too, and tt up says how to start over if it keeps
		// failing. (Ended by a signal the demo turns into status 143, not by a typed `exit 3`: under
		// load that prompt was once not acted on — see the issue note — and this test is about tt up.)
		await waitFor(() => screen('alice').includes('demo agent ready') || screen('alice').includes('❯'), {timeoutMs: 30_000, what: 'alice ready after the resume'});
		const resumedPid = Number(tmux('display-message', '-p', '-t', '=tt-resume-test-alice:', '#{pane_pid}').trim());
		process.kill(resumedPid, 'SIGTERM');
		const paneStatus = () => tmux('display-message', '-p', '-t', '=tt-resume-test-alice:', '#{pane_dead} #{pane_dead_status}').trim();
		await waitFor(() => paneStatus().startsWith('1'), {timeoutMs: 30_000, what: 'alice exited'});
		// tmux reports the exit status a moment after the pane's death (native-signals §E) — and
		// under load (tmux 3.3a) sometimes never: give it a moment, then tt up must cope either way.
		await waitFor(() => paneStatus() === '1 143', {timeoutMs: 3000}).catch(() => undefined);
		const result = await world.tt(['up', 'alice'], {cwd: repo});
		expect(result.code, result.stderr).toBe(0);
		expect(result.stdout).toMatch(new RegExp(`alice .*restarted .*resumed ${aliceId}`));
		expect(result.stderr).toMatch(/previous run of alice had exited \((status 143|status unknown)\); starting it again \(if it keeps exiting, `tt up alice --new-session` starts a new conversation\)/);
	});

	it('an id that cannot be verified starts a new conversation, and tt up says why', async () => {
		killServer();
		rmSync(transcript('bob', bobId));
		const result = await world.tt(['up', 'bob'], {cwd: repo});
		expect(result.code, result.stderr).toBe(0);
		expect(result.stdout).toMatch(/bob .* new [0-9a-f-]{36}/);
		expect(result.stderr).toContain(`new conversation: could not verify session ${bobId}: no transcript ${bobId}.jsonl`);
		const restarted = withStore((store) => readAgentSession(store, 'bob'));
		expect(restarted?.session_id).not.toBe(bobId);
		bobId = restarted?.session_id ?? '';
	});

	it("the wrong-session trap: an agent recorded with another agent's conversation never resumes it", async () => {
		killServer();
		const bobWorkdir = path.join(repo, '.tutti', 'worktrees', 'bob');
		// bob's record names alice's id, with bob's own folder and config dir: the id is alice's in another worktree.
		withStore((store) => {
			const bob = readAgentSession(store, 'bob');
			if (!bob) throw new Error('bob has no session row');
			saveAgentSession(store, {...bob, session_id: aliceId});
		});
		const both = await up();
		// The transcript of that id was written in alice's worktree: it is hers, and only hers.
		expect(both.get('alice')?.conversation).toMatchObject({kind: 'resumed', id: aliceId});
		expect(both.get('bob')?.conversation?.kind).toBe('new');
		expect(both.get('bob')?.conversation?.note).toContain(`could not verify session ${aliceId}`);
		expect(both.get('bob')?.conversation?.note).toContain(`not in ${bobWorkdir}`);
		await waitFor(() => screen('bob').includes('demo agent') && screen('alice').includes('PINEAPPLE-42'), {what: 'both started'});
		expect(screen('bob')).not.toContain('PINEAPPLE-42');
	});

	it('tt up --all resumes the agents of every registered workspace', async () => {
		killServer();
		mkdirSync(path.join(world.home, '.config', 'tutti'), {recursive: true});
		writeFileSync(path.join(world.home, '.config', 'tutti', 'config.toml'), `[[registered_workspace]]\nname = "resume-test"\npath = ${JSON.stringify(repo)}\n`);
		const result = await world.tt(['up', '--all', '--json'], {cwd: world.dir});
		expect(result.code, result.stderr).toBe(0);
		const alice = (JSON.parse(result.stdout) as Array<Up & {workspace: string}>).find((entry) => entry.agent === 'alice');
		expect(alice).toMatchObject({workspace: 'resume-test', conversation: {kind: 'resumed', id: aliceId}});
	});

	it('--new-session starts over in the same worktrees', async () => {
		const downResult = await world.tt(['down'], {cwd: repo});
		expect(downResult.code, downResult.stderr).toBe(0);
		const before = withStore((store) => readAgentSession(store, 'bob')?.session_id);
		const started = await up('--new-session');
		for (const agent of ['alice', 'bob']) {
			expect(started.get(agent)?.conversation).toMatchObject({kind: 'new', note: 'a new conversation was asked for (--new-session)'});
			expect(started.get(agent)?.worktree).toBe(path.join(repo, '.tutti', 'worktrees', agent));
		}
		expect(started.get('alice')?.conversation?.id).not.toBe(aliceId);
		expect(started.get('bob')?.conversation?.id).not.toBe(before);
		await waitFor(() => screen('alice').includes('demo agent'), {what: 'alice started'});
		expect(screen('alice')).not.toContain('PINEAPPLE-42');
	});

	it('tt down --clean removes the worktree and forgets its conversation', async () => {
		const down = await world.tt(['down', 'bob', '--clean', '--force'], {cwd: repo});
		expect(down.code, down.stderr).toBe(0);
		expect(withStore((store) => readAgentSession(store, 'bob'))).toBeUndefined();
		const started = await up('bob');
		expect(started.get('bob')?.conversation).toMatchObject({kind: 'new', note: null});
	});
});
