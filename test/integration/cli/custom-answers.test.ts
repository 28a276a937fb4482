import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {makeGitRepo} from '../../helpers/sandbox.js';
import {makeWorld, waitFor} from '../../helpers/tt.js';

const program = fileURLToPath(new URL('../../fixtures/programs/asking-cli.mjs', import.meta.url));

/** A custom CLI declares in tutti.toml which keys answer its dialog; tt approve / tt deny press them. */
describe('answers declared by a custom runtime', () => {
	const world = makeWorld('custom-answers');
	let repo = '';
	const tt = (...args: string[]) => world.tt(args, {cwd: repo});
	const answered = () => {
		const file = path.join(repo, 'answers.log');
		return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
	};
	const stateOf = async (agent: string) => ((JSON.parse((await tt('status', '--json')).stdout) as Array<{name: string; state: string}>).find((entry) => entry.name === agent))?.state;
	const askAndWait = async (command: string) => {
		const sent = await tt('send', 'bot', `run ${command}`);
		expect(sent.code, sent.stderr).toBe(0);
		await waitFor(async () => (await stateOf('bot')) === 'needs_input', {timeoutMs: 15_000, what: 'bot needing input'});
	};

	beforeAll(async () => {
		repo = makeGitRepo(path.join(world.dir, 'project'));
		const agents = [
			'[[agent]]',
			'name = "bot"',
			'runtime = "custom"',
			`command = ${JSON.stringify(['node', program, 'answers.log'])}`,
			'[agent.screen]',
			"idle = ['^> ']",
			String.raw`needs_input = ['\[y/n\]\s*$']`,
			'[[agent.answers]]',
			String.raw`pattern = '^run ".*"\? \[y/n\]\s*$'`,
			'approve = ["y"]',
			'deny = ["n"]',
			'[[agent]]',
			'name = "mute"',
			'runtime = "custom"',
			`command = ${JSON.stringify(['node', program, 'mute.log'])}`,
			'[agent.screen]',
			"idle = ['^> ']",
			String.raw`needs_input = ['\[y/n\]\s*$']`,
		];
		writeFileSync(path.join(repo, 'tutti.toml'), `[workspace]\nname = "custom"\n[defaults]\nworktree = false\n${agents.join('\n')}\n`);
		const up = await tt('up');
		expect(up.code, up.stderr).toBe(0);
		for (const agent of ['bot', 'mute']) await waitFor(async () => (await tt('peek', agent)).stdout.includes('asking-cli ready'), {what: `${agent} ready`});
	});
	afterAll(async () => {
		await tt('down');
		world.cleanup();
	});

	it('approve presses the declared keys once, and the CLI goes on with what it asked', async () => {
		await askAndWait('deploy');
		const result = await tt('approve', 'bot', '--json');
		expect(result.code, result.stderr).toBe(0);
		expect(JSON.parse(result.stdout)).toMatchObject({agent: 'bot', answer: 'approve', rule: 'custom/answer.1', keys: ['y']});
		await waitFor(() => answered().length > 0, {what: 'the answer to reach the CLI'});
		expect(answered()).toEqual(['allowed: deploy']);
	});

	it('deny presses the declining keys, and says so in words', async () => {
		await askAndWait('drop-database');
		const result = await tt('deny', 'bot');
		expect(result.code, result.stderr).toBe(0);
		expect(result.stdout).toMatch(/^denied bot's dialog \(custom\) · pressed n\n/);
		await waitFor(() => answered().length > 1, {what: 'the refusal to reach the CLI'});
		expect(answered()).toEqual(['allowed: deploy', 'refused: drop-database']);
	});

	it('a custom agent without answers is refused, and told where to declare them', async () => {
		const sent = await tt('send', 'mute', 'run wipe');
		expect(sent.code, sent.stderr).toBe(0);
		await waitFor(async () => (await stateOf('mute')) === 'needs_input', {timeoutMs: 15_000, what: 'mute needing input'});
		const result = await tt('approve', 'mute');
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('agent "mute" needs input, but its config declares no keys for its dialogs');
		expect(result.stderr).toContain(`declare its keys in tutti.toml: [[agent.answers]] pattern = '<a row of the dialog>', approve = ["y"], deny = ["n"]`);
		expect(existsSync(path.join(repo, 'mute.log'))).toBe(false);
	});
});

describe('answers in tutti.toml are checked before anything runs', () => {
	const world = makeWorld('answers-config');
	afterAll(() => world.cleanup());
	const status = async (name: string, agent: string) => {
		const dir = makeGitRepo(path.join(world.dir, name));
		writeFileSync(path.join(dir, 'tutti.toml'), `[workspace]\nname = "w"\n[defaults]\nworktree = false\n[[agent]]\nname = "bot"\n${agent}\n`);
		return {file: path.join(dir, 'tutti.toml'), result: await world.tt(['status'], {cwd: dir})};
	};
	const custom = String.raw`runtime = "custom"
command = "my-agent"
[agent.screen]
needs_input = ['\[y/n\]']`;

	it('a key tmux would type as a word names the key it probably is, at its line', async () => {
		const {file, result} = await status('key', `${custom}\n[[agent.answers]]\npattern = 'y/n'\napprove = ["y", "Return"]\ndeny = ["Esc"]\n`);
		expect(result.code).toBe(1);
		expect(result.stderr).toContain(`${file}:13:17: agent "bot".answers #1.approve #2: expected one character or a tmux key name (Enter, Escape, Tab, Space, Up, Down, C-c, …), got "Return" (did you mean "Enter"?)`);
		expect(result.stderr).toContain(`${file}:14:9: agent "bot".answers #1.deny #1: expected one character or a tmux key name (Enter, Escape, Tab, Space, Up, Down, C-c, …), got "Esc" (did you mean "Escape"?)`);
	});

	it('an answer needs keys for both choices and a pattern that compiles', async () => {
		const {result} = await status('empty', `${custom}\n[[agent.answers]]\npattern = '[y/n'\napprove = []\ndeny = ["n"]\n`);
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(/:12:11: agent "bot"\.answers #1\.pattern: expected a valid regular expression, got "\[y\/n" \(Invalid regular expression: .*\)/);
		expect(result.stderr).toMatch(/:13:11: agent "bot"\.answers #1\.approve: expected at least 1 entry, got an empty array/);
	});

	it('a built-in runtime keeps its own keys: answers on it are an error', async () => {
		const {result} = await status('builtin', 'runtime = "demo"\n[[agent.answers]]\npattern = "y/n"\napprove = ["y"]\ndeny = ["n"]\n');
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('agent "bot".answers: answers are for runtime "custom" only: the demo runtime declares the keys of its own dialogs');
	});

	it('answers with no needs_input pattern load with a warning: they could never be used', async () => {
		const {result} = await status('unused', 'runtime = "custom"\ncommand = "my-agent"\n[[agent.answers]]\npattern = "y/n"\napprove = ["y"]\ndeny = ["n"]\n');
		expect(result.code, result.stderr).toBe(0);
		expect(result.stderr).toContain('agent "bot".answers: answers are used only while the agent needs input, and no [agent.screen] needs_input pattern says when it does');
	});
});
