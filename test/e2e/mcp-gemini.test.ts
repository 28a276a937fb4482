import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {WorkspaceContext} from '../../src/core/agents/context.js';
import {repoRoot} from '../helpers/tt.js';
import {makeE2eWorld, requireClis, setupTimeoutMs, type E2eWorld} from './harness.js';
import {helper, mcpRoundTrip} from './mcp-scenario.js';

/**
 * Done means, on Gemini CLI: given tutti's MCP server at launch through its system-defaults
 * settings file (`GEMINI_CLI_SYSTEM_DEFAULTS_PATH`, the layer under the user's own settings), it
 * calls list_agents, send_message and wait_for as the model asks, and the demo agent gets the
 * message once, labelled with the true sender.
 */
const agent = 'gemini';
const text = 'the fixtures moved to test/fixtures/v2';

type Content = {role?: string; parts?: Array<{functionResponse?: {name?: string; response?: unknown}}>};

// Gemini CLI skips a settings file under any folder others may write, as /tmp is: this test's
// world lives under the repository's .cache instead (os.tmpdir() reads TMPDIR when called).
const privateTmp = path.join(repoRoot, '.cache', 'e2e-private');
mkdirSync(privateTmp, {recursive: true, mode: 0o700});
process.env['TMPDIR'] = privateTmp;

describe('Gemini CLI (real CLI) talks to another agent through tt mcp', () => {
	let e2e: E2eWorld;
	let ctx: WorkspaceContext;
	let root = '';

	/** What each tool call gave back to the model (Gemini's functionResponse parts), in order: the last request carries the whole turn. */
	const toolOutputs = (): string[] =>
		((e2e.mock.requests.filter((entry) => entry.client === 'gemini' && entry.role === 'main').at(-1)?.body as {contents?: Content[]} | undefined)?.contents ?? []).flatMap((content) =>
			(content.parts ?? []).filter((part) => part.functionResponse !== undefined).map((part) => JSON.stringify(part.functionResponse?.response)),
		);

	beforeAll(async () => {
		const {binDir} = requireClis({runtimes: ['gemini-cli']});
		e2e = makeE2eWorld('e2e-mcp-gemini', binDir, {keepBodies: true});
		const url = await e2e.mock.start();
		const toml = [
			'[workspace]',
			'name = "e2e-mcp-gemini"',
			'[launch]',
			'mode = "unattended"',
			'policy = "bypass"',
			'[[agent]]',
			`name = "${agent}"`,
			'runtime = "gemini-cli"',
			'[agent.env]',
			`GOOGLE_GEMINI_BASE_URL = "${url}"`,
			'GEMINI_API_KEY = "tutti-e2e-mock-gemini-key"',
			'[[agent]]',
			`name = "${helper}"`,
			'runtime = "demo"',
			'',
		].join('\n');
		ctx = e2e.workspace(toml);
		root = ctx.root;
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
		const up = await e2e.world.tt(['up'], {cwd: root});
		expect(up.code, `${up.stdout}\n${up.stderr}`).toBe(0);
		await e2e.startObserver(ctx);
	}, setupTimeoutMs);

	afterAll(async () => {
		await e2e?.cleanup();
	});

	it('list_agents, send_message to the demo agent, wait_for it idle: delivered once, from the true sender', async () => {
		await mcpRoundTrip(e2e, ctx, {agent, client: 'gemini', toolOutputs, text});
	});
});
