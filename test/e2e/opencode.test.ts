import {readFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {agentDriver, draftHoldsMessage, approveToolCall, exitStops, httpError, promptTurn, proseTrap, sendWaitOutput, denyToolCall, type AgentDriver} from './cases.js';
import {profiles, startProfile, upProfile} from './profiles.js';
import {startingGraceMs} from '../../src/core/state/detect.js';
import {quotedBusyLineAnswer, setupTimeoutMs, trapAnswer, type E2eWorld} from './harness.js';

/**
 * opencode 1.18, installed from npm (`opencode-ai`) by scripts/e2e-setup.mjs, launched by
 * `tt up` in tmux against the mock model's Chat Completions API through a provider of its own
 * (`@ai-sdk/openai-compatible`) in `~/.config/opencode/opencode.json`.
 */
const agent = 'opencode';
const opencodeTrap = trapAnswer.replace('Do you want to proceed?', '△ Permission required Do you want to proceed?').replace('❯ 1. Yes', 'Allow once   Allow always   Reject');

describe('opencode (real CLI) under tutti', () => {
	let e2e: E2eWorld;
	let driver: AgentDriver;
	let root = '';
	let session = '';

	beforeAll(async () => {
		const started = await startProfile(profiles.opencode);
		({e2e, root, session} = started);
		driver = agentDriver(e2e, {root, agent, session, runtime: 'opencode', client: 'chat'});
		await upProfile(started);
	}, setupTimeoutMs);

	afterAll(async () => {
		await e2e?.cleanup();
	});

	it('starts at its prompt: idle', async () => {
		await e2e.until(agent, 'idle', 60_000);
		const argv = (JSON.parse(readFileSync(path.join(root, '.tutti', 'state', 'agents', `${agent}.json`), 'utf8')) as {argv: string[]}).argv;
		expect(argv).toEqual(['opencode']);
		await driver.screens('idle', 'startup');
	});

	// The first prompt takes opencode from its home screen to the session view, which is blank for
	// about half a second: the observer holds idle over that frame (no `unknown` in between), so the
	// first turn is checked state by state.
	it('idle → working → idle on the first prompt (its view switch reads as nothing else)', async () => {
		// Within its first 15 s a pane no rule matches reads "starting" (launched moments ago), so the
		// blank view switch of a prompt typed that early shows as starting for a moment: known, noted,
		// not this case's subject. The prompt goes in once the launch is behind it.
		const created = Number(e2e.tmux(['display-message', '-p', '-t', session, '#{session_created}']).trim()) * 1000;
		const wait = created + startingGraceMs + 500 - Date.now();
		if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
		await promptTurn(driver);
	});

	it('tt send --wait --output --json returns the mock reply', () => sendWaitOutput(driver));

	it("a person's half-typed input holds a message; once the box is empty it is delivered, labelled, exactly once", () => draftHoldsMessage(driver));

	it('a shell command brings up "Permission required": needs_input; tt approve runs it', () => approveToolCall(driver, 'permission'));

	it('tt deny rejects the permission: the command does not run and the agent is ready again', () => denyToolCall(e2e, {root, agent, client: 'chat'}));

	// The mock answers errors with `Retry-After: 1`, which opencode honours: it gives up after its
	// five retries in about 5 s.
	it.each([
		[401, 'auth_failed', 'api-401', 'old-error-above-answer-401'],
		[429, 'rate_limited', 'api-429', 'old-error-above-answer-429'],
		[503, 'provider_down', 'api-503', undefined],
		[529, 'provider_down', 'api-529', undefined],
	] as const)('HTTP %i from the model is %s', (status, state, scenario, oldErrorScenario) => httpError(driver, {status, state, scenario, oldErrorScenario, timeoutMs: 60_000}));

	it('an answer quoting "rate limit", "401 Unauthorized" and the permission prompt stays idle', () => proseTrap(driver, opencodeTrap, 'answer-mentions-rate-limit'));

	it('an answer quoting the busy line stays idle', () => proseTrap(driver, quotedBusyLineAnswer('⬝⬝⬝⬝■■■■  esc interrupt'), 'quoted-busy-line'));

	it('/exit stops the CLI: stopped', () => exitStops(driver, '/exit'));
});
