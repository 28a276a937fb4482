import {chmodSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {stopAgents} from '../../../src/core/actions/index.js';
import {waitUntilReady} from '../../../src/core/agents/send.js';
import {readAgentRecord} from '../../../src/core/agents/record.js';
import {upAgents} from '../../../src/core/agents/up.js';
import {loadGlobalConfig} from '../../../src/core/config/index.js';
import {claudeAssistant, writeLines} from '../../fixtures/usage/logs.js';
import {makeCoreWorld} from '../../helpers/core-world.js';

/**
 * Account profiles at launch: a workspace's default profile gives its Claude agents their command
 * and account (CLAUDE_CONFIG_DIR); `max_concurrent` counts agents of every registered workspace;
 * with rotation on, a full profile sends the launch to the next one of the same provider. "Claude
 * Code" here is a stand-in `claude` on PATH that runs the demo agent.
 */
describe('account profiles', () => {
	const core = makeCoreWorld('profiles');
	const bin = core.fakeCli('claude');
	const team = (name: string) => `[workspace]\nname = "${name}"\n[workspace.auth]\ndefault_profile = "work"\n[defaults]\nruntime = "claude-code"\nworktree = false\n[[agent]]\nname = "dev"\n`;
	const alpha = core.workspace('alpha', team('alpha'));
	const beta = core.workspace('beta', team('beta'));
	const configDir = path.join(core.world.env['XDG_CONFIG_HOME']!, 'tutti');
	mkdirSync(configDir, {recursive: true});
	writeFileSync(
		path.join(configDir, 'config.toml'),
		[
			'[[profile]]\nname = "work"\nprovider = "anthropic"\ncommand = "claude"\nmax_concurrent = 1\npriority = 1\nenv = {CLAUDE_CONFIG_DIR = "~/.claude-work"}\n',
			'[[profile]]\nname = "spare"\nprovider = "anthropic"\ncommand = "claude --spare"\nmax_concurrent = 1\npriority = 2\nenv = {CLAUDE_CONFIG_DIR = "~/.claude-spare"}\n',
			`[[registered_workspace]]\nname = "alpha"\npath = "${alpha.root}"\n`,
			`[[registered_workspace]]\nname = "beta"\npath = "${beta.root}"\n`,
		].join('\n'),
	);
	core.services.global = loadGlobalConfig(core.world.env).config;
	const home = core.world.env['HOME']!;
	const environOf = async (ctx: typeof alpha) => {
		const pane = await ctx.services.tmux.paneInfo(ctx.sessionOf('dev'));
		return readFileSync(`/proc/${pane!.pid}/environ`, 'utf8').split('\0');
	};
	afterAll(async () => {
		for (const ctx of [alpha, beta]) await stopAgents(ctx, {}).catch(() => undefined);
		core.cleanup();
	});

	it('an agent starts on its workspace\'s default profile: its command and its account', async () => {
		const [result] = await upAgents(alpha, {});
		expect(result?.error).toBeUndefined();
		expect(result?.outcome).toBe('started');
		await waitUntilReady(alpha, alpha.config.agent[0]!, 30_000);
		expect(result!.argv.slice(0, 3)).toEqual(['sh', '-c', 'claude "$@"']);
		expect(await environOf(alpha)).toContain(`CLAUDE_CONFIG_DIR=${path.join(home, '.claude-work')}`);
		const started = alpha.store.lastEvents(20).find((event) => event.event === 'agent.started');
		expect(started?.data).toMatchObject({profile: 'work'});
	});

	it('max_concurrent counts every registered workspace: a second agent on a full profile is refused, nothing started', async () => {
		const [result] = await upAgents(beta, {});
		expect(result?.outcome).toBe('failed');
		expect(result?.error).toMatchObject({code: 'ERR_LIMIT', message: 'cannot start dev: profile "work" allows 1 at once and runs alpha/dev'});
		expect(result?.error?.hint).toContain('raise max_concurrent');
		expect(await beta.services.tmux.paneInfo(beta.sessionOf('dev'))).toBeUndefined();
	});

	it('with rotation on, the launch goes to the next profile of the provider, and says so', async () => {
		core.services.global.resilience.rate_limit_strategy = 'rotate';
		const [result] = await upAgents(beta, {});
		expect(result?.error).toBeUndefined();
		expect(result?.outcome).toBe('started');
		expect(result!.warnings).toContain('profile "work" allows 1 at once and runs alpha/dev: started on profile "spare" instead');
		expect(result!.argv.slice(0, 3)).toEqual(['sh', '-c', 'claude --spare "$@"']);
		await waitUntilReady(beta, beta.config.agent[0]!, 30_000);
		expect(await environOf(beta)).toContain(`CLAUDE_CONFIG_DIR=${path.join(home, '.claude-spare')}`);
	});

	it('tt profiles lists each profile, its account, who runs on it, and its account\'s usage windows', async () => {
		// A reply on the "work" account ten minutes ago (another project: a plan meters the whole account).
		const reply = claudeAssistant({cwd: '/elsewhere', sessionId: 's1', model: 'claude-sonnet-4-5', timestamp: new Date(Date.now() - 600_000).toISOString(), usage: {input: 100, output: 2000, cacheRead: 5000}, messageId: 'm1', requestId: 'r1'});
		writeLines(path.join(home, '.claude-work', 'projects', '-elsewhere', 's1.jsonl'), [reply]);
		const result = await core.world.tt(['profiles', '--json'], {cwd: alpha.root, env: {PATH: core.services.env['PATH']!}});
		expect(result.code, result.stderr).toBe(0);
		const listed = JSON.parse(result.stdout) as {rotation: boolean; profiles: Array<Record<string, unknown>>};
		expect(listed.profiles).toEqual([
			expect.objectContaining({name: 'work', provider: 'anthropic', command: 'claude', account: {CLAUDE_CONFIG_DIR: '~/.claude-work'}, max_concurrent: 1, running: 1, agents: [{agent: 'alpha/dev', running: true}]}),
			// beta's agent runs on the profile it was launched on, not on its workspace's default.
			expect.objectContaining({name: 'spare', running: 1, agents: [{agent: 'beta/dev', running: true}]}),
		]);
		const usage = (name: string) => listed.profiles.find((entry) => entry['name'] === name)!['usage'] as {block: {active: boolean; tokens: {total_tokens: number}}; week: {tokens: {total_tokens: number}; reset_day: string}};
		expect(usage('work').block).toMatchObject({active: true, tokens: {total_tokens: 7100}});
		expect(usage('work').week).toMatchObject({reset_day: 'monday', tokens: {total_tokens: 7100}});
		expect(usage('spare').block).toMatchObject({active: false, tokens: {total_tokens: 0}});
		const human = await core.world.tt(['profiles'], {cwd: alpha.root});
		expect(human.stdout).toMatch(/work\s+anthropic\s+claude\s+CLAUDE_CONFIG_DIR=~\/\.claude-work\s+1\/1/);
		expect(human.stdout).toMatch(/work .*5h 7\.1k ↻\d+h\d\dm · wk 0\.0h ↻/);
	});

	it('with rotation on, a launch whose account fails at once, or whose command is missing, goes on to the next profile', async () => {
		// An account whose login expired: its CLI prints Claude Code's error and waits.
		writeFileSync(path.join(bin, 'claude-expired'), "#!/bin/sh\nprintf '  ⎿  API Error: 401 {\"type\":\"error\",\"error\":{\"type\":\"authentication_error\"}} · Please run /login\\n'\nexec sleep 600\n");
		chmodSync(path.join(bin, 'claude-expired'), 0o755);
		const gamma = core.workspace('gamma', `[workspace]\nname = "gamma"\n[workspace.auth]\ndefault_profile = "expired"\n[defaults]\nruntime = "claude-code"\nworktree = false\n[[agent]]\nname = "dev"\n`);
		core.services.global.profile.push(
			{name: 'expired', provider: 'team', command: 'claude-expired', priority: 1, reset_day: 'monday'},
			{name: 'gone', provider: 'team', command: 'claude-uninstalled', priority: 0, reset_day: 'monday'},
			{name: 'fresh', provider: 'team', command: 'claude', priority: 2, reset_day: 'monday'},
		);
		const [result] = await upAgents(gamma, {});
		expect(result?.error).toBeUndefined();
		expect(result).toMatchObject({outcome: 'started', profile: 'fresh'});
		expect(result!.warnings[0]).toBe('launch failed on profile "expired" (auth failed); trying the next profile');
		// A profile whose command is not installed is passed over too.
		expect(result!.warnings[1]).toMatch(/^launch failed on profile "gone" \(claude-uninstalled \(the command of profile "gone", which dev runs on\) is not installed or not on PATH\); trying the next profile$/);
		await waitUntilReady(gamma, gamma.config.agent[0]!, 30_000);
		expect(readAgentRecord(gamma, 'dev')?.profile).toBe('fresh');
		await stopAgents(gamma, {});
	});
});
