import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {stopAgents} from '../../../src/core/actions/index.js';
import {readAgentRecord} from '../../../src/core/agents/record.js';
import {sendPrompt, waitUntilReady} from '../../../src/core/agents/send.js';
import {upAgents} from '../../../src/core/agents/up.js';
import {loadGlobalConfig} from '../../../src/core/config/index.js';
import {WorkspaceObserver} from '../../../src/core/state/workspace-observer.js';
import {makeCoreWorld} from '../../helpers/core-world.js';
import {waitFor} from '../../helpers/tt.js';

/**
 * Run-time profile rotation (`rate_limit_strategy = "rotate"`): an agent out of quota on one
 * account moves to the next profile of its provider, taking its conversation along (a handoff
 * packet, since the other account keeps its sessions elsewhere); with no profile left it waits.
 * "Claude Code" is a stand-in `claude` on PATH that runs the demo agent.
 */
describe('rotating to another account profile at run time', () => {
	const core = makeCoreWorld('rotation');
	core.fakeCli('claude');
	const ctx = core.workspace('rot', `[workspace]\nname = "rot"\n[workspace.auth]\ndefault_profile = "work"\n[defaults]\nruntime = "claude-code"\nworktree = false\n[[agent]]\nname = "dev"\n`);
	const configDir = path.join(core.world.env['XDG_CONFIG_HOME']!, 'tutti');
	mkdirSync(configDir, {recursive: true});
	writeFileSync(
		path.join(configDir, 'config.toml'),
		[
			'[resilience]\nrate_limit_strategy = "rotate"\n',
			'[[profile]]\nname = "work"\nprovider = "anthropic"\ncommand = "claude"\npriority = 1\nenv = {CLAUDE_CONFIG_DIR = "~/.claude-work"}\n',
			'[[profile]]\nname = "spare"\nprovider = "anthropic"\ncommand = "claude --spare"\npriority = 2\nenv = {CLAUDE_CONFIG_DIR = "~/.claude-spare"}\n',
		].join('\n'),
	);
	core.services.global = loadGlobalConfig(core.world.env).config;
	const observer = new WorkspaceObserver(ctx, {pollMs: 150, waitRecovery: {resetMarginMs: 300}, profileRotation: {readyTimeoutMs: 30_000}});
	const dev = ctx.config.agent[0]!;
	const events = (name: string) => ctx.store.lastEvents(2000).filter((event) => event.event === name && event.agent === 'dev');
	const newest = (name: string, count: number) => waitFor(() => (events(name).length >= count ? events(name).at(-1) : undefined), {what: `${name} #${count}`, timeoutMs: 60_000});
	afterAll(async () => {
		await observer.stop();
		await stopAgents(ctx, {}).catch(() => undefined);
		core.cleanup();
	});

	it('a rate limit moves the agent to the next profile, and its conversation goes along as a packet', async () => {
		await upAgents(ctx, {});
		await waitUntilReady(ctx, dev, 30_000);
		expect(readAgentRecord(ctx, 'dev')?.profile).toBe('work');
		await observer.start();
		await sendPrompt(ctx, 'dev', 'echo remember the green door', {wait: true, timeoutMs: 30_000});
		await sendPrompt(ctx, 'dev', 'fail ratelimit 3600', {timeoutMs: 30_000});
		const attempt = await newest('agent.recovery_attempted', 1);
		expect(attempt.data).toMatchObject({strategy: 'rotate_profile', trigger: 'rate limited on profile "work"', attempt: 1, from_profile: 'work', to_profile: 'spare'});
		const done = await newest('agent.recovery_succeeded', 1);
		expect(done.data).toMatchObject({strategy: 'rotate_profile', attempt: 1});
		expect(String(done.data?.['conversation'])).toMatch(/^on profile "spare": new conversation, handed the packet dev-.*\.md$/);
		// It runs on the other account now…
		expect(readAgentRecord(ctx, 'dev')?.profile).toBe('spare');
		const pane = await ctx.services.tmux.paneInfo(ctx.sessionOf('dev'));
		expect(readFileSync(`/proc/${pane!.pid}/environ`, 'utf8').split('\0')).toContain(`CLAUDE_CONFIG_DIR=${path.join(core.world.env['HOME']!, '.claude-spare')}`);
		// …and the new session was handed what the old one had done.
		expect(events('handoff.applied').at(-1)?.data).toMatchObject({replaced: false});
		const screen = await ctx.services.tmux.capturePane(ctx.sessionOf('dev'), {history: 400});
		expect(screen).toContain('remember the green door');
		// The limit was not also waited out on the old account.
		expect(events('agent.recovery_attempted').filter((event) => event.data?.['strategy'] === 'wait_for_reset')).toEqual([]);
	});

	it('limited on every profile of the provider, the agent waits the limit out instead', async () => {
		await waitUntilReady(ctx, dev, 30_000);
		await sendPrompt(ctx, 'dev', 'fail ratelimit 1', {timeoutMs: 30_000});
		const attempt = await newest('agent.recovery_attempted', 2);
		// "work" hit its limit minutes ago: no profile is left to move to.
		expect(attempt.data).toMatchObject({strategy: 'wait_for_reset', trigger: 'rate limited: retry after 1s'});
		const done = await newest('agent.recovery_succeeded', 2);
		expect(done.data).toMatchObject({strategy: 'wait_for_reset'});
		expect(readAgentRecord(ctx, 'dev')?.profile).toBe('spare');
	});
});
