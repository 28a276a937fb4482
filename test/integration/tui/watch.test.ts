import {execFileSync} from 'node:child_process';
import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {killTmuxServer, makeGitRepo, uniqueSocket} from '../../helpers/sandbox.js';
import {makeWorld, waitFor} from '../../helpers/tt.js';
import {watchScript} from './watch-bin.js';

const config = `
[workspace]
name = "floor"

[defaults]
worktree = true
runtime = "demo"

[roles]
planner = "demo"
implementer = "demo"
tester = "demo"

[[agent]]
name = "planner"
role = "planner"

[[agent]]
name = "implementer"
role = "implementer"

[[agent]]
name = "tester"
role = "tester"
`;

/** `tt watch` as a user runs it: in a terminal (a pane of a separate tmux server), driven by keys. */
describe.each([
	[80, 24],
	[200, 50],
])('tt watch in a %ix%i terminal on a demo team', (columns, rows) => {
	const world = makeWorld(`tui${columns}`);
	const uiSocket = uniqueSocket(`ui${columns}`);
	let repo: string;
	const ui = (...args: string[]) => execFileSync('tmux', ['-L', uiSocket, '-f', '/dev/null', ...args], {encoding: 'utf8'});
	const screen = () => ui('capture-pane', '-p', '-t', 'w').replace(/\n$/, '');
	const agentScreen = (agent: string) => execFileSync('tmux', ['-L', world.socket, 'capture-pane', '-p', '-t', `=tt-floor-${agent}:`], {encoding: 'utf8'});
	const keys = (...names: string[]) => ui('send-keys', '-t', 'w', ...names);
	const windowSize = (agent: string) => execFileSync('tmux', ['-L', world.socket, 'display-message', '-p', '-t', `=tt-floor-${agent}:`, '#{window_width} #{window_height}'], {encoding: 'utf8'}).trim().split(' ').map(Number);
	const see = (text: string | RegExp, what = String(text), timeoutMs = 15_000) => waitFor(() => (typeof text === 'string' ? screen().includes(text) : text.test(screen())) && screen(), {timeoutMs, intervalMs: 50, what: `${what} on screen:\n${screen()}`});

	beforeAll(async () => {
		repo = makeGitRepo(path.join(world.dir, 'project'));
		writeFileSync(path.join(repo, 'tutti.toml'), config);
		execFileSync('git', ['add', 'tutti.toml'], {cwd: repo});
		execFileSync('git', ['commit', '-q', '-m', 'team'], {cwd: repo});
		// [notify] terminal: this tt watch rings (bell, OSC 9/777) without --bell.
		mkdirSync(path.join(world.env['XDG_CONFIG_HOME'] ?? '', 'tutti'), {recursive: true});
		writeFileSync(path.join(world.env['XDG_CONFIG_HOME'] ?? '', 'tutti', 'config.toml'), '[notify]\nterminal = true\n');
		const up = await world.tt(['up'], {cwd: repo});
		expect(up.code, up.stderr).toBe(0);
		const script = await watchScript();
		const env = Object.entries({...world.env, CI: undefined, TMUX: undefined, PS1: '$ '}).flatMap(([key, value]) => (value === undefined ? [] : ['-e', `${key}=${value}`]));
		ui('new-session', '-d', '-s', 'w', '-x', String(columns), '-y', String(rows), ...env, '-c', repo, '--', 'env', '-u', 'CI', 'bash', '--norc', '--noprofile');
		keys('-l', `echo BEFORE-WATCH; ${process.execPath} ${script} watch; echo AFTER-WATCH=$?`);
		keys('Enter');
	});
	afterAll(() => {
		killTmuxServer(uiSocket);
		world.cleanup();
	});

	it('shows every agent as a card with its state', async () => {
		await see(/○ (3 idle|3)\b/, 'three idle agents', 30_000);
		const text = screen();
		for (const name of ['planner', 'implementer', 'tester']) expect(text).toContain(name);
		expect(text).toContain('PLANNER');
		expect(text).toContain('q quit');
		expect(text.split('\n').length).toBe(rows);
	});

	it('shows a state change by itself, and rings the terminal', async () => {
		const sent = await world.tt(['send', 'tester', 'ask Ship it?'], {cwd: repo});
		expect(sent.code, sent.stderr).toBe(0);
		await waitFor(() => agentScreen('tester').includes('Do you want to proceed?'), {timeoutMs: 15_000, intervalMs: 20, what: 'the dialog on the agent'});
		// How fast is bench's business (bench/notify-latency.ts); here: it shows, with no key pressed.
		await see('✋ needs input', 'needs input', 5_000);
		expect(screen()).toContain('⚑');
		// The terminal running tt watch was rung: tmux flags the bell on its window.
		await waitFor(() => ui('display-message', '-p', '-t', 'w', '#{window_bell_flag}').trim() === '1', {timeoutMs: 5_000, what: 'the bell on the tt watch window'});
	});

	it('Y answers the dialog of the agent that needs you, from the floor', async () => {
		keys('Tab');
		await see('Y approve', 'approve offered in the footer', 5_000);
		keys('Y');
		await waitFor(() => agentScreen('tester').includes('Approved: Ship it?'), {timeoutMs: 15_000, what: 'the approved turn on the agent'});
		await see(/tester: dialog approved|approved tester's dialog/, 'the answer in the ticker or toast', 10_000);
		await see(/○ (3 idle|3)\b/, 'the team idle again', 15_000);
	});

	it('focus shows the agent\'s live terminal; the prompt bar delivers a prompt it answers', async () => {
		keys('g', 'l');
		keys('Enter');
		await see('◂ Esc', 'focus mode');
		await see('demo agent · implementer', 'the implementer\'s own screen');
		// Uncropped: the agent's window takes the terminal view's size (inside this terminal), so
		// the CLI draws for what is shown; the agent's whole prompt box is on the floor's screen.
		const focused = await waitFor(() => {
			const [width = 0, height = 0] = windowSize('implementer');
			return width <= columns && height < rows && width >= 20 && [width, height];
		}, {what: `the implementer's window at the focus view's size (now ${windowSize('implementer').join('x')})`});
		expect(focused[0]).toBeLessThanOrEqual(columns);
		keys('s');
		await see('prompt for implementer');
		keys('-l', 'echo pong-4711');
		keys('Enter');
		await see(/pong-4711[\s\S]*pong-4711|⎿.*pong-4711/, 'the agent\'s answer', 20_000);
	});

	it('attach hands the terminal to the agent and detach comes back to an intact screen', async () => {
		keys('Escape');
		const before = await see('◂ Esc', 'focus, prompt bar left');
		keys('a');
		await see('Ctrl+b d to return', 'the attached session', 10_000);
		keys('C-b', 'd');
		await see('◂ Esc', 'focus mode again', 10_000);
		// Intact: the same rows in the same places (the clock and timers aside).
		const after = screen();
		expect(after.split('\n').length).toBe(rows);
		expect(after.split('\n')[0]?.slice(0, 20)).toBe(before.split('\n')[0]?.slice(0, 20));
		expect(after).not.toContain('Ctrl+b d to return');
	});

	it('q exits and restores the terminal exactly', async () => {
		keys('Escape');
		await see('PLANNER', 'the floor');
		// Focus left: the agent has tutti's own size back.
		await waitFor(() => windowSize('implementer').join('x') === '200x50', {what: `the implementer's own size back (now ${windowSize('implementer').join('x')})`});
		keys('q');
		await see('AFTER-WATCH=0', 'the shell again', 10_000);
		const text = screen();
		expect(text).toContain('BEFORE-WATCH');
		expect(text).not.toContain('PLANNER');
		expect(ui('display-message', '-p', '-t', 'w', '#{alternate_on} #{cursor_flag} #{mouse_any_flag}').trim()).toBe('0 1 0');
	});
});
