import {existsSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {AgentState} from '../../src/core/state/types.js';
import {waitFor} from '../helpers/tt.js';
import {agentDriver, answerWith, exitStops, promptTurn, proseTrap, sendWaitOutput, type AgentDriver} from './cases.js';
import {profiles, startProfile, upProfile} from './profiles.js';
import {fixtureSizes, recording, setupTimeoutMs, trapAnswer, type E2eWorld} from './harness.js';

/**
 * The newest Claude Code (scripts/e2e-setup.mjs `newestClis`, installed under Node 24), the
 * version users run: auto mode is its default permission mode, its approvals preselect `❯ No`
 * with no numbers, retries show a lower-case banner naming the cause, and a final error leaves a
 * placeholder in the prompt box. The pinned 2.1.197 keeps its own, longer suite
 * (claude-code.test.ts); this one covers what changed, in about a minute.
 */
const agent = 'claude';
// Needs the server-side auto-mode check (a network call), so auto mode asks; `touch` alone it runs unasked.
const guarded = (file: string) => `touch ${file} && curl -s -m 1 http://127.0.0.1:9/ || true`;
// Screens are checked at one size in a normal run (the unit tests score every recorded size).
const sizes = recording ? fixtureSizes : fixtureSizes.slice(0, 1);
// The trap quotes this version's own forms too: its final error, retry banner and No-first dialog.
const newestTrap = trapAnswer.replace(
	'Do you want to proceed?',
	['∷ API Error: Request rejected (429) · rate limit', '✻ 429 Too many requests · retrying in 2s · attempt 1/10', 'Do you want to proceed?', '❯ No', '  Yes'].join('\n'),
);

describe('Claude Code (newest, real CLI, Node 24) under tutti', () => {
	let e2e: E2eWorld;
	let driver: AgentDriver;
	let root = '';

	const screens = (state: AgentState, scenario: string) => driver.screens(state, scenario, sizes);

	beforeAll(async () => {
		const started = await startProfile(profiles.claudeCodeNewest);
		({e2e, root} = started);
		driver = agentDriver(e2e, {root, agent, session: started.session, runtime: 'claude-code', client: 'anthropic', version: started.version});
		await upProfile(started);
	}, setupTimeoutMs);

	afterAll(async () => {
		await e2e?.cleanup();
	});

	it('starts at its prompt in auto mode: idle', async () => {
		await e2e.until(agent, 'idle', 45_000);
		await waitFor(() => e2e.tmux(['capture-pane', '-p', '-t', `=${driver.session}:`]).includes('auto mode on'), {what: 'the auto-mode footer'});
		await screens('idle', 'startup');
	});

	it('idle → working → idle on a prompt', () => promptTurn(driver, {delayMs: recording ? 12_000 : 5000, sizes}));

	it('tt send --wait --output --json returns the mock reply', () => sendWaitOutput(driver));

	it('a guarded command: the auto-mode dialog, then `❯ No / Yes`; tt approve answers both and the command runs', async () => {
		e2e.mock.setMode('anthropic', {kind: 'tool', command: guarded('approved-by-e2e.txt'), text: 'I created approved-by-e2e.txt.', delayMs: 300});
		const from = e2e.seen.length;
		await driver.send('Create the file approved-by-e2e.txt');
		await driver.untilAfter(from, 'needs_input', 30_000);
		await screens('needs_input', 'auto-mode-check');
		// Enter stays in auto mode and asks about this action.
		await answerWith(e2e, {root, agent}, 'approve');
		await waitFor(() => e2e.tmux(['capture-pane', '-p', '-t', `=${driver.session}:`]).includes('Do you want to proceed?'), {what: 'the approval dialog'});
		await driver.untilAfter(from, 'needs_input', 10_000);
		await screens('needs_input', 'bash-approval-no-first');
		// No is preselected: approve is Down then Enter.
		const approved = e2e.seen.length;
		await answerWith(e2e, {root, agent}, 'approve');
		await driver.untilAfter(approved, 'idle', 30_000);
		await waitFor(() => existsSync(path.join(root, 'approved-by-e2e.txt')), {what: 'the approved command to run'});
	});

	it('tt deny declines `❯ No / Yes`: the command does not run and the agent is ready again', async () => {
		e2e.mock.setMode('anthropic', {kind: 'tool', command: guarded('denied-by-e2e.txt'), text: 'I created denied-by-e2e.txt.', delayMs: 300});
		const from = e2e.seen.length;
		await driver.send('Create the file denied-by-e2e.txt');
		await driver.untilAfter(from, 'needs_input', 30_000);
		await answerWith(e2e, {root, agent}, 'deny');
		await e2e.until(agent, 'idle', 20_000);
		expect(existsSync(path.join(root, 'denied-by-e2e.txt'))).toBe(false);
	});

	it.each([
		[401, 'auth_failed', 'api-401'],
		[429, 'rate_limited', 'api-429'],
		[529, 'provider_down', 'api-529'],
	] as const)('HTTP %i: working while Claude retries, then %s; a later answer is idle', async (status, state, scenario) => {
		e2e.mock.setMode('anthropic', {kind: 'status', status});
		const asked = e2e.mock.mainTurns('anthropic').length;
		const from = e2e.seen.length;
		await driver.send(`Please summarise the README (this call gets HTTP ${status})`);
		// The retry (a second request after ~1 s) hangs while the retry banner is checked.
		await waitFor(() => e2e.mock.mainTurns('anthropic').length > asked, {what: 'the first failed request'});
		e2e.mock.setMode('anthropic', {kind: 'status', status, delayMs: recording ? 12_000 : 5000});
		await waitFor(() => e2e.tmux(['capture-pane', '-p', '-t', `=${driver.session}:`]).includes('attempt 1/1'), {what: 'the retry banner'});
		await screens('working', `${scenario}-retrying`);
		await driver.untilAfter(from, state, 30_000);
		await screens(state, scenario);
		e2e.mock.setMode('anthropic', {kind: 'reply', text: 'Done: the README describes the tutti CLI.', delayMs: 300});
		const again = e2e.seen.length;
		await driver.send('Try again please');
		await driver.untilAfter(again, 'idle', 30_000);
		await screens('idle', `after-${scenario}`);
	});

	it('an answer quoting errors, a retry banner and the `❯ No / Yes` dialog stays idle', () => proseTrap(driver, newestTrap, 'answer-mentions-rate-limit'));

	it('/exit stops the CLI: stopped, and the screen it leaves reads as exited', async () => {
		await exitStops(driver, '/exit');
		// It clears its screen on the way out: what is left is tmux's `Pane is dead (status 0, …)`
		// line, which tmux does not always draw after a clean exit (then there is nothing to check).
		const banner = await waitFor(() => e2e.tmux(['capture-pane', '-p', '-t', `=${driver.session}:`]).includes('Pane is dead'), {timeoutMs: 5000, what: 'the banner'}).then(
			() => true,
			() => false,
		);
		if (banner) await screens('stopped', 'exited');
	});
});
