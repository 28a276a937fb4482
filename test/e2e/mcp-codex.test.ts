import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {WorkspaceContext} from '../../src/core/agents/context.js';
import {killProcessesWithEnv, makeE2eWorld, requireClis, setupTimeoutMs, type E2eWorld} from './harness.js';
import {helper, mcpRoundTrip} from './mcp-scenario.js';

/**
 * Done means, on Codex: given tutti's MCP server at launch with `-c mcp_servers.tutti.…` overrides
 * (the secret passed through by name, env_vars), it calls list_agents, send_message and wait_for
 * as the model asks, and the demo agent gets the message once, labelled with the true sender.
 */
const agent = 'codex';
const text = 'the migration is merged; rebase before you go on';

type Item = {type?: string; output?: unknown};

describe('Codex (real CLI) talks to another agent through tt mcp', () => {
	let e2e: E2eWorld;
	let ctx: WorkspaceContext;
	let root = '';
	let codexHome = '';

	/** What each tool call gave back to the model (Codex's function_call_output items), in order: the last request carries the whole turn. */
	const toolOutputs = (): string[] => {
		const last = e2e.mock.requests.filter((entry) => entry.client === 'openai' && entry.role === 'main').at(-1);
		return ((last?.body as {input?: Item[]} | undefined)?.input ?? []).filter((item) => item.type === 'function_call_output').map((item) => (typeof item.output === 'string' ? item.output : JSON.stringify(item.output)));
	};

	beforeAll(async () => {
		const {binDir} = requireClis({runtimes: ['codex']});
		e2e = makeE2eWorld('e2e-mcp-codex', binDir, {keepBodies: true});
		const url = await e2e.mock.start();
		codexHome = path.join(e2e.home, '.codex');
		const toml = [
			'[workspace]',
			'name = "e2e-mcp-codex"',
			'[launch]',
			'mode = "unattended"',
			'policy = "bypass"',
			'[[agent]]',
			`name = "${agent}"`,
			'runtime = "codex"',
			'args = ["--no-daemon"]',
			'[agent.env]',
			`CODEX_HOME = "${codexHome}"`,
			'TUTTI_MOCK_OPENAI_KEY = "sk-tutti-e2e-mock"',
			'[[agent]]',
			`name = "${helper}"`,
			'runtime = "demo"',
			'',
		].join('\n');
		ctx = e2e.workspace(toml);
		root = ctx.root;
		mkdirSync(codexHome, {recursive: true});
		writeFileSync(
			path.join(codexHome, 'config.toml'),
			[
				'model = "tutti-mock-model"',
				'model_provider = "mock"',
				'check_for_update_on_startup = false',
				'',
				'[model_providers.mock]',
				'name = "Tutti mock"',
				`base_url = "${url}/v1"`,
				'env_key = "TUTTI_MOCK_OPENAI_KEY"',
				'wire_api = "responses"',
				'request_max_retries = 0',
				'stream_max_retries = 0',
				'',
				`[projects."${root}"]`,
				'trust_level = "trusted"',
				'',
			].join('\n'),
		);
		const up = await e2e.world.tt(['up'], {cwd: root});
		expect(up.code, `${up.stdout}\n${up.stderr}`).toBe(0);
		await e2e.startObserver(ctx);
	}, setupTimeoutMs);

	afterAll(async () => {
		await killProcessesWithEnv(`CODEX_HOME=${codexHome}`);
		await e2e?.cleanup();
	});

	it('list_agents, send_message to the demo agent, wait_for it idle: delivered once, from the true sender', async () => {
		await mcpRoundTrip(e2e, ctx, {agent, client: 'openai', toolOutputs, text});
	});
});
