import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {makeGitRepo} from '../../helpers/sandbox.js';
import {makeWorld, waitFor} from '../../helpers/tt.js';

const program = fileURLToPath(new URL('../../fixtures/programs/moody-input.mjs', import.meta.url));

/**
 * `tt send` checks the screen instead of trusting that keys arrived: text a CLI dropped is typed
 * again, an Enter it ignored is pressed again, and a prompt that stays unsent is an error that
 * says so — never a silent success.
 */
describe('prompt delivery is checked on screen', () => {
	const world = makeWorld('delivery');
	let repo = '';
	const tt = (args: string[]) => world.tt(args, {cwd: repo});
	const received = (agent: string): string[] => {
		const file = path.join(repo, `${agent}.received`);
		return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
	};
	const modes = {dropper: 'drop-first-paste', deaf: 'ignore-first-enter', stuck: 'never-submit', helpful: 'help-on-enter', slow: 'slow-echo', plain: ''};

	beforeAll(async () => {
		repo = makeGitRepo(path.join(world.dir, 'project'));
		const agents = Object.entries(modes).map(([name, mode]) =>
			[`[[agent]]`, `name = "${name}"`, `runtime = "custom"`, `command = ${JSON.stringify(['node', program, `${name}.received`, ...(mode ? [mode] : [])])}`, `[agent.screen]`, `idle = ["^> "]`].join('\n'),
		);
		writeFileSync(path.join(repo, 'tutti.toml'), `[workspace]\nname = "delivery"\n[defaults]\nworktree = false\n${agents.join('\n')}\n`);
		expect((await tt(['up'])).code).toBe(0);
		for (const name of Object.keys(modes)) {
			await waitFor(async () => (await tt(['peek', name])).stdout.includes('>'), {what: `${name} prompt`});
		}
	});
	afterAll(() => world.cleanup());

	it.each([
		['a CLI that takes it at once', 'plain'],
		['a CLI that dropped the first paste', 'dropper'],
		['a CLI that ignored the first Enter', 'deaf'],
	])('%s gets the prompt exactly once', async (_name, agent) => {
		const result = await tt(['send', agent, '--json', 'please add a test for parse()']);
		expect(result.code, result.stderr).toBe(0);
		expect(JSON.parse(result.stdout)).toMatchObject({agent, confirmed: true});
		await waitFor(() => received(agent).length > 0, {what: `${agent} received`});
		expect(received(agent)).toEqual(['please add a test for parse()']);
	});

	it('the same prompt twice is typed and taken twice (its earlier echo is not mistaken for the new paste)', async () => {
		for (let round = 0; round < 2; round++) expect((await tt(['send', 'plain', 'again and again'])).code).toBe(0);
		await waitFor(() => received('plain').filter((line) => line === 'again and again').length === 2, {what: 'two prompts'});
	});

	it('a prompt the CLI never takes is an error that says it is still unsent', async () => {
		const result = await tt(['send', 'stuck', 'this one will not go']);
		expect(result.code).not.toBe(0);
		expect(result.stderr).toMatch(/error\[agent\]/);
		expect(result.stderr).toMatch(/still in the input box, unsent/);
		expect(result.stderr).toMatch(/tt attach stuck/);
		expect(received('stuck')).toEqual([]);
	});

	it('send --wait waits for a prompt that takes seconds to type before it counts the agent idle', async () => {
		// The paste shows only after the second try (~3 s): an agent idle meanwhile has not answered yet.
		const result = await tt(['send', 'slow', '--wait', '--output', '--json', 'slow to show up']);
		expect(result.code, result.stderr).toBe(0);
		expect(received('slow')).toEqual(['slow to show up']);
		expect((JSON.parse(result.stdout) as {captured_output: string}).captured_output).toContain('got: slow to show up');
	});

	it('a screen that changed on Enter but still holds the prompt is not a submit', async () => {
		const result = await tt(['send', 'helpful', 'opens help instead']);
		expect(result.stderr).toMatch(/still in the input box, unsent/);
		expect(result.code).not.toBe(0);
		expect((await tt(['peek', 'helpful'])).stdout).toMatch(/shortcuts: ! shell mode[\s\S]*> opens help instead/);
	});
});
