import {afterAll, beforeAll, describe, it} from 'vitest';
import {repoRoot} from '../helpers/tt.js';
import {setupTimeoutMs} from './harness.js';
import {chatToolOutputs, mcpRoundTrip, startWithHelper} from './mcp-scenario.js';
import {profiles, type CliProfile, type StartedProfile} from './profiles.js';
import {usePrivateTemp} from './world.js';

/**
 * Done means, on the Chat Completions CLIs (Qwen Code, opencode, Copilot CLI): each is given tutti's
 * MCP server at launch, calls list_agents, send_message and wait_for as the model asks, and the demo
 * agent gets the message once, labelled with the true sender.
 */

// Qwen Code, like Gemini CLI, skips a settings file under a folder others may write (as /tmp is).
const privateTemp = usePrivateTemp(repoRoot);
// After every world of this file has removed its own folder (their afterAll hooks run first).
afterAll(() => privateTemp.release());

const cases: Array<[title: string, profile: CliProfile]> = [
	['Qwen Code', profiles.qwenCode],
	['opencode', profiles.opencode],
	['Copilot CLI', profiles.copilot],
];

describe.each(cases)('%s (real CLI) talks to another agent through tt mcp', (_title, profile) => {
	let started: StartedProfile;

	beforeAll(async () => {
		started = await startWithHelper(profile, {name: `e2e-mcp-${profile.id}`});
	}, setupTimeoutMs);

	afterAll(async () => {
		await started?.e2e.cleanup();
	});

	it('list_agents, send_message to the demo agent, wait_for it idle: delivered once, from the true sender', async () => {
		await mcpRoundTrip(started.e2e, started.ctx, {agent: profile.agent, client: profile.client, toolOutputs: () => chatToolOutputs(started.e2e), text: 'the parser tests are green again'});
	});
});
