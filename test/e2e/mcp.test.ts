import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {WorkspaceContext} from '../../src/core/agents/context.js';
import {listMessages} from '../../src/core/messages/index.js';
import {waitFor} from '../helpers/tt.js';
import {receivedMessages} from '../integration/messages/world.js';
import {setupTimeoutMs, type E2eWorld} from './harness.js';
import {helper, scriptedMcpTurn, startWithHelper} from './mcp-scenario.js';
import {profiles} from './profiles.js';

/**
 * Done means: a real Claude Code under `tt up` calls tutti's MCP server (`tt mcp`, injected at
 * launch with `--mcp-config`) as the model asks it to — list_agents, then send_message to a demo
 * agent, then wait_for it to be idle — and the demo agent gets the message once, at its turn
 * boundary, labelled with the true sender.
 */
const agent = 'claude';
const text = 'the schema is in docs/api.md; please review it';

type Part = {type?: string; content?: unknown; tool_use_id?: string};

describe('Claude Code (real CLI) talks to another agent through tt mcp', () => {
	let e2e: E2eWorld;
	let ctx: WorkspaceContext;

	/**
	 * The text of every tool result Claude Code sent back to the model, in order, once each: each
	 * request carries the whole conversation, and a result is not always in its last message
	 * (Claude Code may add a reminder of its own after it).
	 */
	const toolResults = (): string[] => {
		const seen = new Map<string, string>();
		for (const request of e2e.mock.requests.filter((entry) => entry.client === 'anthropic' && entry.role === 'main')) {
			for (const message of (request.body as {messages?: Array<{role?: string; content?: unknown}>} | undefined)?.messages ?? []) {
				for (const part of Array.isArray(message.content) ? (message.content as Part[]) : []) {
					if (part.type !== 'tool_result' || seen.has(part.tool_use_id ?? '')) continue;
					seen.set(part.tool_use_id ?? String(seen.size), Array.isArray(part.content) ? (part.content as Array<{text?: string}>).map((block) => block.text ?? '').join('') : String(part.content ?? ''));
				}
			}
		}
		return [...seen.values()];
	};

	beforeAll(async () => {
		// No deferred tool search: the scripted model calls the tutti tools by name at once.
		({e2e, ctx} = await startWithHelper(profiles.claudeCode, {name: 'e2e-mcp', env: {ENABLE_TOOL_SEARCH: 'false'}}));
	}, setupTimeoutMs);

	afterAll(async () => {
		await e2e?.cleanup();
	});

	it('list_agents, send_message to the demo agent, wait_for it idle: delivered once, from the true sender', async () => {
		await scriptedMcpTurn(e2e, ctx, {agent, client: 'anthropic', text});

		const results = toolResults();
		expect(results, JSON.stringify(e2e.mock.requests.map((request) => [request.role, request.prompt]))).toHaveLength(3);
		// list_agents named both agents, with the calling one marked as itself.
		expect(JSON.parse(results[0]!)).toMatchObject({you: agent, agents: expect.arrayContaining([expect.objectContaining({name: helper, runtime: 'demo'}), expect.objectContaining({name: agent, you: true})])});
		const [row] = listMessages(ctx.store, {agent: helper, all: true});
		expect(row).toMatchObject({sender: agent, recipient: helper, body: text, state: 'delivered'});
		expect(JSON.parse(results[1]!)).toMatchObject({repeated: false, messages: [expect.objectContaining({id: row!.id, to: helper})]});
		expect(JSON.parse(results[2]!)).toMatchObject({reached: true, agent: helper, states: {[helper]: 'idle'}});

		await waitFor(() => receivedMessages(ctx, helper).length > 0, {what: `${helper} to log the message`, timeoutMs: 20_000});
		expect(receivedMessages(ctx, helper)).toEqual([`[message ${row!.id} from ${agent} via tutti] ${text}`]);
		const events = ctx.store.lastEvents(2000);
		expect(events.filter((event) => event.event === 'message.delivered' && event.data?.['id'] === row!.id)).toHaveLength(1);
		expect(events.filter((event) => event.event === 'mcp.send').map((event) => [event.agent, event.data?.['outcome']])).toEqual([[agent, 'stored']]);
	});
});
