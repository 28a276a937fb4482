import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {createCore} from '../../../src/cli/core.js';
import {answerPrompt} from '../../../src/core/actions/answer.js';
import {WorkspaceContext} from '../../../src/core/agents/context.js';
import {TuttiConfigSchema} from '../../../src/core/config/index.js';
import type {RunOptions, RunResult, Runner} from '../../../src/core/process/runner.js';
import {ProcessError} from '../../../src/core/errors.js';
import {readScreen, screensDir} from '../adapters/fixtures.js';
import {makeTempDir} from '../../helpers/sandbox.js';

type Screen = {lines: string[]; title: string};

const fixture = (name: string): Screen => {
	const input = readScreen(path.join(screensDir, name));
	return {lines: [...input.lines], title: input.title ?? ''};
};

/**
 * tmux as far as one agent pane goes: `display-message` describes the pane, `capture-pane` prints
 * the current screen, `send-keys` is recorded and moves the pane to the screen `react` returns.
 * Any other tmux call fails the test.
 */
class ScriptedPane implements Runner {
	readonly keys: string[][] = [];
	running = true;

	constructor(
		private readonly session: string,
		public screen: Screen,
		private readonly react: (keys: string[]) => Screen | undefined,
	) {}

	async run(command: string, args: readonly string[], _options: RunOptions = {}): Promise<RunResult> {
		const tmuxArgs = args.slice(4); // -L <socket> -f <conf>
		const reply = (stdout: string, exitCode = 0): RunResult => ({command, args, exitCode, stdout, stderr: '', timedOut: false, signal: undefined});
		if (command !== 'tmux') throw new Error(`unexpected ${command}`);
		const verb = tmuxArgs[0];
		if (verb === 'display-message') {
			if (!this.running) return reply('', 1);
			return reply(`${[this.session, '%1', '4242', '0', '', '', '80', '24', 'node', '1700000000', this.screen.title].join('\u001f')}\n`);
		}
		if (verb === 'capture-pane') return reply(`${this.screen.lines.join('\n')}\n`);
		if (verb === 'send-keys') {
			const keys = tmuxArgs.slice(3); // -t <target> keys…
			this.keys.push(keys);
			this.screen = this.react(keys) ?? this.screen;
			return reply('');
		}
		throw new ProcessError({command, args, exitCode: 1, signal: undefined, stdout: '', stderr: `unexpected tmux ${String(verb)}`, timedOut: false});
	}
}

const cleanups: Array<() => void> = [];
afterEach(() => {
	for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A workspace with agents `dev` (demo), `cc` (Claude Code) and `cu` (a custom CLI whose dialog is known but not its keys). */
function workspaceWith(agent: string, screen: Screen, react: (keys: string[]) => Screen | undefined = () => fixture('demo/working--spinner.txt')) {
	const temp = makeTempDir('tutti-answer-');
	const config = TuttiConfigSchema.parse({
		workspace: {name: 'ans'},
		defaults: {runtime: 'demo', worktree: false},
		agent: [{name: 'dev'}, {name: 'cc', runtime: 'claude-code'}, {name: 'cu', runtime: 'custom', command: 'my-cli', screen: {needs_input: ['^Allow this\\?']}}],
	});
	const pane = new ScriptedPane(`tt-ans-${agent}`, screen, react);
	const services = createCore({runner: pane, socket: 'unused', tmuxConf: '/dev/null', env: {}, tuttiBin: 'tt.js'});
	const ctx = new WorkspaceContext({root: temp.dir, path: path.join(temp.dir, 'tutti.toml'), config, warnings: []}, services);
	expect(ctx.sessionOf(agent)).toBe(`tt-ans-${agent}`);
	cleanups.push(() => {
		ctx.close();
		temp.cleanup();
	});
	const answered = () => ctx.store.lastEvents(50).filter((event) => event.event === 'agent.answered');
	return {ctx, pane, answered};
}

describe('answerPrompt', () => {
	it('approves the demo dialog with the keys its adapter declares, and records one agent.answered', async () => {
		const {ctx, pane, answered} = workspaceWith('dev', fixture('demo/needs_input--dialog.txt'));
		const result = await answerPrompt(ctx, 'dev', 'approve');
		expect(pane.keys).toEqual([['1']]);
		expect(result).toEqual({workspace: 'ans', agent: 'dev', answer: 'approve', rule: 'demo/answer.permission', keys: ['1'], state: 'working'});
		expect(answered().map((event) => [event.agent, event.data])).toEqual([['dev', {answer: 'approve', rule: 'demo/answer.permission', keys: ['1']}]]);
	});

	it("denies Claude Code's Bash approval with Esc", async () => {
		const {ctx, pane, answered} = workspaceWith('cc', fixture('claude-code/needs_input--bash-approval--80x24.txt'), () => fixture('claude-code/idle--answer--80x24.txt'));
		const result = await answerPrompt(ctx, 'cc', 'deny');
		expect(pane.keys).toEqual([['Escape']]);
		expect(result).toMatchObject({answer: 'deny', rule: 'claude-code/answer.permission', keys: ['Escape'], state: 'idle'});
		expect(answered()).toHaveLength(1);
	});

	it('refuses an agent that is not waiting for an answer, and presses nothing', async () => {
		const {ctx, pane, answered} = workspaceWith('dev', fixture('demo/idle--prompt.txt'));
		await expect(answerPrompt(ctx, 'dev', 'approve')).rejects.toMatchObject({code: 'ERR_AGENT_NOT_ASKING', message: 'agent "dev" is not waiting for an answer (it is idle): nothing to approve', hint: 'See what it is doing: tt peek dev'});
		expect(pane.keys).toEqual([]);
		expect(answered()).toEqual([]);
	});

	it('refuses a dialog that is not an approval (a Claude question): no keys are guessed', async () => {
		const {ctx, pane} = workspaceWith('cc', fixture('claude-code/needs_input--question.txt'));
		await expect(answerPrompt(ctx, 'cc', 'approve')).rejects.toMatchObject({code: 'ERR_ANSWER_UNKNOWN', hint: 'Answer it yourself: tt attach cc'});
		expect(pane.keys).toEqual([]);
	});

	it('refuses a CLI whose keys are unknown (a custom CLI that declares its dialog but no answers)', async () => {
		const {ctx, pane} = workspaceWith('cu', {lines: ['some output', 'Allow this?', '  yes / no'], title: ''});
		await expect(answerPrompt(ctx, 'cu', 'deny')).rejects.toMatchObject({code: 'ERR_ANSWER_UNKNOWN', message: 'agent "cu" needs input, but its config declares no keys for its dialogs', hint: expect.stringContaining('[[agent.answers]]') as unknown});
		expect(pane.keys).toEqual([]);
	});

	it('says so when the keys left the screen as it was, and records nothing', async () => {
		const {ctx, pane, answered} = workspaceWith('dev', fixture('demo/needs_input--dialog.txt'), () => undefined);
		await expect(answerPrompt(ctx, 'dev', 'approve', {takenWithinMs: 150})).rejects.toMatchObject({code: 'ERR_ANSWER_NOT_TAKEN', hint: 'Look at it: tt attach dev'});
		// Pressed once only: a second press could answer the next dialog.
		expect(pane.keys).toEqual([['1']]);
		expect(answered()).toEqual([]);
	});

	it('waits for a dialog the CLI announced (recorded needs_input) but has not drawn yet', async () => {
		const {ctx, pane} = workspaceWith('dev', fixture('demo/working--spinner.txt'), () => fixture('demo/working--spinner.txt'));
		ctx.store.recordState('ans', 'dev', {state: 'needs_input', source: 'native', rule: 'osc7501.blocked'});
		setTimeout(() => (pane.screen = fixture('demo/needs_input--dialog.txt')), 200);
		const result = await answerPrompt(ctx, 'dev', 'deny', {dialogShowsWithinMs: 5_000});
		expect(pane.keys).toEqual([['Escape']]);
		expect(result).toMatchObject({answer: 'deny', rule: 'demo/answer.permission'});
	});

	it('refuses a working agent whose recorded state is not needs_input, without waiting', async () => {
		const {ctx, pane} = workspaceWith('dev', fixture('demo/working--spinner.txt'));
		ctx.store.recordState('ans', 'dev', {state: 'working', source: 'screen'});
		await expect(answerPrompt(ctx, 'dev', 'approve', {dialogShowsWithinMs: 60_000})).rejects.toMatchObject({code: 'ERR_AGENT_NOT_ASKING'});
		expect(pane.keys).toEqual([]);
	});

	it('refuses an agent that is not running', async () => {
		const {ctx, pane} = workspaceWith('dev', fixture('demo/needs_input--dialog.txt'));
		pane.running = false;
		await expect(answerPrompt(ctx, 'dev', 'approve')).rejects.toMatchObject({code: 'ERR_AGENT_NOT_RUNNING', hint: 'Start it: tt up dev'});
	});

	it('refuses an unknown agent', async () => {
		const {ctx} = workspaceWith('dev', fixture('demo/needs_input--dialog.txt'));
		await expect(answerPrompt(ctx, 'nobody', 'approve')).rejects.toMatchObject({code: 'ERR_AGENT_UNKNOWN'});
	});
});
