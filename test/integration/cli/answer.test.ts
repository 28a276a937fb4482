import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {makeGitRepo} from '../../helpers/sandbox.js';
import {makeWorld, waitFor} from '../../helpers/tt.js';

/** `tt approve` / `tt deny` on the demo agent's permission dialog, in real tmux. */
describe('tt approve, tt deny', () => {
	const world = makeWorld('answer');
	let repo: string;
	const tt = (...args: string[]) => world.tt(args, {cwd: repo});
	const screen = async () => (await tt('peek', 'solo')).stdout;
	const askAndWait = async (question: string) => {
		const sent = await tt('send', 'solo', `ask ${question}`);
		expect(sent.code, sent.stderr).toBe(0);
		await waitFor(async () => (await screen()).includes('Do you want to proceed?'), {timeoutMs: 15_000, what: 'the dialog'});
	};

	beforeAll(async () => {
		repo = makeGitRepo(path.join(world.dir, 'project'));
		writeFileSync(path.join(repo, 'tutti.toml'), '[workspace]\nname = "answers"\n[defaults]\nworktree = false\nruntime = "demo"\n[[agent]]\nname = "solo"\n');
		const up = await tt('up', 'solo');
		expect(up.code, up.stderr).toBe(0);
		await waitFor(async () => (await screen()).includes('demo agent ready'), {what: 'the demo prompt'});
	});
	afterAll(async () => {
		await tt('down');
		world.cleanup();
	});

	it('refuses while the agent is idle: nothing to answer, and the screen is untouched', async () => {
		const before = await screen();
		const result = await tt('approve', 'solo');
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('error[agent]');
		expect(result.stderr).toContain('agent "solo" is not waiting for an answer (it is idle): nothing to approve');
		expect(result.stderr).toContain('hint: See what it is doing: tt peek solo');
		expect(await screen()).toBe(before);
	});

	it('approve answers the dialog and the turn finishes with the approval', async () => {
		await askAndWait('Ship it?');
		// Every surface names what is asked, not the dialog's footer (`Esc to cancel`) or last option.
		const asking = (JSON.parse((await tt('status', '--json')).stdout) as Array<{name: string; state: string; detail: string}>).find((agent) => agent.name === 'solo');
		expect(asking).toMatchObject({state: 'needs_input', detail: 'Ship it?'});
		expect((await tt('health')).stdout).toMatch(/solo .*needs input +ok +(?:just now|\d+s ago) +Ship it\?\n/);
		const result = await tt('approve', 'solo', '--json');
		expect(result.code, result.stderr).toBe(0);
		expect(JSON.parse(result.stdout)).toMatchObject({workspace: 'answers', agent: 'solo', answer: 'approve', rule: 'demo/answer.permission', keys: ['1']});
		await waitFor(async () => {
			const text = await screen();
			return text.includes('Approved: Ship it?') && text.includes('demo agent ready');
		}, {what: 'the approved turn to finish'});
		const status = await tt('status', '--json');
		expect((JSON.parse(status.stdout) as Array<{name: string; state: string}>).find((agent) => agent.name === 'solo')?.state).toBe('idle');
	});

	it('deny declines it, in words without --json', async () => {
		await askAndWait('Drop the table?');
		const result = await tt('deny', 'solo');
		expect(result.code, result.stderr).toBe(0);
		expect(result.stdout).toMatch(/^denied solo's dialog \(answers\) · pressed Escape\nstate: /);
		await waitFor(async () => (await screen()).includes('Declined: Drop the table?'), {what: 'the declined turn'});
	});

	it('an unknown agent is refused, naming the agents there are', async () => {
		const result = await tt('deny', 'nobody');
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('error[agent]');
		expect(result.stderr).toMatch(/"nobody"[\s\S]*hint: .*solo/);
	});
});
