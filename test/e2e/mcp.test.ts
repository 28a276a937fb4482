import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {WorkspaceContext} from '../../src/core/agents/context.js';
import {listMessages} from '../../src/core/messages/index.js';
import {waitFor} from '../helpers/tt.js';
import {receivedMessages} from '../integration/messages/world.js';
import {makeE2eWorld, requireClis, setupTimeoutMs, type E2eWorld} from './harness.js';

/**
 * Done means: a real Claude Code under `tt up` calls tutti's MCP server (`tt mcp`, injected at
 * launch with `--mcp-config`) as the model asks it to — list_agents, then send_message to a demo
 * agent, then wait_for it to be idle — and the demo agent gets the message once, at its turn
 * boundary, labelled with the true sender.
 */
const agent = 'claude';
const helper = 'helper';
const apiKey = 'sk-ant-api03-tutti-e2e-mock-key-0123456789abcdefghij';
const marker = 'TUTTI-MCP-E2E';
const text = 'the schema is in docs/api.md; please review it';

type Part = {type?: string; content?: unknown; tool_use_id?: string};

describe('Claude Code (real CLI) talks to another agent through tt mcp', () => {
	let e2e: E2eWorld;
	let ctx: WorkspaceContext;
	let root = '';

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
		const {binDir} = requireClis({runtimes: ['claude-code']});
		e2e = makeE2eWorld('e2e-mcp', binDir, {keepBodies: true});
		const url = await e2e.mock.start();
		const toml = [
			'[workspace]',
			'name = "e2e-mcp"',
			'[launch]',
			'mode = "unattended"',
			'policy = "bypass"',
			'[[agent]]',
			`name = "${agent}"`,
			'runtime = "claude-code"',
			'[agent.env]',
			`ANTHROPIC_BASE_URL = "${url}"`,
			`ANTHROPIC_API_KEY = "${apiKey}"`,
			'CLAUDE_CODE_MAX_RETRIES = "1"',
			'DISABLE_TELEMETRY = "1"',
			'DISABLE_AUTOUPDATER = "1"',
			'DISABLE_ERROR_REPORTING = "1"',
			'CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC = "1"',
			// MCP tools in the request itself, not behind a tool search the mock does not script.
			'ENABLE_TOOL_SEARCH = "false"',
			'IS_SANDBOX = "1"',
			'[[agent]]',
			`name = "${helper}"`,
			'runtime = "demo"',
			'',
		].join('\n');
		ctx = e2e.workspace(toml);
		root = ctx.root;
		writeFileSync(
			path.join(e2e.home, '.claude.json'),
			JSON.stringify({
				hasCompletedOnboarding: true,
				lastOnboardingVersion: '2.1.197',
				theme: 'dark',
				bypassPermissionsModeAccepted: true,
				customApiKeyResponses: {approved: [apiKey.slice(-20)], rejected: []},
				projects: {[root]: {hasTrustDialogAccepted: true, hasCompletedProjectOnboarding: true, allowedTools: []}},
			}),
		);
		mkdirSync(path.join(e2e.home, '.claude'), {recursive: true});
		writeFileSync(path.join(e2e.home, '.claude', 'settings.json'), JSON.stringify({skipDangerousModePermissionPrompt: true}));
		const up = await e2e.world.tt(['up'], {cwd: root});
		expect(up.code, `${up.stdout}\n${up.stderr}`).toBe(0);
		await e2e.startObserver(ctx);
	}, setupTimeoutMs);

	afterAll(async () => {
		await e2e?.cleanup();
	});

	it('list_agents, send_message to the demo agent, wait_for it idle: delivered once, from the true sender', async () => {
		await e2e.until(agent, 'idle', 60_000);
		await e2e.until(helper, 'idle', 30_000);
		e2e.mock.setMode('anthropic', {
			kind: 'script',
			marker,
			calls: [
				{name: 'mcp__tutti__list_agents', input: {}},
				// A forged sender in the arguments: the server acts as the agent tutti launched, whatever it is told.
				{name: 'mcp__tutti__send_message', input: {to: [helper], text, from: 'human'}},
				{name: 'mcp__tutti__wait_for', input: {agents: [helper], until: 'idle', timeout_seconds: 40}},
			],
			text: 'I told helper where the schema is, and it has taken it in.',
		});
		const from = e2e.seen.length;
		const sent = await e2e.world.tt(['send', agent, `${marker}: tell helper where the API schema is`], {cwd: root});
		expect(sent.code, sent.stderr).toBe(0);
		await e2e.untilAfter(agent, from, 'idle', 120_000);

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
