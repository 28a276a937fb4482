import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import {expect} from 'vitest';
import type {AgentState} from '../../src/core/state/types.js';
import {waitFor} from '../helpers/tt.js';
import type {ClientKind} from '../mock-model/server.js';
import {checkScreens, type CliRuntime, type E2eWorld} from './harness.js';

/**
 * The scenarios every real-CLI test walks through, written once: each takes a driver for one
 * agent (its world, workspace root, tmux session and mock client kind) and checks the state on
 * the streaming observer, on `tt status` and on the real screen (recorded as fixtures with
 * TUTTI_RECORD_SCREENS=1).
 */
export type AgentDriver = ReturnType<typeof agentDriver>;

export function agentDriver(e2e: E2eWorld, where: {root: string; agent: string; session: string; runtime: CliRuntime; client: ClientKind; logDir?: string; version?: string}) {
	const {root, agent} = where;
	// Spans of e2e.seen recorded while a screen check resized the pane: a CLI that redraws the
	// whole screen (opencode) is briefly blank then, which says nothing about the agent (tutti
	// never resizes a running agent).
	const resizing: Array<[number, number]> = [];
	return {
		...where,
		e2e,
		/** States reported for the agent since `from`, outside screen checks, repeats folded. */
		statesSince(from: number): AgentState[] {
			const states = e2e.seen
				.map((entry, index) => ({entry, index}))
				.filter(({entry, index}) => index >= from && entry.agent === agent && !resizing.some(([start, end]) => index >= start && index < end))
				.map(({entry}) => entry.state);
			return states.filter((state, index) => index === 0 || states[index - 1] !== state);
		},
		/** Waits like e2e.untilAfter; a timeout also lists what the mock model was asked. */
		async untilAfter(from: number, state: AgentState, timeoutMs: number): Promise<void> {
			try {
				await e2e.untilAfter(agent, from, state, timeoutMs);
			} catch (error) {
				const asked = e2e.mock.requests.slice(-8).map((entry) => `${new Date(entry.at).toISOString()} ${entry.role} ${entry.status} ${entry.mode ?? ''} ${entry.prompt ?? ''}`);
				throw new Error(`${(error as Error).message}\n--- last requests to the mock ---\n${asked.join('\n')}${where.logDir ? `\n--- the CLI's log ---\n${newestLogTail(where.logDir)}` : ''}`);
			}
		},
		async send(text: string): Promise<void> {
			const result = await e2e.world.tt(['send', agent, text], {cwd: root});
			expect(result.code, result.stderr).toBe(0);
		},
		async ttStatus(): Promise<{name: string; state: string; running: boolean} | undefined> {
			const result = await e2e.world.tt(['status', '--json'], {cwd: root});
			return (JSON.parse(result.stdout) as Array<{name: string; state: string; running: boolean}>).find((entry) => entry.name === agent);
		},
		/** Checks (and records) the live screen at the fixture sizes, then restarts the observer on the launch size. */
		async screens(state: AgentState, scenario: string, sizes?: ReadonlyArray<readonly [number, number]>): Promise<void> {
			const start = e2e.seen.length;
			await checkScreens({socket: e2e.world.socket, session: where.session, runtime: where.runtime, state, scenario, sizes, version: where.version});
			const restarted = e2e.seen.length;
			await e2e.restartObserver();
			// The new observer seeds from a screen that may still be redrawing after the last resize:
			// the span ends at its first real verdict, which counts.
			const firstVerdict = () => e2e.seen.findIndex((entry, index) => index >= restarted && entry.agent === agent && entry.state !== 'unknown');
			await waitFor(() => firstVerdict() >= 0, {timeoutMs: 5000, what: `${agent}: a verdict after the screen check`});
			resizing.push([start, firstVerdict()]);
		},
	};
}

/** A reply that takes a while: working while the model thinks, idle with the answer. */
export async function promptTurn(driver: AgentDriver, options: {delayMs?: number; sizes?: ReadonlyArray<readonly [number, number]>} = {}): Promise<void> {
	const {e2e, agent} = driver;
	const from = e2e.seen.length;
	e2e.mock.setMode(driver.client, {kind: 'reply', text: 'The build is green and all 42 tests pass. Nothing else needs to change.', delayMs: options.delayMs ?? 9000});
	await driver.send('Check the build and tell me how it went');
	await e2e.until(agent, 'working', 15_000);
	// The reply must outlast the screen check (about 2 s per size).
	await driver.screens('working', 'thinking', options.sizes);
	await driver.untilAfter(from, 'idle', 40_000);
	expect(driver.statesSince(from)).toEqual(['working', 'idle']);
	await driver.screens('idle', 'answer', options.sizes);
	expect(e2e.mock.mainTurns(driver.client).at(-1)?.prompt).toBe('Check the build and tell me how it went');
}

/** `tt send --wait --output --json` waits for the turn and returns the model's text. */
export async function sendWaitOutput(driver: AgentDriver): Promise<void> {
	driver.e2e.mock.setMode(driver.client, {kind: 'reply', text: 'MOCK-REPLY-7: the capital of France is Paris.', delayMs: 1500});
	const result = await driver.e2e.world.tt(['send', driver.agent, '--wait', '--output', '--json', '--timeout-secs', '60', 'What is the capital of France?'], {cwd: driver.root});
	expect(result.code, result.stderr).toBe(0);
	const reply = JSON.parse(result.stdout) as {state: string; waited: boolean; captured_output: string | null};
	expect(reply).toMatchObject({state: 'idle', waited: true});
	expect(reply.captured_output).toContain('MOCK-REPLY-7: the capital of France is Paris.');
}

/** A shell command the CLI asks about: needs_input; `tt approve` runs it and the turn finishes. */
export async function approveToolCall(driver: AgentDriver, scenario: string): Promise<void> {
	const {e2e, agent, root} = driver;
	e2e.mock.setMode(driver.client, {kind: 'tool', command: 'touch approved-by-e2e.txt', text: 'I created approved-by-e2e.txt.', delayMs: 300});
	const from = e2e.seen.length;
	await driver.send('Create the file approved-by-e2e.txt');
	await driver.untilAfter(from, 'needs_input', 30_000);
	await driver.screens('needs_input', scenario);
	await waitFor(async () => (await driver.ttStatus())?.state === 'needs_input', {timeoutMs: 5000, what: 'tt status needs_input'});
	const approved = e2e.seen.length;
	await answerWith(e2e, {root, agent}, 'approve');
	await driver.untilAfter(approved, 'idle', 30_000);
	await waitFor(() => existsSync(path.join(root, 'approved-by-e2e.txt')), {what: 'the approved command to run'});
}

/**
 * The model answers HTTP `status`; once the CLI gives up, the state is `state`. Then a good
 * answer: idle again, with the old error still on screen (recorded as `oldErrorScenario`).
 */
export async function httpError(
	driver: AgentDriver,
	options: {status: number; state: AgentState; scenario: string; timeoutMs?: number; oldErrorScenario?: string; sizes?: ReadonlyArray<readonly [number, number]>},
): Promise<void> {
	const {e2e} = driver;
	e2e.mock.setMode(driver.client, {kind: 'status', status: options.status});
	const from = e2e.seen.length;
	await driver.send(`Please summarise the README (this call gets HTTP ${options.status})`);
	await driver.untilAfter(from, options.state, options.timeoutMs ?? 30_000);
	expect(e2e.mock.mainTurns(driver.client).at(-1)).toMatchObject({status: options.status, mode: 'status'});
	await driver.screens(options.state, options.scenario, options.sizes);
	expect.soft((await driver.ttStatus())?.state, 'tt status').toBe(options.state);
	e2e.mock.setMode(driver.client, {kind: 'reply', text: 'Done: the README describes the tutti CLI.', delayMs: 300});
	const again = e2e.seen.length;
	await driver.send('Try again please');
	await driver.untilAfter(again, 'idle', 30_000);
	if (options.oldErrorScenario) await driver.screens('idle', options.oldErrorScenario, options.sizes);
}

/** An answer in `text` that quotes errors, dialogs or busy lines: nothing but working → idle. */
export async function proseTrap(driver: AgentDriver, text: string, scenario: string): Promise<void> {
	const {e2e} = driver;
	e2e.mock.setMode(driver.client, {kind: 'reply', text, delayMs: 300});
	const from = e2e.seen.length;
	await driver.send('What did the deploy log say?');
	await driver.untilAfter(from, 'idle', 30_000);
	await driver.screens('idle', scenario);
	expect(driver.statesSince(from).filter((state) => state !== 'working' && state !== 'idle'), JSON.stringify(e2e.seen.slice(from))).toEqual([]);
}

/** The CLI's own exit command: stopped, and `tt status` says it no longer runs. */
export async function exitStops(driver: AgentDriver, command: string): Promise<void> {
	await driver.send(command);
	await driver.e2e.until(driver.agent, 'stopped', 30_000);
	expect(await driver.ttStatus()).toMatchObject({state: 'stopped', running: false});
}

/** The last lines of the newest file in a CLI's log folder, for a failure message. */
function newestLogTail(dir: string): string {
	if (!existsSync(dir)) return `(no ${dir})`;
	const [newest] = readdirSync(dir)
		.map((name) => path.join(dir, name))
		.filter((file) => statSync(file).isFile())
		.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
	return newest ? readFileSync(newest, 'utf8').split('\n').slice(-25).join('\n') : `(${dir} is empty)`;
}

/** `tt approve|deny <agent> --json`: answers the dialog with the adapter's keys, through the command a user runs. */
export async function answerWith(e2e: E2eWorld, where: {root: string; agent: string}, verb: 'approve' | 'deny'): Promise<void> {
	const result = await e2e.world.tt([verb, where.agent, '--json'], {cwd: where.root});
	expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
	expect(JSON.parse(result.stdout)).toMatchObject({agent: where.agent, answer: verb});
}

/** A shell command the agent's dialog asks about, declined with `tt deny`: it never runs, and the agent is ready again. */
export async function denyToolCall(e2e: E2eWorld, where: {root: string; agent: string; client: ClientKind}): Promise<void> {
	e2e.mock.setMode(where.client, {kind: 'tool', command: 'touch denied-by-e2e.txt', text: 'I created denied-by-e2e.txt.', delayMs: 300});
	const from = e2e.seen.length;
	const sent = await e2e.world.tt(['send', where.agent, 'Create the file denied-by-e2e.txt'], {cwd: where.root});
	expect(sent.code, sent.stderr).toBe(0);
	await e2e.untilAfter(where.agent, from, 'needs_input', 20_000);
	await answerWith(e2e, where, 'deny');
	await e2e.until(where.agent, 'idle', 20_000);
	expect(existsSync(path.join(where.root, 'denied-by-e2e.txt'))).toBe(false);
}

/**
 * A person's half-typed text in the CLI's input box: a message to the agent waits (`held: draft`)
 * and never touches the box; once the box is empty again it is delivered — labelled with its
 * sender, exactly once — and the CLI answers it.
 */
export async function draftHoldsMessage(driver: AgentDriver): Promise<void> {
	const {e2e, root, agent, session} = driver;
	const draft = 'please also check the';
	const screen = () => e2e.tmux(['capture-pane', '-p', '-t', `=${session}:`]);
	e2e.tmux(['send-keys', '-t', `=${session}:`, '-l', draft]);
	await waitFor(() => screen().includes(draft), {what: `${agent}: the draft on screen`, timeoutMs: 10_000});
	e2e.mock.setMode(driver.client, {kind: 'reply', text: 'Noted: the message arrived.', delayMs: 300});
	const sent = await e2e.world.tt(['msg', 'send', agent, 'the schema is in docs/api.md', '--json'], {cwd: root});
	expect(sent.code, sent.stderr).toBe(0);
	const [message] = (JSON.parse(sent.stdout) as {messages: Array<{id: number; state: string; reason: string | null}>}).messages;
	expect(message, screen()).toMatchObject({state: 'held', reason: 'draft'});
	const label = `[message ${message!.id} from human via tutti]`;
	// The recorder looks again every poll round (its courier every 2 s): the draft keeps it held.
	await new Promise((resolve) => setTimeout(resolve, 4_500));
	expect(screen()).toContain(draft);
	expect(screen()).not.toContain(label);
	const show = async () => JSON.parse((await e2e.world.tt(['msg', 'show', String(message!.id), '--json'], {cwd: root})).stdout) as {state: string; reason: string | null};
	expect(await show()).toMatchObject({state: 'held', reason: 'draft'});
	const requests = e2e.mock.requests.length;
	e2e.tmux(['send-keys', '-t', `=${session}:`, ...Array.from(draft, () => 'BSpace')]);
	const from = e2e.seen.length;
	await waitFor(async () => (await show()).state === 'delivered', {what: `${agent}: the message delivered`, timeoutMs: 30_000});
	await driver.untilAfter(from, 'idle', 60_000);
	// The model was asked with the message (some CLIs also send it to a side request, a router),
	// never with the person's draft; the transcript shows it once.
	const asked = e2e.mock.requests.slice(requests).map((entry) => entry.prompt ?? '');
	expect(asked.filter((prompt) => prompt.includes(label)).length, JSON.stringify(asked)).toBeGreaterThan(0);
	expect(asked.filter((prompt) => prompt.includes(draft))).toEqual([]);
	const transcript = e2e.tmux(['capture-pane', '-p', '-J', '-S', '-2000', '-t', `=${session}:`]);
	// Rows that open with it (after the CLI's prompt glyph): Codex also names the thread after it in its footer.
	expect(transcript.split('\n').filter((row) => /^[^\w[]*\[/.test(row) && row.includes(label)), transcript).toHaveLength(1);
}
