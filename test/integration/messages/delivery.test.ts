import {execFileSync} from 'node:child_process';
import {rmSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {answerPrompt, stopAgents} from '../../../src/core/actions/index.js';
import {sendPrompt, waitUntilReady} from '../../../src/core/agents/send.js';
import {upAgents} from '../../../src/core/agents/up.js';
import {getMessage, postMessage} from '../../../src/core/messages/index.js';
import {WorkspaceObserver} from '../../../src/core/state/workspace-observer.js';
import {waitFor} from '../../helpers/tt.js';
import {mailWorld, receivedMessages, userTurns} from './world.js';

/**
 * A message is stored first and typed only at the recipient's turn boundary: recorded idle, no
 * dialog on screen, nothing a person typed in its input box. Until then it is held (with the
 * reason), and it is delivered — once, labelled with its sender — as soon as that passes.
 */
describe('mailbox delivery at turn boundaries (demo agents, real tmux, a recorder)', () => {
	const names = ['quiet', 'busy', 'asking', 'typing', 'watched'];
	const {core, ctx, agent} = mailWorld('mail-delivery', names);
	const observer = new WorkspaceObserver(ctx, {pollMs: 100});
	const stateOf = (name: string) => ctx.store.agentStates().get(name)?.state;
	const session = (name: string) => ctx.sessionOf(name);
	const screen = async (name: string) => ctx.services.tmux.capturePane(session(name));
	const events = (name: string, id: number) => ctx.store.lastEvents(3000).filter((event) => event.event === name && event.data?.['id'] === id);

	beforeAll(async () => {
		await observer.start();
		await upAgents(ctx, {});
		for (const name of names) await waitUntilReady(ctx, agent(name), 30_000);
		for (const name of names) await waitFor(() => stateOf(name) === 'idle', {what: `${name} recorded idle`, timeoutMs: 20_000});
	});
	// A person's terminal attached to `watched` (a second tmux server hosts the terminal tmux needs).
	const terminal = `tutti-person-${process.pid}`;
	const detachPerson = () => {
		try {
			execFileSync('tmux', ['-L', terminal, 'kill-server'], {stdio: 'ignore'});
		} catch {
			// No terminal left: nothing to stop.
		}
		// tmux leaves its socket file behind when its server is killed.
		rmSync(path.join(process.env['TMUX_TMPDIR'] || '/tmp', `tmux-${process.getuid?.() ?? 0}`, terminal), {force: true});
	};
	afterAll(async () => {
		detachPerson();
		await observer.stop();
		await stopAgents(ctx, {}).catch(() => undefined);
		core.cleanup();
	});

	it('an idle recipient gets the message at once, labelled with its sender', async () => {
		const {messages} = await postMessage(ctx, {to: ['quiet'], body: 'the schema is in docs/api.md'});
		expect(messages).toHaveLength(1);
		expect(messages[0]).toMatchObject({state: 'delivered', sender: 'human', recipient: 'quiet', attempts: 1});
		await waitFor(() => userTurns(ctx, 'quiet').length === 1, {what: 'the turn logged', timeoutMs: 10_000});
		expect(userTurns(ctx, 'quiet')).toEqual([`[message ${messages[0]!.id} from human via tutti] the schema is in docs/api.md`]);
		expect(events('message.delivered', messages[0]!.id)).toHaveLength(1);
	});

	type Case = {name: string; agent: string; reason: string; block: () => Promise<void>; blocked: () => Promise<void>; release: () => Promise<void>; turnsBefore: string[]};
	const cases: Case[] = [
		{
			name: 'a busy recipient: held, then delivered after its turn',
			agent: 'busy',
			reason: 'working',
			block: async () => {
				await sendPrompt(ctx, 'busy', 'sleep 3');
				await waitFor(() => stateOf('busy') === 'working', {what: 'busy working', timeoutMs: 10_000});
			},
			blocked: async () => undefined,
			release: async () => undefined,
			turnsBefore: ['sleep 3'],
		},
		{
			name: 'a dialog on screen: held, never typed into it; delivered once someone answers',
			agent: 'asking',
			reason: 'needs_input',
			block: async () => {
				await sendPrompt(ctx, 'asking', 'ask Deploy to production?');
				await waitFor(() => stateOf('asking') === 'needs_input', {what: 'the dialog', timeoutMs: 10_000});
			},
			blocked: async () => expect(await screen('asking')).toContain('Do you want to proceed?'),
			release: async () => {
				await answerPrompt(ctx, 'asking', 'deny');
			},
			turnsBefore: ['ask Deploy to production?'],
		},
		{
			name: "a person's half-typed input: held, never clobbered; delivered after they send it",
			agent: 'typing',
			reason: 'draft',
			block: async () => {
				await ctx.services.tmux.pasteText(session('typing'), 'please also check the', {bracketed: false});
				await waitFor(async () => (await screen('typing')).includes('please also check the'), {what: 'the draft on screen', timeoutMs: 5_000});
			},
			blocked: async () => expect(await screen('typing')).toMatch(/❯ please also check the\s*│/),
			release: async () => {
				await ctx.services.tmux.pasteText(session('typing'), ' README', {bracketed: false});
				await ctx.services.tmux.sendKeys(session('typing'), ['Enter']);
			},
			turnsBefore: ['please also check the README'],
		},
		{
			name: 'a person attached and pressing keys (no text in the box yet): held while they type; delivered once they leave',
			agent: 'watched',
			reason: 'typing',
			block: async () => {
				const attach = ['tmux', ...ctx.services.tmux.attachArgv(session('watched'))].join(' ');
				execFileSync('tmux', ['-L', terminal, 'new-session', '-d', '-s', 'person', '-x', '100', '-y', '30', '-e', 'TMUX=', attach]);
				await waitFor(async () => (await ctx.services.tmux.secondsSinceKeyPress(session('watched'))) !== undefined, {what: 'the terminal attached', timeoutMs: 5_000});
				// A key that types nothing: the box stays empty, only tmux knows a person is there.
				execFileSync('tmux', ['-L', terminal, 'send-keys', '-t', 'person', 'Left']);
				await waitFor(async () => ((await ctx.services.tmux.secondsSinceKeyPress(session('watched'))) ?? 99) < 3, {what: 'the key press seen', timeoutMs: 5_000});
			},
			blocked: async () => expect(await screen('watched')).toMatch(/❯\s*│/),
			release: async () => detachPerson(),
			turnsBefore: [],
		},
	];

	it.each(cases)('$name', async (scenario) => {
		await scenario.block();
		const body = `note for ${scenario.agent}`;
		const [message] = (await postMessage(ctx, {to: [scenario.agent], body, from: 'quiet'})).messages;
		expect(message).toMatchObject({state: 'held', reason: scenario.reason});
		expect(events('message.held', message!.id)).toEqual([expect.objectContaining({agent: scenario.agent, data: {id: message!.id, from: 'quiet', reason: scenario.reason}})]);
		// The recorder keeps it held while the cause lasts (it looks again every poll round).
		await new Promise((resolve) => setTimeout(resolve, 2_500));
		await scenario.blocked();
		expect(getMessage(ctx.store, message!.id)?.state).toBe('held');
		expect(receivedMessages(ctx, scenario.agent)).toEqual([]);
		await scenario.release();
		await waitFor(() => getMessage(ctx.store, message!.id)?.state === 'delivered', {what: 'the delivery', timeoutMs: 30_000});
		await waitFor(() => userTurns(ctx, scenario.agent).length === scenario.turnsBefore.length + 1, {what: 'the turn logged', timeoutMs: 10_000});
		expect(userTurns(ctx, scenario.agent)).toEqual([...scenario.turnsBefore, `[message ${message!.id} from quiet via tutti] ${body}`]);
		expect(events('message.delivered', message!.id)).toHaveLength(1);
	});
});
