import {readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {makeGitRepo} from '../../helpers/sandbox.js';
import {makeWorld, waitFor} from '../../helpers/tt.js';

describe('prompts are delivered literally', () => {
	const world = makeWorld('prompt');
	let repo: string;
	beforeAll(async () => {
		repo = makeGitRepo(path.join(world.dir, 'project'));
		writeFileSync(path.join(repo, 'tutti.toml'), '[workspace]\nname = "prompts"\n[defaults]\nworktree = false\nruntime = "demo"\n[[agent]]\nname = "echoer"\n');
		const up = await world.tt(['up'], {cwd: repo});
		expect(up.code, up.stderr).toBe(0);
		await waitFor(async () => {
			const result = await world.tt(['status', '--json'], {cwd: repo});
			return (JSON.parse(result.stdout) as Array<{state: string}>)[0]?.state === 'idle';
		}, {what: 'echoer idle'});
	});
	afterAll(() => world.cleanup());

	it('quotes, $(…), backticks and tmux key names arrive as text, never interpreted', async () => {
		const hostile = `echo it's "quoted" $(touch pwned) \`touch pwned2\` ; C-c Enter Escape {a} %s #{pane_id}`;
		const result = await world.tt(['send', 'echoer', '--wait', '--output', '--timeout-secs', '60', hostile], {cwd: repo});
		expect(result.code, result.stderr).toBe(0);
		expect(result.stdout).toContain(`it's "quoted" $(touch pwned) \`touch pwned2\` ; C-c Enter Escape {a} %s #{pane_id}`);
		expect(() => readFile('pwned')).toThrow();
		expect(() => readFile('pwned2')).toThrow();
	});

	it('a multi-line prompt from stdin arrives as one prompt', async () => {
		const result = await world.tt(['send', 'echoer', '--wait', '--output', '--timeout-secs', '60', '-'], {cwd: repo, input: 'echo first line\nsecond line\nthird $(line)\n'});
		expect(result.code, result.stderr).toBe(0);
		expect(result.stdout).toMatch(/first line/);
		expect(result.stdout).toMatch(/second line/);
		expect(result.stdout).toMatch(/third \$\(line\)/);
		const peek = await world.tt(['peek', 'echoer', '--json'], {cwd: repo});
		const screen = (JSON.parse(peek.stdout) as {text: string}).text;
		// One prompt, one answer: "second line" is not answered as a prompt of its own.
		expect(screen).not.toMatch(/Done: looked into "second line/);
	});

	function readFile(name: string): string {
		return readFileSync(path.join(repo, name), 'utf8');
	}
});
