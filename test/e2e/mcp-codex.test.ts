import path from 'node:path';
import {afterAll, beforeAll, describe, it} from 'vitest';
import type {WorkspaceContext} from '../../src/core/agents/context.js';
import {killProcessesWithEnv, setupTimeoutMs, type E2eWorld} from './harness.js';
import {mcpRoundTrip, startWithHelper} from './mcp-scenario.js';
import {profiles} from './profiles.js';

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
	let codexHome = '';

	/** What each tool call gave back to the model (Codex's function_call_output items), in order: the last request carries the whole turn. */
	const toolOutputs = (): string[] => {
		const last = e2e.mock.requests.filter((entry) => entry.client === 'openai' && entry.role === 'main').at(-1);
		return ((last?.body as {input?: Item[]} | undefined)?.input ?? []).filter((item) => item.type === 'function_call_output').map((item) => (typeof item.output === 'string' ? item.output : JSON.stringify(item.output)));
	};

	beforeAll(async () => {
		({e2e, ctx} = await startWithHelper(profiles.codex, {name: 'e2e-mcp-codex'}));
		codexHome = path.join(e2e.home, '.codex');
	}, setupTimeoutMs);

	afterAll(async () => {
		await killProcessesWithEnv(`CODEX_HOME=${codexHome}`);
		await e2e?.cleanup();
	});

	it('list_agents, send_message to the demo agent, wait_for it idle: delivered once, from the true sender', async () => {
		await mcpRoundTrip(e2e, ctx, {agent, client: 'openai', toolOutputs, text});
	});
});
