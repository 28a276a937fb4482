import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {stopAgents} from '../../../src/core/actions/index.js';
import {sendPrompt, waitUntilReady} from '../../../src/core/agents/send.js';
import {upAgents} from '../../../src/core/agents/up.js';
import {WorkspaceObserver} from '../../../src/core/state/workspace-observer.js';
import {makeCoreWorld} from '../../helpers/core-world.js';
import {waitFor} from '../../helpers/tt.js';

/**
 * A CLI that lost its login is restarted in its conversation once a person signs in again (its
 * login file changes) — not before, not when it picked the login up by itself, not with the
 * strategy off. The demo agent's login file is `<root>/.tutti/demo-home/login`.
 */
describe('restarting an agent once its login is renewed', () => {
	const core = makeCoreWorld('login-restart');
	const names = ['lucky', 'healer', 'manual'];
	const ctx = core.workspace('logins', `[workspace]\nname = "logins"\n[defaults]\nruntime = "demo"\nworktree = false\n${names.map((name) => `[[agent]]\nname = "${name}"\n`).join('')}`);
	const observer = new WorkspaceObserver(ctx, {pollMs: 100, loginRestart: {pollMs: 100, settleMs: 700}});
	const agent = (name: string) => ctx.config.agent.find((entry) => entry.name === name)!;
	const events = (name: string, who: string) => ctx.store.lastEvents(2000).filter((event) => event.event === name && event.agent === who);
	const stateOf = (name: string) => ctx.store.agentStates().get(name)?.state;
	let signIns = 0;
	const signIn = () => writeFileSync(path.join(ctx.root, '.tutti', 'demo-home', 'login'), `signed in ${++signIns}\n`);
	const loseLogin = async (name: string) => {
		await sendPrompt(ctx, name, 'fail auth', {timeoutMs: 30_000});
		await waitFor(() => stateOf(name) === 'auth_failed', {what: `${name} logged out`, timeoutMs: 20_000});
	};
	afterAll(async () => {
		await observer.stop();
		await stopAgents(ctx, {}).catch(() => undefined);
		core.cleanup();
	});

	it('waits while nobody signs in, then restarts the agent in the same conversation', async () => {
		await observer.start();
		await upAgents(ctx, {});
		for (const name of names) await waitUntilReady(ctx, agent(name), 30_000);
		await sendPrompt(ctx, 'lucky', 'echo remember the blue gate', {wait: true, timeoutMs: 30_000});
		await loseLogin('lucky');
		// Several looks at the login file later, nothing happened: nobody signed in.
		await new Promise((resolve) => setTimeout(resolve, 600));
		expect(events('agent.recovery_attempted', 'lucky')).toEqual([]);
		signIn();
		const [done] = await waitFor(() => (events('agent.recovery_succeeded', 'lucky').length > 0 ? events('agent.recovery_succeeded', 'lucky') : undefined), {what: 'lucky restarted', timeoutMs: 30_000});
		expect(events('agent.recovery_attempted', 'lucky').map((event) => event.data)).toEqual([expect.objectContaining({strategy: 'login_restart', attempt: 1, trigger: 'signed in again (login changed)'})]);
		expect(done!.data).toMatchObject({strategy: 'login_restart', attempt: 1, conversation: expect.stringMatching(/^resumed [0-9a-f-]{36}$/)});
		await waitFor(() => stateOf('lucky') === 'idle', {what: 'lucky idle again', timeoutMs: 30_000});
		// The resumed conversation shows the turn from before the lost login.
		const screen = await ctx.services.tmux.capturePane(ctx.sessionOf('lucky'), {history: 200});
		expect(screen).toContain('remember the blue gate');
	});

	it('leaves an agent that picked the new login up by itself', async () => {
		await loseLogin('healer');
		const startedBefore = events('agent.started', 'healer').length;
		signIn();
		// Back at work before the settle time ran out: no restart.
		await sendPrompt(ctx, 'healer', 'echo still here', {wait: true, timeoutMs: 30_000});
		await new Promise((resolve) => setTimeout(resolve, 1200));
		expect(events('agent.recovery_attempted', 'healer')).toEqual([]);
		expect(events('agent.started', 'healer')).toHaveLength(startedBefore);
	});

	it('with auth_strategy = "off" a logged-out agent is left for a person', async () => {
		ctx.services.global.resilience.auth_strategy = 'off';
		await loseLogin('manual');
		signIn();
		await new Promise((resolve) => setTimeout(resolve, 1500));
		expect(events('agent.recovery_attempted', 'manual')).toEqual([]);
		expect(stateOf('manual')).toBe('auth_failed');
	});
});
