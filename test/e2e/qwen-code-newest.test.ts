import {afterAll, beforeAll, describe, it} from 'vitest';
import {agentDriver, approveToolCall, exitStops, httpError, promptTurn, type AgentDriver} from './cases.js';
import {profiles, startProfile, upProfile} from './profiles.js';
import {fixtureSizes, recording, setupTimeoutMs, type E2eWorld} from './harness.js';

/**
 * The newest Qwen Code (scripts/e2e-setup.mjs `newestClis`, under Node 24). What changed from
 * 0.15 (qwen-code.test.ts): "Auto mode" is the default and asks an LLM classifier about each tool
 * call, which the mock cannot answer, so every shell command asks (`› 1. Yes, allow once`, no
 * box); a 429 is retried for seconds, not minutes. Kept short: the unit tests score every
 * recorded screen.
 */
const agent = 'qwen';
const sizes = recording ? fixtureSizes : fixtureSizes.slice(0, 1);

describe('Qwen Code (newest, real CLI, Node 24) under tutti', () => {
	let e2e: E2eWorld;
	let driver: AgentDriver;

	beforeAll(async () => {
		const started = await startProfile(profiles.qwenCodeNewest);
		({e2e} = started);
		driver = agentDriver(e2e, {root: started.root, agent, session: started.session, runtime: 'qwen-code', client: 'chat', version: started.version});
		await upProfile(started);
	}, setupTimeoutMs);

	afterAll(async () => {
		await e2e?.cleanup();
	});

	it('starts at its input box in auto mode: idle', async () => {
		await e2e.until(agent, 'idle', 60_000);
		await driver.screens('idle', 'startup', sizes);
	});

	it('idle → working → idle on a prompt', () => promptTurn(driver, {delayMs: recording ? 12_000 : 5000, sizes}));

	it('auto mode cannot classify the command and asks: needs_input; tt approve runs it', () => approveToolCall(driver, 'shell-confirm'));

	it('HTTP 401 from the model is auth_failed; a later answer is idle under the old error', () =>
		httpError(driver, {status: 401, state: 'auth_failed', scenario: 'api-401', oldErrorScenario: 'old-error-above-answer', sizes}));

	it('HTTP 429 is rate_limited once Qwen Code stops retrying (seconds in 0.24)', () => httpError(driver, {status: 429, state: 'rate_limited', scenario: 'api-429', timeoutMs: 60_000, sizes}));

	it('/quit stops the CLI: stopped', () => exitStops(driver, '/quit'));
});
