import {expect} from 'vitest';
import type {WorkspaceContext} from '../../src/core/agents/context.js';
import {listMessages} from '../../src/core/messages/index.js';
import type {ClientKind} from '../mock-model/server.js';
import {waitFor} from '../helpers/tt.js';
import {receivedMessages} from '../integration/messages/world.js';
import type {E2eWorld} from './harness.js';
import {startProfile, upProfile, type CliProfile, type StartedProfile} from './profiles.js';

export const helper = 'helper';
const marker = 'TUTTI-MCP-E2E';

/** The text of every `role: "tool"` message a Chat Completions client sent back, in order: the last request carries the whole turn. */
export function chatToolOutputs(e2e: E2eWorld): string[] {
	const last = e2e.mock.requests.filter((entry) => entry.client === 'chat' && entry.role === 'main').at(-1);
	return ((last?.body as {messages?: Array<{role?: string; content?: unknown}>} | undefined)?.messages ?? [])
		.filter((message) => message.role === 'tool')
		.map((message) => (typeof message.content === 'string' ? message.content : JSON.stringify(message.content)));
}

/**
 * The scripted turn, for a CLI already at its prompt beside the demo agent `helper`: the mock model
 * answers a marked prompt with list_agents, send_message (with a forged sender argument) and
 * wait_for; returns once the CLI is idle again.
 */
export async function scriptedMcpTurn(e2e: E2eWorld, ctx: WorkspaceContext, options: {agent: string; client: ClientKind; text: string}): Promise<void> {
	const {agent, text} = options;
	await e2e.until(agent, 'idle', 60_000);
	await e2e.until(helper, 'idle', 30_000);
	e2e.mock.setMode(options.client, {
		kind: 'script',
		marker,
		calls: [
			{name: 'mcp__tutti__list_agents', input: {}},
			{name: 'mcp__tutti__send_message', input: {to: [helper], text, from: 'human'}},
			{name: 'mcp__tutti__wait_for', input: {agents: [helper], until: 'idle', timeout_seconds: 40}},
		],
		text: 'Told helper; it has taken it in.',
	});
	const from = e2e.seen.length;
	const sent = await e2e.world.tt(['send', agent, `${marker}: tell helper the news`], {cwd: ctx.root});
	expect(sent.code, sent.stderr).toBe(0);
	await e2e.untilAfter(agent, from, 'idle', 120_000);
}

/** The done-means round trip ({@link scriptedMcpTurn}): the demo agent gets the message once, labelled with the true sender. */
export async function mcpRoundTrip(e2e: E2eWorld, ctx: WorkspaceContext, options: {agent: string; client: ClientKind; toolOutputs: () => string[]; text: string}): Promise<void> {
	const {agent, text} = options;
	await scriptedMcpTurn(e2e, ctx, options);
	const outputs = options.toolOutputs();
	expect(outputs, `prompts: ${JSON.stringify(e2e.mock.requests.map((entry) => [entry.role, entry.prompt]))}`).toHaveLength(3);
	expect(outputs[0], outputs[0]).toContain(helper);
	const [row] = listMessages(ctx.store, {agent: helper, all: true});
	expect(row).toMatchObject({sender: agent, recipient: helper, body: text, state: 'delivered'});
	expect(outputs[2], outputs[2]).toMatch(/reached\W+true/);
	await waitFor(() => receivedMessages(ctx, helper).length > 0, {what: `${helper} to log the message`, timeoutMs: 20_000});
	expect(receivedMessages(ctx, helper)).toEqual([`[message ${row!.id} from ${agent} via tutti] ${text}`]);
	expect(ctx.store.lastEvents(2000).filter((event) => event.event === 'mcp.send').map((event) => [event.agent, event.data?.['outcome']])).toEqual([[agent, 'stored']]);
}

/**
 * A profile's CLI beside the demo agent `helper`, unattended (no tool asks a person), the mock
 * keeping request bodies (the tests read the tool results back out of them), both started.
 */
export async function startWithHelper(profile: CliProfile, options: {name: string; env?: Record<string, string>}): Promise<StartedProfile> {
	const started = await startProfile(profile, {
		name: options.name,
		mock: {keepBodies: true},
		launch: {mode: 'unattended', policy: 'bypass'},
		...(options.env ? {env: options.env} : {}),
		moreAgents: `[[agent]]\nname = "${helper}"\nruntime = "demo"\n`,
	});
	await upProfile(started);
	return started;
}
