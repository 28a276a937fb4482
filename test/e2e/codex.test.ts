import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {waitFor} from '../helpers/tt.js';
import {agentDriver, answerWith, denyToolCall, draftHoldsMessage, type AgentDriver} from './cases.js';
import {profiles, startProfile, upProfile} from './profiles.js';
import {checkScreens, killProcessesWithEnv, setupTimeoutMs, quotedBusyLineAnswer, trapAnswer, type E2eWorld} from './harness.js';

/**
 * Codex 0.17x, installed from npm by scripts/e2e-setup.mjs, launched by `tt up` in tmux against
 * the mock model's Responses API. `--no-daemon` (through `[[agent]] args`) keeps Codex from
 * starting its shared app-server daemon, which would outlive the pane; afterAll still ends any
 * process that carries this test's CODEX_HOME.
 */
const agent = 'codex';
const codexAnswerTrap = trapAnswer.replace('Do you want to proceed?', 'Would you like to run the following command? Do you want to proceed?').replace('❯ 1. Yes', '› 1. Yes, proceed (y)');

describe('Codex (real CLI) under tutti', () => {
	let e2e: E2eWorld;
	let session = '';
	let root = '';
	let driver: AgentDriver;
	let codexHome = '';

	const screens = async (state: Parameters<typeof checkScreens>[0]['state'], scenario: string) => {
		await checkScreens({socket: e2e.world.socket, session, runtime: 'codex', state, scenario});
		await e2e.restartObserver();
	};
	const send = async (text: string) => {
		const result = await e2e.world.tt(['send', agent, text], {cwd: root});
		expect(result.code, result.stderr).toBe(0);
	};
	const ttStatus = async () => (JSON.parse((await e2e.world.tt(['status', '--json'], {cwd: root})).stdout) as Array<{name: string; state: string; running: boolean; exit_status: number | null}>).find((entry) => entry.name === agent);

	beforeAll(async () => {
		const started = await startProfile(profiles.codex);
		({e2e, root, session} = started);
		codexHome = path.join(e2e.home, '.codex');
		driver = agentDriver(e2e, {root, agent, session, runtime: 'codex', client: 'openai'});
		await upProfile(started);
	}, setupTimeoutMs);

	afterAll(async () => {
		await killProcessesWithEnv(`CODEX_HOME=${codexHome}`);
		await e2e?.cleanup();
	});

	it('starts at its composer: idle', async () => {
		await e2e.until(agent, 'idle', 45_000);
		const argv = (JSON.parse(readFileSync(path.join(root, '.tutti', 'state', 'agents', `${agent}.json`), 'utf8')) as {argv: string[]}).argv;
		// tutti's MCP server rides along as `-c mcp_servers.tutti.*` overrides, before the agent's own args.
		expect(argv.filter((word, index) => !/^mcp_servers\.tutti\./.test(word) && !(word === '-c' && /^mcp_servers\.tutti\./.test(argv[index + 1] ?? '')))).toEqual(['codex', '--no-daemon']);
		await screens('idle', 'startup');
	});

	it('idle → working → idle on a prompt', async () => {
		const from = e2e.seen.length;
		e2e.mock.setMode('openai', {kind: 'reply', text: 'The build is green and all 42 tests pass. Nothing else needs to change.', delayMs: 9000});
		await send('Check the build and tell me how it went');
		await e2e.until(agent, 'working', 15_000);
		await screens('working', 'thinking');
		await e2e.untilAfter(agent, from, 'idle', 30_000);
		expect(e2e.statesSince(agent, from)).toEqual(['working', 'idle']);
		await screens('idle', 'answer');
	});

	it("a person's half-typed input holds a message; once the box is empty it is delivered, labelled, exactly once", () => draftHoldsMessage(driver));

	it('tt send --wait --output --json returns the mock reply', async () => {
		e2e.mock.setMode('openai', {kind: 'reply', text: 'MOCK-REPLY-8: the capital of Italy is Rome.', delayMs: 1500});
		const result = await e2e.world.tt(['send', agent, '--wait', '--output', '--json', '--timeout-secs', '40', 'What is the capital of Italy?'], {cwd: root});
		expect(result.code, result.stderr).toBe(0);
		const reply = JSON.parse(result.stdout) as {state: string; waited: boolean; captured_output: string | null};
		expect(reply).toMatchObject({state: 'idle', waited: true});
		expect(reply.captured_output).toContain('MOCK-REPLY-8: the capital of Italy is Rome.');
		expect(e2e.mock.mainTurns('openai').at(-1)?.prompt).toBe('What is the capital of Italy?');
	});

	it('an escalated shell command brings up the approval prompt: needs_input; approving it finishes the turn', async () => {
		e2e.mock.setMode('openai', {kind: 'tool', command: 'touch approved-by-e2e.txt', text: 'I created approved-by-e2e.txt.', delayMs: 300});
		const from = e2e.seen.length;
		await send('Create the file approved-by-e2e.txt');
		await e2e.untilAfter(agent, from, 'needs_input', 20_000);
		await screens('needs_input', 'exec-approval');
		await waitFor(async () => (await ttStatus())?.state === 'needs_input', {timeoutMs: 5000, what: 'tt status needs_input'});
		// The adapter's own keys, through the command a user runs (not raw tmux keys).
		const approved = e2e.seen.length;
		await answerWith(e2e, {root, agent}, 'approve');
		await e2e.untilAfter(agent, approved, 'idle', 20_000);
		await waitFor(() => existsSync(path.join(root, 'approved-by-e2e.txt')), {what: 'the approved command to run'});
	});

	it('tt deny declines the dialog: the command does not run and the agent is ready again', () => denyToolCall(e2e, {root, agent, client: 'openai'}));

	it.each([
		[401, 'auth_failed', 'status-401'],
		[429, 'rate_limited', 'status-429'],
		[503, 'provider_down', 'status-503'],
		[529, 'provider_down', 'status-529'],
	] as const)('HTTP %i from the model is %s', async (status, state, scenario) => {
		e2e.mock.setMode('openai', {kind: 'status', status});
		const from = e2e.seen.length;
		await send(`Please summarise the README (this call gets HTTP ${status})`);
		await e2e.untilAfter(agent, from, state, 30_000);
		await screens(state, scenario);
		expect.soft((await ttStatus())?.state, 'tt status').toBe(state);
		// A later successful answer: the old error stays on screen above it, and the state is idle.
		e2e.mock.setMode('openai', {kind: 'reply', text: 'Done: the README describes the tutti CLI.', delayMs: 300});
		const again = e2e.seen.length;
		await send('Try again please');
		await e2e.untilAfter(agent, again, 'idle', 20_000);
		if (status === 401 || status === 429) await screens('idle', `old-error-above-answer-${status}`);
	});

	it('an answer quoting "rate limit", "401 Unauthorized" and the approval question stays idle', async () => {
		e2e.mock.setMode('openai', {kind: 'reply', text: codexAnswerTrap, delayMs: 300});
		const from = e2e.seen.length;
		await send('What did the deploy log say?');
		await e2e.untilAfter(agent, from, 'idle', 20_000);
		await screens('idle', 'answer-mentions-rate-limit');
		expect(e2e.statesSince(agent, from).filter((state) => state !== 'working' && state !== 'idle'), JSON.stringify(e2e.seen.slice(from))).toEqual([]);
	});

	it('an answer quoting the busy line stays idle', async () => {
		e2e.mock.setMode('openai', {kind: 'reply', text: quotedBusyLineAnswer('• Working (3s • esc to interrupt)'), delayMs: 300});
		const from = e2e.seen.length;
		await send('What did the status line look like?');
		await e2e.untilAfter(agent, from, 'idle', 20_000);
		await screens('idle', 'quoted-busy-line');
		expect(e2e.statesSince(agent, from).filter((state) => state !== 'working' && state !== 'idle'), JSON.stringify(e2e.seen.slice(from))).toEqual([]);
	});

	it('/exit stops the CLI: stopped, and no Codex process is left', async () => {
		await send('/exit');
		await e2e.until(agent, 'stopped', 20_000);
		expect(await ttStatus()).toMatchObject({state: 'stopped', running: false});
		const left = await killProcessesWithEnv(`CODEX_HOME=${codexHome}`);
		expect(left, 'processes left behind by codex --no-daemon').toEqual([]);
	});
});
