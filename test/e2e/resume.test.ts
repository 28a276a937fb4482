import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {WorkspaceContext} from '../../src/core/agents/context.js';
import type {ConversationOutcome} from '../../src/core/agents/conversation.js';
import {readAgentSession} from '../../src/core/store/sessions.js';
import type {ClientKind} from '../mock-model/server.js';
import {waitFor} from '../helpers/tt.js';
import {killProcessesWithEnv, makeE2eWorld, requireClis, setupTimeoutMs, type E2eWorld} from './harness.js';

/**
 * Issue #13 with the real CLIs: an agent told a code word, then `tmux kill-server`, then `tt up`:
 * the CLI comes back in the same conversation, so the next request the mock model receives
 * carries the earlier turn.
 */
const claudeKey = 'sk-ant-api03-tutti-e2e-mock-key-0123456789abcdefghij';

type Up = {agent: string; outcome: string; conversation: ConversationOutcome | null};

describe('tt up after a crash resumes the conversation of Claude Code, Codex and Gemini CLI (real CLIs)', () => {
	let e2e: E2eWorld;
	let ctx: WorkspaceContext;
	let root = '';
	let codexHome = '';
	let first = new Map<string, Up>();

	const up = async (): Promise<Map<string, Up>> => {
		const result = await e2e.world.tt(['up', '--json'], {cwd: root});
		expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
		return new Map((JSON.parse(result.stdout) as Up[]).map((entry) => [entry.agent, entry]));
	};
	const send = async (agent: string, text: string) => {
		const result = await e2e.world.tt(['send', agent, text], {cwd: root});
		expect(result.code, result.stderr).toBe(0);
	};
	/**
	 * Sends a prompt and waits for the main request that carries it (in its body: Gemini's logged
	 * prompt is its session context) and for the end of the turn.
	 */
	const turn = async (agent: string, client: ClientKind, text: string) => {
		const from = e2e.seen.length;
		await send(agent, text);
		const request = await waitFor(() => e2e.mock.mainTurns(client).find((entry) => JSON.stringify(entry.body ?? entry.prompt ?? '').includes(text)), {timeoutMs: 60_000, what: `${agent}'s request with "${text}"`}).catch((error: unknown) => {
			// What the mock saw and what the pane shows now, at the timeout.
			const seen = e2e.mock.requests.filter((entry) => entry.client === client).map((entry) => [entry.role, entry.status, entry.prompt]);
			throw new Error(`${String(error)}\nrequests: ${JSON.stringify(seen)}\n${e2e.tmux(['capture-pane', '-p', '-t', `=${ctx.sessionOf(agent)}:`])}`);
		});
		await e2e.untilAfter(agent, from, 'idle', 60_000);
		return JSON.stringify(request.body);
	};

	const readAgentSessionOf = (agent: string) => readAgentSession(ctx.store, agent)?.session_id ?? undefined;

	beforeAll(async () => {
		const {binDir} = requireClis();
		e2e = makeE2eWorld('e2e-resume', binDir, {keepBodies: true});
		const url = await e2e.mock.start();
		codexHome = path.join(e2e.home, '.codex');
		ctx = e2e.workspace(
			[
				'[workspace]',
				'name = "e2e-resume"',
				'[launch]',
				'mode = "safe"',
				'[defaults]',
				'worktree = true',
				'[[agent]]',
				'name = "claude"',
				'runtime = "claude-code"',
				'[agent.env]',
				`ANTHROPIC_BASE_URL = "${url}"`,
				`ANTHROPIC_API_KEY = "${claudeKey}"`,
				'CLAUDE_CODE_MAX_RETRIES = "1"',
				'DISABLE_TELEMETRY = "1"',
				'DISABLE_AUTOUPDATER = "1"',
				'DISABLE_ERROR_REPORTING = "1"',
				'CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC = "1"',
				'IS_SANDBOX = "1"',
				'[[agent]]',
				'name = "codex"',
				'runtime = "codex"',
				'args = ["--no-daemon"]',
				'[agent.env]',
				`CODEX_HOME = "${codexHome}"`,
				'TUTTI_MOCK_OPENAI_KEY = "sk-tutti-e2e-mock"',
				'[[agent]]',
				'name = "gemini"',
				'runtime = "gemini-cli"',
				'[agent.env]',
				`GOOGLE_GEMINI_BASE_URL = "${url}"`,
				'GEMINI_API_KEY = "tutti-e2e-mock-gemini-key"',
				'',
			].join('\n'),
		);
		root = ctx.root;
		const worktree = (agent: string) => path.join(root, '.tutti', 'worktrees', agent);
		writeFileSync(
			path.join(e2e.home, '.claude.json'),
			JSON.stringify({
				hasCompletedOnboarding: true,
				lastOnboardingVersion: '2.1.197',
				theme: 'dark',
				bypassPermissionsModeAccepted: true,
				customApiKeyResponses: {approved: [claudeKey.slice(-20)], rejected: []},
				projects: {[worktree('claude')]: {hasTrustDialogAccepted: true, hasCompletedProjectOnboarding: true, allowedTools: []}},
			}),
		);
		mkdirSync(path.join(e2e.home, '.claude'), {recursive: true});
		writeFileSync(path.join(e2e.home, '.claude', 'settings.json'), JSON.stringify({skipDangerousModePermissionPrompt: true}));
		mkdirSync(codexHome, {recursive: true});
		writeFileSync(
			path.join(codexHome, 'config.toml'),
			[
				'model = "tutti-mock-model"',
				'model_provider = "mock"',
				'check_for_update_on_startup = false',
				'approval_policy = "on-request"',
				'',
				'[model_providers.mock]',
				'name = "Tutti mock"',
				`base_url = "${url}/v1"`,
				'env_key = "TUTTI_MOCK_OPENAI_KEY"',
				'wire_api = "responses"',
				'request_max_retries = 0',
				'stream_max_retries = 0',
				'',
				`[projects."${worktree('codex')}"]`,
				'trust_level = "trusted"',
				'',
			].join('\n'),
		);
		mkdirSync(path.join(e2e.home, '.gemini'), {recursive: true});
		writeFileSync(
			path.join(e2e.home, '.gemini', 'settings.json'),
			JSON.stringify({
				security: {auth: {selectedType: 'gemini-api-key'}, folderTrust: {enabled: false}},
				general: {enableAutoUpdate: false, enableAutoUpdateNotification: false, maxAttempts: 1},
				privacy: {usageStatisticsEnabled: false},
				telemetry: {enabled: false},
				ui: {theme: 'Default'},
			}),
		);
		e2e.mock.setMode('all', {kind: 'reply', text: 'Noted.', delayMs: 200});
		first = await up();
		expect(first.get('claude')?.conversation).toMatchObject({kind: 'new', note: null});
		expect(first.get('codex')?.conversation).toMatchObject({kind: 'new', id: null, note: null});
		expect(first.get('gemini')?.conversation).toMatchObject({kind: 'new', note: null});
		await e2e.startObserver(ctx);
		await e2e.until('claude', 'idle', 60_000);
		await e2e.until('codex', 'idle', 60_000);
		await e2e.until('gemini', 'idle', 60_000);
	}, setupTimeoutMs);

	afterAll(async () => {
		await e2e?.observer.stop().catch(() => undefined);
		// Both CLIs were started twice: end every process of this world before its folders go.
		await killProcessesWithEnv(`CODEX_HOME=${codexHome}`);
		if (e2e) await killProcessesWithEnv(`HOME=${e2e.home}`);
		await e2e?.cleanup();
	});

	it('after kill-server, the next request of each CLI carries its earlier turn, and only its own', async () => {
		await turn('claude', 'anthropic', 'Remember the code word PINEAPPLE-42');
		await turn('codex', 'openai', 'Remember the code word MANGO-7');
		await turn('gemini', 'gemini', 'Remember the code word KIWI-3');
		// The recorder wrote Codex's thread id down at its first turn.
		await waitFor(() => ctx.store.lastEvents(50, 'codex').some((event) => event.event === 'agent.session_recorded'), {what: "Codex's thread id recorded"});

		// Claude's /clear begins another session (announced by its SessionStart hook): that one is resumed.
		const claudeFirst = first.get('claude')?.conversation?.id;
		await send('claude', '/clear');
		await waitFor(
			() => {
				const id = readAgentSessionOf('claude');
				return id !== undefined && id !== claudeFirst;
			},
			{timeoutMs: 30_000, what: 'the session Claude began on /clear'},
		);
		await turn('claude', 'anthropic', 'Remember the code word LEMON-5');

		await e2e.observer.stop();
		e2e.tmux(['kill-server']);
		const again = await up();
		expect(again.get('claude')?.conversation).toMatchObject({kind: 'resumed', id: readAgentSessionOf('claude'), note: null});
		expect(again.get('claude')?.conversation?.id).not.toBe(claudeFirst);
		expect(again.get('codex')?.conversation).toMatchObject({kind: 'resumed', note: null});
		expect(again.get('gemini')?.conversation).toMatchObject({kind: 'resumed', id: first.get('gemini')?.conversation?.id, note: null});
		await e2e.startObserver(ctx);
		await e2e.until('claude', 'idle', 60_000);
		await e2e.until('codex', 'idle', 60_000);
		await e2e.until('gemini', 'idle', 60_000);

		const claudeBody = await turn('claude', 'anthropic', 'What was the code word?');
		expect(claudeBody).toContain('LEMON-5');
		expect(claudeBody).not.toContain('PINEAPPLE-42');
		expect(claudeBody).not.toContain('MANGO-7');
		const codexBody = await turn('codex', 'openai', 'Which code word did I give you?');
		expect(codexBody).toContain('MANGO-7');
		expect(codexBody).not.toContain('PINEAPPLE-42');
		const geminiBody = await turn('gemini', 'gemini', 'Say the code word back');
		expect(geminiBody).toContain('KIWI-3');
		expect(geminiBody).not.toContain('MANGO-7');
	});
});
