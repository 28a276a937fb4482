import {afterAll, beforeAll, describe, it} from 'vitest';
import type {WorkspaceContext} from '../../src/core/agents/context.js';
import {repoRoot} from '../helpers/tt.js';
import {setupTimeoutMs, type E2eWorld} from './harness.js';
import {mcpRoundTrip, startWithHelper} from './mcp-scenario.js';
import {profiles} from './profiles.js';
import {usePrivateTemp} from './world.js';

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
const privateTemp = usePrivateTemp(repoRoot);
// After every world of this file has removed its own folder (their afterAll hooks run first).
afterAll(() => privateTemp.release());

describe('Gemini CLI (real CLI) talks to another agent through tt mcp', () => {
	let e2e: E2eWorld;
	let ctx: WorkspaceContext;

	/** What each tool call gave back to the model (Gemini's functionResponse parts), in order: the last request carries the whole turn. */
	const toolOutputs = (): string[] =>
		((e2e.mock.requests.filter((entry) => entry.client === 'gemini' && entry.role === 'main').at(-1)?.body as {contents?: Content[]} | undefined)?.contents ?? []).flatMap((content) =>
			(content.parts ?? []).filter((part) => part.functionResponse !== undefined).map((part) => JSON.stringify(part.functionResponse?.response)),
		);

	beforeAll(async () => {
		({e2e, ctx} = await startWithHelper(profiles.geminiCli, {name: 'e2e-mcp-gemini'}));
	}, setupTimeoutMs);

	afterAll(async () => {
		await e2e?.cleanup();
	});

	it('list_agents, send_message to the demo agent, wait_for it idle: delivered once, from the true sender', async () => {
		await mcpRoundTrip(e2e, ctx, {agent, client: 'gemini', toolOutputs, text});
	});
});
