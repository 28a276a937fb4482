import {readFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {agentDriver, draftHoldsMessage, approveToolCall, exitStops, httpError, promptTurn, proseTrap, sendWaitOutput, denyToolCall, type AgentDriver} from './cases.js';
import {profiles, startProfile, upProfile} from './profiles.js';
import {quotedBusyLineAnswer, setupTimeoutMs, trapAnswer, type E2eWorld} from './harness.js';

/**
 * GitHub Copilot CLI 1.0.102 (a node loader plus its native binary), installed from npm by
 * scripts/e2e-setup.mjs, launched by `tt up` in tmux with no GitHub account: its
 * bring-your-own-key provider points at the mock model's Chat Completions API and
 * `COPILOT_OFFLINE=true` turns off sign-in, telemetry, web tools and updates.
 */
const agent = 'copilot';
const copilotTrap = trapAnswer.replace('Do you want to proceed?', 'Do you want to run this command? Do you want to proceed?');

describe('Copilot CLI (real CLI) under tutti', () => {
	let e2e: E2eWorld;
	let driver: AgentDriver;
	let root = '';

	beforeAll(async () => {
		const started = await startProfile(profiles.copilot);
		({e2e, root} = started);
		driver = agentDriver(e2e, {root, agent, session: started.session, runtime: 'copilot', client: 'chat', logDir: path.join(e2e.home, '.copilot', 'logs')});
		await upProfile(started);
	}, setupTimeoutMs);

	afterAll(async () => {
		await e2e?.cleanup();
	});

	it('starts at its prompt: idle', async () => {
		await e2e.until(agent, 'idle', 60_000);
		const argv = (JSON.parse(readFileSync(path.join(root, '.tutti', 'state', 'agents', `${agent}.json`), 'utf8')) as {argv: string[]}).argv;
		// A new session under the id tutti chose, to resume after a crash.
		expect(argv.slice(0, 3)).toEqual(['copilot', '--session-id', expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown]);
		// tutti's MCP server, from a file of tutti's (`@` marks a path).
		expect(argv.slice(3)).toEqual(['--additional-mcp-config', expect.stringMatching(/^@\/.*\.json$/) as unknown]);
		await driver.screens('idle', 'startup');
	});

	it('idle → working → idle on a prompt', () => promptTurn(driver));

	it('tt send --wait --output --json returns the mock reply', () => sendWaitOutput(driver));

	it("a person's half-typed input holds a message; once the box is empty it is delivered, labelled, exactly once", () => draftHoldsMessage(driver));

	it('a shell command brings up "Do you want to run this command?": needs_input; tt approve runs it', () => approveToolCall(driver, 'run-command'));

	it('tt deny declines the dialog: the command does not run and the agent is ready again', () => denyToolCall(e2e, {root, agent, client: 'chat'}));

	it.each([
		[401, 'auth_failed', 'api-401', 'old-error-above-answer-401'],
		[429, 'rate_limited', 'api-429', 'old-error-above-answer-429'],
		[503, 'provider_down', 'api-503', undefined],
		[529, 'provider_down', 'api-529', undefined],
	] as const)('HTTP %i from the model is %s', (status, state, scenario, oldErrorScenario) => httpError(driver, {status, state, scenario, oldErrorScenario, timeoutMs: 60_000}));

	it('an answer quoting "rate limit", "401 Unauthorized" and the run-command question stays idle', () => proseTrap(driver, copilotTrap, 'answer-mentions-rate-limit'));

	it('an answer quoting the busy line stays idle', () => proseTrap(driver, quotedBusyLineAnswer('◉ Working (Esc to cancel · 12s)'), 'quoted-busy-line'));

	it('/exit stops the CLI: stopped', () => exitStops(driver, '/exit'));
});
