import {existsSync, readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {waitFor} from '../helpers/tt.js';
import {agentDriver, answerWith, denyToolCall, draftHoldsMessage, type AgentDriver} from './cases.js';
import {profiles, startProfile, upProfile} from './profiles.js';
import {checkScreens, readSignals, setupTimeoutMs, quotedBusyLineAnswer, trapAnswer, type E2eWorld} from './harness.js';

/**
 * Claude Code 2.1.x, installed from npm by scripts/e2e-setup.mjs, launched by `tt up` in tmux
 * against the mock model; each state is checked on the streaming observer, on `tt status`, on
 * the hooks tutti registers, and on the real screen at three sizes.
 */
const agent = 'claude';

describe('Claude Code (real CLI) under tutti', () => {
	let e2e: E2eWorld;
	let session = '';
	let root = '';
	let driver: AgentDriver;

	const screens = async (state: Parameters<typeof checkScreens>[0]['state'], scenario: string) => {
		await checkScreens({socket: e2e.world.socket, session, runtime: 'claude-code', state, scenario});
		await e2e.restartObserver();
	};
	const send = async (text: string) => {
		const result = await e2e.world.tt(['send', agent, text], {cwd: root});
		expect(result.code, result.stderr).toBe(0);
	};
	const signals = () => readSignals(path.join(root, '.tutti', 'state')).filter((line) => line.agent === agent);
	/** Claude's own status file for the agent's process (`~/.claude/sessions/<pid>.json`). */
	const statusFile = (): {status?: string; waitingFor?: string} | undefined => {
		const dir = path.join(e2e.home, '.claude', 'sessions');
		if (!existsSync(dir)) return undefined;
		const [file] = readdirSync(dir).filter((name) => name.endsWith('.json'));
		if (!file) return undefined;
		try {
			return JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as {status?: string; waitingFor?: string};
		} catch {
			return undefined;
		}
	};
	const statusIs = (status: string) => waitFor(() => statusFile()?.status === status, {timeoutMs: 10_000, what: `status file ${status} (is ${JSON.stringify(statusFile())})`});

	beforeAll(async () => {
		const started = await startProfile(profiles.claudeCode);
		({e2e, root, session} = started);
		driver = agentDriver(e2e, {root, agent, session, runtime: 'claude-code', client: 'anthropic'});
		await upProfile(started);
	}, setupTimeoutMs);

	afterAll(async () => {
		await e2e?.cleanup();
	});

	it('starts at its prompt: idle, with the tutti hooks registered', async () => {
		await e2e.until(agent, 'idle', 45_000);
		const argv = (JSON.parse(readFileSync(path.join(root, '.tutti', 'state', 'agents', `${agent}.json`), 'utf8')) as {argv: string[]}).argv;
		// A new conversation under the id tutti chose, so a crash can be resumed (`--resume <id>`).
		expect(argv.slice(0, 4)).toEqual(['claude', '--session-id', expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown, '--settings']);
		await waitFor(() => signals().some((line) => line.event === 'SessionStart'), {what: 'SessionStart hook'});
		await statusIs('idle');
		await screens('idle', 'startup');
	});

	it('idle → working → idle on a prompt; the hooks say UserPromptSubmit then Stop', async () => {
		const from = e2e.seen.length;
		e2e.mock.setMode('anthropic', {kind: 'reply', text: 'The build is green and all 42 tests pass. Nothing else needs to change.', delayMs: 9000});
		await send('Check the build and tell me how it went');
		await e2e.until(agent, 'working', 15_000);
		await statusIs('busy');
		await waitFor(() => signals().some((line) => line.event === 'UserPromptSubmit'), {what: 'UserPromptSubmit hook'});
		await screens('working', 'thinking');
		await e2e.untilAfter(agent, from, 'idle', 30_000);
		expect(e2e.statesSince(agent, from)).toEqual(['working', 'idle']);
		await waitFor(() => signals().some((line) => line.event === 'Stop'), {what: 'Stop hook'});
		await statusIs('idle');
		await screens('idle', 'answer');
	});

	it("a person's half-typed input holds a message; once the box is empty it is delivered, labelled, exactly once", () => draftHoldsMessage(driver));

	it('tt send --wait --output --json returns the mock reply', async () => {
		e2e.mock.setMode('anthropic', {kind: 'reply', text: 'MOCK-REPLY-7: the capital of France is Paris.', delayMs: 1500});
		const result = await e2e.world.tt(['send', agent, '--wait', '--output', '--json', '--timeout-secs', '40', 'What is the capital of France?'], {cwd: root});
		expect(result.code, result.stderr).toBe(0);
		const reply = JSON.parse(result.stdout) as {state: string; waited: boolean; captured_output: string | null};
		expect(reply).toMatchObject({state: 'idle', waited: true});
		expect(reply.captured_output).toContain('MOCK-REPLY-7: the capital of France is Paris.');
		expect(e2e.mock.mainTurns('anthropic').at(-1)?.prompt).toBe('What is the capital of France?');
	});

	it('a Bash tool call brings up the approval dialog: needs_input; approving it finishes the turn', async () => {
		e2e.mock.setMode('anthropic', {kind: 'tool', command: 'touch approved-by-e2e.txt', text: 'I created approved-by-e2e.txt.', delayMs: 300});
		const from = e2e.seen.length;
		await send('Create the file approved-by-e2e.txt');
		await e2e.untilAfter(agent, from, 'needs_input', 20_000);
		await waitFor(() => signals().some((line) => line.event === 'PermissionRequest' && line.state === 'needs_input'), {what: 'PermissionRequest hook'});
		await waitFor(() => statusFile()?.status === 'waiting' && statusFile()?.waitingFor === 'permission prompt', {what: 'status waiting'});
		const status = JSON.parse((await e2e.world.tt(['status', '--json'], {cwd: root})).stdout) as Array<{name: string; state: string}>;
		expect(status.find((entry) => entry.name === agent)?.state).toBe('needs_input');
		await screens('needs_input', 'bash-approval');
		// The adapter's own keys, through the command a user runs (not raw tmux keys).
		const approved = e2e.seen.length;
		await answerWith(e2e, {root, agent}, 'approve');
		await e2e.untilAfter(agent, approved, 'idle', 20_000);
		expect(existsSync(path.join(root, 'approved-by-e2e.txt'))).toBe(true);
	});

	it('tt deny declines the dialog: the command does not run and the agent is ready again', () => denyToolCall(e2e, {root, agent, client: 'anthropic'}));

	it.each([
		[401, 'auth_failed', 'api-401', 'authentication_failed'],
		[429, 'rate_limited', 'api-429', 'rate_limit'],
		[529, 'provider_down', 'api-529', undefined],
	] as const)('HTTP %i from the model is %s', async (status, state, scenario, hookError) => {
		const before = signals().length;
		e2e.mock.setMode('anthropic', {kind: 'status', status});
		const from = e2e.seen.length;
		await send(`Please summarise the README (this call gets HTTP ${status})`);
		await e2e.untilAfter(agent, from, state, 30_000);
		const failure = await waitFor(() => signals().slice(before).find((line) => line.event === 'StopFailure'), {what: 'StopFailure hook'});
		if (hookError) expect(failure.state).toBe(state);
		process.stderr.write(`[e2e] StopFailure for ${status}: ${JSON.stringify(failure)}\n`);
		await screens(state, scenario);
		const listed = JSON.parse((await e2e.world.tt(['status', '--json'], {cwd: root})).stdout) as Array<{name: string; state: string}>;
		expect.soft(listed.find((entry) => entry.name === agent)?.state, 'tt status').toBe(state);
		// A later successful answer: the old error stays on screen above it, and the state is idle.
		e2e.mock.setMode('anthropic', {kind: 'reply', text: 'Done: the README describes the tutti CLI.', delayMs: 300});
		const again = e2e.seen.length;
		await send('Try again please');
		await e2e.untilAfter(agent, again, 'idle', 20_000);
		if (status === 401) await screens('idle', 'old-error-above-answer');
	});

	it('an answer quoting "rate limit", "401 Unauthorized" and "Do you want to proceed?" stays idle', async () => {
		e2e.mock.setMode('anthropic', {kind: 'reply', text: trapAnswer, delayMs: 300});
		const from = e2e.seen.length;
		await send('What did the deploy log say?');
		await e2e.untilAfter(agent, from, 'idle', 20_000);
		await screens('idle', 'answer-mentions-rate-limit');
		expect(e2e.statesSince(agent, from).filter((state) => state !== 'working' && state !== 'idle'), JSON.stringify(e2e.seen.slice(from))).toEqual([]);
	});

	it('an answer quoting the busy line stays idle', async () => {
		e2e.mock.setMode('anthropic', {kind: 'reply', text: quotedBusyLineAnswer('✻ Working… (3s · esc to interrupt)'), delayMs: 300});
		const from = e2e.seen.length;
		await send('What did the status line look like?');
		await e2e.untilAfter(agent, from, 'idle', 20_000);
		await screens('idle', 'quoted-busy-line');
		expect(e2e.statesSince(agent, from).filter((state) => state !== 'working' && state !== 'idle'), JSON.stringify(e2e.seen.slice(from))).toEqual([]);
	});

	it('/exit stops the CLI: stopped, with status 0, and the status file is gone', async () => {
		await send('/exit');
		await e2e.until(agent, 'stopped', 20_000);
		await waitFor(() => signals().some((line) => line.event === 'SessionEnd'), {what: 'SessionEnd hook'});
		await waitFor(() => statusFile() === undefined, {what: 'status file removed'});
		const status = JSON.parse((await e2e.world.tt(['status', '--json'], {cwd: root})).stdout) as Array<{name: string; state: string; running: boolean}>;
		expect(status.find((entry) => entry.name === agent)).toMatchObject({state: 'stopped', running: false});
	});

	it('the hooks reported every kind of turn to signals.jsonl', () => {
		const events = new Set(signals().map((line) => line.event));
		for (const event of ['SessionStart', 'UserPromptSubmit', 'PreToolUse', 'PermissionRequest', 'PostToolUse', 'Stop', 'StopFailure', 'SessionEnd']) expect(events, event).toContain(event);
		const failures = signals().filter((line) => line.event === 'StopFailure').map((line) => line.state);
		expect(failures.slice(0, 2)).toEqual(['auth_failed', 'rate_limited']);
	});
});
