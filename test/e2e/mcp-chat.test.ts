import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {WorkspaceContext} from '../../src/core/agents/context.js';
import {repoRoot} from '../helpers/tt.js';
import {makeE2eWorld, requireClis, setupTimeoutMs, type E2eWorld} from './harness.js';
import {chatToolOutputs, helper, mcpRoundTrip} from './mcp-scenario.js';

/**
 * Done means, on the CLIs that speak Chat Completions to the mock model: Qwen Code (given tutti's
 * MCP server through its system-defaults settings file), opencode (an `OPENCODE_CONFIG` file) and
 * Copilot CLI (`--additional-mcp-config @<file>`) call list_agents, send_message and wait_for,
 * and the demo agent gets the message once.
 */

// Qwen Code, like Gemini CLI, skips a settings file under a folder others may write (as /tmp is).
const privateTmp = path.join(repoRoot, '.cache', 'e2e-private');
mkdirSync(privateTmp, {recursive: true, mode: 0o700});
process.env['TMPDIR'] = privateTmp;

async function up(e2e: E2eWorld, ctx: WorkspaceContext): Promise<void> {
	const result = await e2e.world.tt(['up'], {cwd: ctx.root});
	expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
	await e2e.startObserver(ctx);
}

const workspaceToml = (name: string, agent: string, runtime: string, env: readonly string[]) =>
	['[workspace]', `name = "${name}"`, '[launch]', 'mode = "unattended"', 'policy = "bypass"', '[[agent]]', `name = "${agent}"`, `runtime = "${runtime}"`, '[agent.env]', ...env, '[[agent]]', `name = "${helper}"`, 'runtime = "demo"', ''].join('\n');

describe('Qwen Code (real CLI) talks to another agent through tt mcp', () => {
	let e2e: E2eWorld;
	let ctx: WorkspaceContext;

	beforeAll(async () => {
		const {binDir} = requireClis({runtimes: ['qwen-code']});
		e2e = makeE2eWorld('e2e-mcp-qwen', binDir, {keepBodies: true});
		const url = await e2e.mock.start();
		ctx = e2e.workspace(workspaceToml('e2e-mcp-qwen', 'qwen', 'qwen-code', [`OPENAI_BASE_URL = "${url}/v1"`, 'OPENAI_API_KEY = "sk-tutti-e2e-mock-qwen"', 'OPENAI_MODEL = "tutti-mock-model"']));
		mkdirSync(path.join(e2e.home, '.qwen'), {recursive: true});
		writeFileSync(
			path.join(e2e.home, '.qwen', 'settings.json'),
			JSON.stringify({
				security: {auth: {selectedType: 'openai'}, folderTrust: {enabled: false}},
				general: {disableAutoUpdate: true, disableUpdateNag: true, enableAutoUpdate: false},
				privacy: {usageStatisticsEnabled: false},
				telemetry: {enabled: false},
				ui: {theme: 'Default'},
				model: {generationConfig: {maxRetries: 0}},
				memory: {enableManagedAutoMemory: false},
			}),
		);
		await up(e2e, ctx);
	}, setupTimeoutMs);

	afterAll(async () => {
		await e2e?.cleanup();
	});

	it('list_agents, send_message to the demo agent, wait_for it idle: delivered once, from the true sender', async () => {
		await mcpRoundTrip(e2e, ctx, {agent: 'qwen', client: 'chat', toolOutputs: () => chatToolOutputs(e2e), text: 'the parser tests are green again'});
	});
});

describe('opencode (real CLI) talks to another agent through tt mcp', () => {
	let e2e: E2eWorld;
	let ctx: WorkspaceContext;

	beforeAll(async () => {
		const {binDir} = requireClis({runtimes: ['opencode']});
		e2e = makeE2eWorld('e2e-mcp-opencode', binDir, {keepBodies: true});
		const url = await e2e.mock.start();
		const env = ['TUTTI_MOCK_OPENAI_KEY = "sk-tutti-e2e-mock-opencode"', 'OPENCODE_DISABLE_MODELS_FETCH = "1"', 'OPENCODE_DISABLE_AUTOUPDATE = "1"', 'OPENCODE_DISABLE_SHARE = "1"', 'OPENCODE_DISABLE_LSP_DOWNLOAD = "1"', 'OPENCODE_DISABLE_CLAUDE_CODE = "1"'];
		ctx = e2e.workspace(workspaceToml('e2e-mcp-opencode', 'opencode', 'opencode', env));
		mkdirSync(path.join(e2e.home, '.config', 'opencode'), {recursive: true});
		writeFileSync(
			path.join(e2e.home, '.config', 'opencode', 'opencode.json'),
			JSON.stringify({
				$schema: 'https://opencode.ai/config.json',
				provider: {mock: {npm: '@ai-sdk/openai-compatible', name: 'Mock', options: {baseURL: `${url}/v1`, apiKey: '{env:TUTTI_MOCK_OPENAI_KEY}'}, models: {'tutti-mock-model': {name: 'Mock model'}}}},
				model: 'mock/tutti-mock-model',
				small_model: 'mock/tutti-mock-model',
				autoupdate: false,
				share: 'disabled',
			}),
		);
		await up(e2e, ctx);
	}, setupTimeoutMs);

	afterAll(async () => {
		await e2e?.cleanup();
	});

	it('list_agents, send_message to the demo agent, wait_for it idle: delivered once, from the true sender', async () => {
		await mcpRoundTrip(e2e, ctx, {agent: 'opencode', client: 'chat', toolOutputs: () => chatToolOutputs(e2e), text: 'the parser tests are green again'});
	});
});

describe('Copilot CLI (real CLI) talks to another agent through tt mcp', () => {
	let e2e: E2eWorld;
	let ctx: WorkspaceContext;

	beforeAll(async () => {
		const {binDir} = requireClis({runtimes: ['copilot']});
		e2e = makeE2eWorld('e2e-mcp-copilot', binDir, {keepBodies: true});
		const url = await e2e.mock.start();
		const env = [
			`COPILOT_PROVIDER_BASE_URL = "${url}/v1"`,
			'COPILOT_PROVIDER_API_KEY = "sk-tutti-e2e-mock-copilot"',
			'COPILOT_MODEL = "tutti-mock-model"',
			'COPILOT_PROVIDER_MAX_PROMPT_TOKENS = "128000"',
			'COPILOT_PROVIDER_MAX_OUTPUT_TOKENS = "8192"',
			'COPILOT_OFFLINE = "true"',
			'COPILOT_AUTO_UPDATE = "false"',
		];
		ctx = e2e.workspace(workspaceToml('e2e-mcp-copilot', 'copilot', 'copilot', env));
		mkdirSync(path.join(e2e.home, '.copilot'), {recursive: true});
		writeFileSync(path.join(e2e.home, '.copilot', 'config.json'), JSON.stringify({trustedFolders: [ctx.root]}));
		await up(e2e, ctx);
	}, setupTimeoutMs);

	afterAll(async () => {
		await e2e?.cleanup();
	});

	it('list_agents, send_message to the demo agent, wait_for it idle: delivered once, from the true sender', async () => {
		await mcpRoundTrip(e2e, ctx, {agent: 'copilot', client: 'chat', toolOutputs: () => chatToolOutputs(e2e), text: 'the parser tests are green again'});
	});
});
