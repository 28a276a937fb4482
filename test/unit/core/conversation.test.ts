import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeEach, describe, expect, it} from 'vitest';
import {claudeProjectSlug} from '../../../src/adapters/shared/claude-sessions.js';
import {captureConversation, describeConversation, planConversation, recordConversation} from '../../../src/core/agents/conversation.js';
import {appendSignal} from '../../../src/core/state/hook-signals.js';
import {readAgentSession, saveAgentSession} from '../../../src/core/store/sessions.js';
import {makeCoreWorld} from '../../helpers/core-world.js';

const toml = `
[workspace]
name = "conv"
[defaults]
worktree = false
[[agent]]
name = "a1"
runtime = "demo"
[[agent]]
name = "a2"
runtime = "demo"
[[agent]]
name = "cx"
runtime = "codex"
`;

describe('planConversation resumes only what is verifiably the agent own', () => {
	const core = makeCoreWorld('conv');
	const ctx = core.workspace('project', toml);
	const demo = ctx.services.adapters.get('demo');
	const codex = ctx.services.adapters.get('codex');
	const home = path.join(ctx.root, '.tutti', 'demo-home');
	const where = {workdir: ctx.root, env: {HOME: core.world.home}, newSession: false};
	const transcript = (id: string, cwd = ctx.root) => {
		const file = path.join(home, 'projects', claudeProjectSlug(cwd), `${id}.jsonl`);
		mkdirSync(path.dirname(file), {recursive: true});
		writeFileSync(file, `${JSON.stringify({type: 'user', cwd, sessionId: id})}\n`);
	};
	const row = (agent: string, id: string | null, overrides: Partial<Parameters<typeof saveAgentSession>[1]> = {}) =>
		saveAgentSession(ctx.store, {agent, runtime: 'demo', session_id: id, workdir: ctx.root, config_dir: home, launched_at: new Date().toISOString(), ...overrides});
	beforeEach(() => ctx.store.db.exec('DELETE FROM agent_sessions'));
	afterAll(() => core.cleanup());

	it('a first launch gets a new id; the next resumes it once its transcript exists', () => {
		const first = planConversation(ctx, 'a1', demo, where);
		expect(first.outcome).toMatchObject({kind: 'new', note: null});
		const id = first.outcome.id ?? '';
		recordConversation(ctx, 'a1', demo, first, {workdir: ctx.root, launchedAt: new Date().toISOString()});
		expect(readAgentSession(ctx.store, 'a1')).toMatchObject({session_id: id, config_dir: home});
		expect(planConversation(ctx, 'a1', demo, where).outcome).toMatchObject({kind: 'new', note: expect.stringContaining('never have been prompted') as unknown});
		transcript(id);
		expect(planConversation(ctx, 'a1', demo, where)).toMatchObject({launch: {kind: 'resume', id}, outcome: {kind: 'resumed', id, note: null}});
		expect(planConversation(ctx, 'a1', demo, {...where, newSession: true}).outcome).toMatchObject({kind: 'new', note: 'a new conversation was asked for (--new-session)'});
		expect(describeConversation({kind: 'resumed', id, note: null})).toBe(`resumed ${id}`);
	});

	it('refuses an id recorded for another runtime, folder or config dir, or for another agent in the same folder', () => {
		transcript('s-1');
		row('a1', 's-1', {runtime: 'claude-code'});
		expect(planConversation(ctx, 'a1', demo, where).outcome.note).toBe('the recorded conversation is a claude-code one, and a1 now runs demo');
		row('a1', 's-1', {workdir: '/elsewhere'});
		expect(planConversation(ctx, 'a1', demo, where).outcome.note).toBe(`session s-1 was held in /elsewhere, and a1 now runs in ${ctx.root}`);
		row('a1', 's-1', {config_dir: '/other-home'});
		expect(planConversation(ctx, 'a1', demo, where).outcome.note).toBe(`session s-1 is kept under /other-home, and a1 now uses ${home}`);
		// Two agents sharing the project root: the transcript cannot tell whose it is.
		row('a1', 's-1');
		row('a2', 's-1');
		expect(planConversation(ctx, 'a1', demo, where).outcome.note).toBe('session s-1 is also recorded for a2 in the same folder; a conversation that may be theirs is not resumed');
	});

	it("follows the CLI to the session its SessionStart hook announced during the launch (Claude's /clear)", () => {
		const launchedAt = new Date(Date.now() - 1000).toISOString();
		transcript('before-clear');
		transcript('after-clear');
		row('a1', 'before-clear', {launched_at: launchedAt});
		// An older launch's announcement, and another agent's, change nothing.
		appendSignal(ctx.paths.state, {t: Date.parse(launchedAt) - 5000, agent: 'a1', runtime: 'demo', event: 'SessionStart', state: 'idle', session_id: 'stale'});
		appendSignal(ctx.paths.state, {t: Date.now(), agent: 'a2', runtime: 'demo', event: 'SessionStart', state: 'idle', session_id: 'theirs'});
		expect(planConversation(ctx, 'a1', demo, where).outcome).toMatchObject({kind: 'resumed', id: 'before-clear'});
		appendSignal(ctx.paths.state, {t: Date.now(), agent: 'a1', runtime: 'demo', event: 'SessionStart', state: 'idle', session_id: 'after-clear'});
		expect(planConversation(ctx, 'a1', demo, where).outcome).toMatchObject({kind: 'resumed', id: 'after-clear'});
		expect(readAgentSession(ctx.store, 'a1')?.session_id).toBe('after-clear');
		expect(ctx.store.lastEvents(5, 'a1').map((event) => [event.event, event.data])).toContainEqual(['agent.session_recorded', {runtime: 'demo', session_id: 'after-clear'}]);
	});

	it('Codex: the thread is captured once its rollout names the agent folder, and an ambiguous one is not taken', () => {
		const codexHome = path.join(core.world.home, '.codex');
		const launchedAt = new Date(Date.now() - 1000).toISOString();
		const rollout = (thread: string) => {
			const now = new Date();
			const day = path.join(codexHome, 'sessions', String(now.getFullYear()), String(now.getMonth() + 1).padStart(2, '0'), String(now.getDate()).padStart(2, '0'));
			mkdirSync(day, {recursive: true});
			writeFileSync(path.join(day, `rollout-x-${thread}.jsonl`), `${JSON.stringify({type: 'session_meta', payload: {id: thread, timestamp: now.toISOString(), cwd: ctx.root, source: 'cli'}})}\n`);
		};
		const plan = planConversation(ctx, 'cx', codex, where);
		expect(plan.launch).toEqual({kind: 'new', id: undefined});
		recordConversation(ctx, 'cx', codex, plan, {workdir: ctx.root, launchedAt});
		expect(captureConversation(ctx, 'cx', codex)).toMatchObject({id: undefined, note: expect.stringContaining('no session started') as unknown});
		rollout('thread-1');
		expect(captureConversation(ctx, 'cx', codex)).toEqual({id: 'thread-1', note: undefined});
		expect(readAgentSession(ctx.store, 'cx')?.session_id).toBe('thread-1');
		expect(ctx.store.lastEvents(5, 'cx').map((event) => [event.event, event.data])).toContainEqual(['agent.session_recorded', {runtime: 'codex', session_id: 'thread-1'}]);
		expect(planConversation(ctx, 'cx', codex, where).outcome).toMatchObject({kind: 'resumed', id: 'thread-1'});

		recordConversation(ctx, 'cx', codex, plan, {workdir: ctx.root, launchedAt: new Date().toISOString()});
		rollout('thread-2');
		rollout('thread-3');
		expect(captureConversation(ctx, 'cx', codex).note).toContain('2 sessions started in');
		const ambiguous = planConversation(ctx, 'cx', codex, where).outcome;
		expect(ambiguous).toMatchObject({kind: 'new', id: null});
		expect(ambiguous.note).toMatch(/^Codex wrote down no conversation of the last launch that tutti can tell is cx's \(2 sessions started in .*; cannot tell which is cx's\)$/);
	});
});
