import {existsSync, readdirSync, rmSync} from 'node:fs';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {waitFor} from '../helpers/tt.js';
import {agentDriver, draftHoldsMessage, exitStops, sendWaitOutput, type AgentDriver} from './cases.js';
import {profiles, startProfile, upProfile} from './profiles.js';
import {fixtureSizes, recording, setupTimeoutMs, type E2eWorld} from './harness.js';

/**
 * OpenClaw (`openclaw chat`: its TUI on the local embedded agent, no Gateway), installed under
 * Node 24 (it needs >= 24.16), against the mock's Chat Completions API through a custom provider
 * in ~/.openclaw/openclaw.json. It has no approval dialog in local mode. Not covered: a final 429
 * or 5xx — it retries a rate limit nine times, waiting as long as the error text says (20 s from
 * the mock), and a 5xx for about 20 s; and after a 401 it cools the key down for about a minute,
 * so the 401 case comes last.
 */
const agent = 'claw';
const sizes = recording ? fixtureSizes : fixtureSizes.slice(0, 1);
// Its first turn indexes the workspace before the request: slow on a busy machine.
const firstTurnMs = 90_000;

/**
 * OpenClaw ignores TMPDIR for two things: its default log folder (/tmp/openclaw) and its SQLite
 * lock files (/tmp/openclaw-state-locks-<uid>). Remembers what was there before the suite, so
 * cleanup removes only what this run added (another OpenClaw on the machine keeps its own).
 */
function hardCodedTmp(): {cleanup: () => void} {
	const dirs = ['/tmp/openclaw', `/tmp/openclaw-state-locks-${process.getuid?.() ?? ''}`];
	const before = new Map(dirs.map((dir) => [dir, existsSync(dir) ? new Set(readdirSync(dir)) : undefined]));
	return {
		cleanup() {
			for (const [dir, had] of before) {
				if (!existsSync(dir)) continue;
				if (had === undefined) rmSync(dir, {recursive: true, force: true});
				else for (const name of readdirSync(dir)) if (!had.has(name)) rmSync(`${dir}/${name}`, {recursive: true, force: true});
			}
		},
	};
}

describe('OpenClaw (real CLI, Node 24) under tutti', () => {
	let e2e: E2eWorld;
	let driver: AgentDriver;
	const strays = hardCodedTmp();

	beforeAll(async () => {
		const started = await startProfile(profiles.openclaw);
		({e2e} = started);
		driver = agentDriver(e2e, {root: started.root, agent, session: started.session, runtime: 'openclaw', client: 'chat', version: started.version});
		await upProfile(started);
	}, setupTimeoutMs);

	afterAll(async () => {
		// Its processes first (e2e.cleanup ends them), then the files they held.
		await e2e?.cleanup();
		strays.cleanup();
	});

	it('starts its TUI (`openclaw chat`): idle', async () => {
		await e2e.until(agent, 'idle', 90_000);
		const status = await driver.ttStatus();
		expect(status?.state).toBe('idle');
		await driver.screens('idle', 'startup', sizes);
	});

	it('idle → working → idle on a prompt', async () => {
		e2e.mock.setMode('chat', {kind: 'reply', text: 'The build is green and all 42 tests pass. Nothing else needs to change.', delayMs: recording ? 12_000 : 5000});
		const from = e2e.seen.length;
		await driver.send('Check the build and tell me how it went');
		await e2e.until(agent, 'working', 15_000);
		// The status row turns busy at once; the request itself can come much later.
		await driver.untilAfter(from, 'working', 5000);
		const asked = () => e2e.mock.mainTurns('chat').some((turn) => turn.prompt?.includes('Check the build and tell me how it went'));
		await waitFor(asked, {timeoutMs: firstTurnMs, what: 'the prompt to reach the mock'});
		await driver.screens('working', 'thinking', sizes);
		await driver.untilAfter(from, 'idle', 60_000);
		expect(driver.statesSince(from)).toEqual(['working', 'idle']);
		await driver.screens('idle', 'answer', sizes);
	}, firstTurnMs + 90_000);

	it('tt send --wait --output --json returns the mock reply', () => sendWaitOutput(driver));

	it("a person's half-typed input holds a message; once the box is empty it is delivered, labelled, exactly once", () => draftHoldsMessage(driver));

	it('HTTP 401 from the model is auth_failed (its own hint: "auth or provider access failed")', async () => {
		e2e.mock.setMode('chat', {kind: 'status', status: 401});
		const from = e2e.seen.length;
		await driver.send('Please summarise the README (this call gets HTTP 401)');
		await driver.untilAfter(from, 'auth_failed', 60_000);
		await driver.screens('auth_failed', 'api-401', sizes);
		expect((await driver.ttStatus())?.state).toBe('auth_failed');
	});

	it('/exit stops the TUI: stopped', () => exitStops(driver, '/exit'));
});
