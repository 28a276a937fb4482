import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {waitFor} from '../helpers/tt.js';
import {agentDriver, answerWith, denyToolCall, draftHoldsMessage, type AgentDriver} from './cases.js';
import {profiles, startProfile, upProfile} from './profiles.js';
import {checkScreens, quotedBusyLineAnswer, setupTimeoutMs, trapAnswer, type E2eWorld} from './harness.js';

/**
 * Gemini CLI 0.6x, installed from npm by scripts/e2e-setup.mjs, launched by `tt up` in tmux
 * against the mock model's Gemini API (`GOOGLE_GEMINI_BASE_URL`).
 */
const agent = 'gemini';
const geminiTrap = trapAnswer.replace('Do you want to proceed?', 'Allow execution of [Shell]? Do you want to proceed?').replace('❯ 1. Yes', '● 1. Allow once');

describe('Gemini CLI (real CLI) under tutti', () => {
	let e2e: E2eWorld;
	let session = '';
	let root = '';
	let driver: AgentDriver;

	const screens = async (state: Parameters<typeof checkScreens>[0]['state'], scenario: string, sizes?: ReadonlyArray<readonly [number, number]>) => {
		await checkScreens({socket: e2e.world.socket, session, runtime: 'gemini-cli', state, scenario, sizes});
		await e2e.restartObserver();
	};
	const send = async (text: string) => {
		const result = await e2e.world.tt(['send', agent, text], {cwd: root});
		expect(result.code, result.stderr).toBe(0);
	};
	const ttStatus = async () => (JSON.parse((await e2e.world.tt(['status', '--json'], {cwd: root})).stdout) as Array<{name: string; state: string; running: boolean}>).find((entry) => entry.name === agent);

	beforeAll(async () => {
		const started = await startProfile(profiles.geminiCli);
		({e2e, root, session} = started);
		driver = agentDriver(e2e, {root, agent, session, runtime: 'gemini-cli', client: 'gemini'});
		await upProfile(started);
	}, setupTimeoutMs);

	afterAll(async () => {
		await e2e?.cleanup();
	});

	it('starts at its input box: idle', async () => {
		await e2e.until(agent, 'idle', 45_000);
		const argv = (JSON.parse(readFileSync(path.join(root, '.tutti', 'state', 'agents', `${agent}.json`), 'utf8')) as {argv: string[]}).argv;
		// A new session under the id tutti chose (Gemini CLI 0.61's --session-id), to resume after a crash.
		expect(argv).toEqual(['gemini', '--session-id', expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown]);
		await screens('idle', 'startup');
	});

	it('idle → working → idle on a prompt', async () => {
		const from = e2e.seen.length;
		e2e.mock.setMode('gemini', {kind: 'reply', text: 'The build is green and all 42 tests pass. Nothing else needs to change.', delayMs: 9000});
		await send('Check the build and tell me how it went');
		await e2e.until(agent, 'working', 15_000);
		await screens('working', 'thinking');
		await e2e.untilAfter(agent, from, 'idle', 30_000);
		expect(e2e.statesSince(agent, from)).toEqual(['working', 'idle']);
		await screens('idle', 'answer');
	});

	it("a person's half-typed input holds a message; once the box is empty it is delivered, labelled, exactly once", () => draftHoldsMessage(driver));

	it('tt send --wait --output --json returns the mock reply', async () => {
		e2e.mock.setMode('gemini', {kind: 'reply', text: 'MOCK-REPLY-9: the capital of Spain is Madrid.', delayMs: 1500});
		const result = await e2e.world.tt(['send', agent, '--wait', '--output', '--json', '--timeout-secs', '40', 'What is the capital of Spain?'], {cwd: root});
		expect(result.code, result.stderr).toBe(0);
		const reply = JSON.parse(result.stdout) as {state: string; waited: boolean; captured_output: string | null};
		expect(reply).toMatchObject({state: 'idle', waited: true});
		expect(reply.captured_output).toContain('MOCK-REPLY-9: the capital of Spain is Madrid.');
	});

	it('a shell command brings up the confirmation: needs_input; allowing it finishes the turn', async () => {
		e2e.mock.setMode('gemini', {kind: 'tool', command: 'touch approved-by-e2e.txt', text: 'I created approved-by-e2e.txt.', delayMs: 300});
		const from = e2e.seen.length;
		await send('Create the file approved-by-e2e.txt');
		await e2e.untilAfter(agent, from, 'needs_input', 20_000);
		await screens('needs_input', 'shell-confirm');
		await waitFor(async () => (await ttStatus())?.state === 'needs_input', {timeoutMs: 5000, what: 'tt status needs_input'});
		// The adapter's own keys, through the command a user runs (not raw tmux keys).
		const approved = e2e.seen.length;
		await answerWith(e2e, {root, agent}, 'approve');
		await e2e.untilAfter(agent, approved, 'idle', 20_000);
		await waitFor(() => existsSync(path.join(root, 'approved-by-e2e.txt')), {what: 'the approved command to run'});
	});

	it('tt deny declines the dialog: the command does not run and the agent is ready again', () => denyToolCall(e2e, {root, agent, client: 'gemini'}));

	// 429 and 503 are left out: Gemini CLI 0.61 backs off and retries them for minutes whatever
	// general.maxAttempts says (its screen shows only the busy line meanwhile).
	it.each([[401, 'auth_failed', 'api-401']] as const)('HTTP %i from the model is %s', async (status, state, scenario) => {
		e2e.mock.setMode('gemini', {kind: 'status', status});
		const from = e2e.seen.length;
		await send(`Please summarise the README (this call gets HTTP ${status})`);
		await e2e.untilAfter(agent, from, state, 30_000);
		// Live check at the launch size only: shrinking the pane makes tmux reflow Gemini's
		// full-width status table into stale copies that push the error out of the live window
		// (tutti never resizes a running agent). The recorded fixtures cover every size.
		await screens(state, scenario, [[200, 50]]);
		expect.soft((await ttStatus())?.state, 'tt status').toBe(state);
		e2e.mock.setMode('gemini', {kind: 'reply', text: 'Done: the README describes the tutti CLI.', delayMs: 300});
		const again = e2e.seen.length;
		await send('Try again please');
		await e2e.untilAfter(agent, again, 'idle', 20_000);
		if (status === 401) await screens('idle', 'old-error-above-answer');
	});

	it('an answer quoting "rate limit", "401 Unauthorized" and the confirmation stays idle', async () => {
		e2e.mock.setMode('gemini', {kind: 'reply', text: geminiTrap, delayMs: 300});
		const from = e2e.seen.length;
		await send('What did the deploy log say?');
		await e2e.untilAfter(agent, from, 'idle', 20_000);
		await screens('idle', 'answer-mentions-rate-limit');
		expect(e2e.statesSince(agent, from).filter((state) => state !== 'working' && state !== 'idle'), JSON.stringify(e2e.seen.slice(from))).toEqual([]);
	});

	it('an answer quoting the busy line stays idle', async () => {
		e2e.mock.setMode('gemini', {kind: 'reply', text: quotedBusyLineAnswer('⠏ Counting electrons… (esc to cancel, 12s)'), delayMs: 300});
		const from = e2e.seen.length;
		await send('What did the status line look like?');
		await e2e.untilAfter(agent, from, 'idle', 20_000);
		await screens('idle', 'quoted-busy-line');
		expect(e2e.statesSince(agent, from).filter((state) => state !== 'working' && state !== 'idle'), JSON.stringify(e2e.seen.slice(from))).toEqual([]);
	});

	it('/quit stops the CLI: stopped', async () => {
		await send('/quit');
		await e2e.until(agent, 'stopped', 20_000);
		expect(await ttStatus()).toMatchObject({state: 'stopped', running: false});
	});
});
