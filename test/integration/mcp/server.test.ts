import {spawn} from 'node:child_process';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {stopAgents} from '../../../src/core/actions/index.js';
import {currentVerdict} from '../../../src/core/agents/observe.js';
import {sendPrompt, waitUntilReady} from '../../../src/core/agents/send.js';
import {upAgents} from '../../../src/core/agents/up.js';
import {getMessage, listMessages, sendMessage} from '../../../src/core/messages/index.js';
import {ensureAgentSecret} from '../../../src/core/mcp/identity.js';
import {makeCoreWorld} from '../../helpers/core-world.js';
import {ttBin, waitFor} from '../../helpers/tt.js';
import {receivedMessages} from '../messages/world.js';
import {connectAs, dataOf} from './client.js';

/**
 * `tt mcp` over stdio, spoken to with the MCP SDK's client as an agent's CLI would: the sender is
 * the agent bound at launch whatever a tool is given, a wrong secret is refused, waits answer
 * within their budget, and `[agent.mcp]` narrows tools and peers.
 */
describe('tt mcp, the MCP server each agent reaches tutti through', () => {
	const core = makeCoreWorld('mcp-server', {env: {TUTTI_DEMO_WORK_MS: '300'}});
	const toml = `[workspace]\nname = "mcp-server"\n[defaults]\nruntime = "demo"\nworktree = false\n[[agent]]\nname = "alpha"\n[[agent]]\nname = "beta"\n[[agent]]\nname = "gamma"\n[agent.mcp]\ntools = ["list_agents", "send_message"]\npeers = ["beta"]\n`;
	const ctx = core.workspace('mcp-server', toml);
	const agent = (name: string) => ctx.config.agent.find((entry) => entry.name === name)!;
	const as = (name: string, secret = ensureAgentSecret(ctx.paths.state, name)) => connectAs(core.world.env, {agent: name, secret, root: ctx.root});

	beforeAll(async () => {
		await upAgents(ctx, {agents: ['alpha', 'beta']});
		for (const name of ['alpha', 'beta']) await waitUntilReady(ctx, agent(name), 30_000);
	});
	afterAll(async () => {
		await stopAgents(ctx, {}).catch(() => undefined);
		core.cleanup();
	});

	it('lists its tools with instructions, and the agents with their state', async () => {
		const alpha = await as('alpha');
		try {
			const {tools} = await alpha.client.listTools();
			expect(tools.map((tool) => tool.name).sort()).toEqual(['list_agents', 'message_status', 'read_inbox', 'read_output', 'send_message', 'wait_for']);
			for (const tool of tools) expect(tool.description?.length ?? 0, tool.name).toBeGreaterThan(80);
			const listed = await alpha.call('list_agents');
			expect(listed).toMatchObject({ok: true, data: {you: 'alpha'}});
			const {agents} = dataOf<{agents: Array<Record<string, unknown>>}>(listed);
			expect(agents.map((entry) => [entry['name'], entry['runtime'], entry['state'], entry['you']])).toEqual([
				['alpha', 'demo', 'idle', true],
				['beta', 'demo', 'idle', false],
				['gamma', 'demo', 'stopped', false],
			]);
		} finally {
			await alpha.close();
		}
	});

	it('sends as the bound agent: a forged sender argument changes nothing, the recipient gets it once, labelled with the true sender', async () => {
		const alpha = await as('alpha');
		try {
			const sent = await alpha.call('send_message', {to: ['beta'], text: 'the parser is ready', from: 'gamma', sender: 'human', key: 'task-1'});
			expect(sent.ok, JSON.stringify(sent)).toBe(true);
			const [message] = dataOf<{messages: Array<{id: number; to: string; state: string}>}>(sent).messages;
			expect(message).toMatchObject({to: 'beta'});
			expect(getMessage(ctx.store, message!.id)?.sender).toBe('alpha');
			// The same key again: nothing new is sent.
			expect(await alpha.call('send_message', {to: ['beta'], text: 'the parser is ready', key: 'task-1'})).toMatchObject({ok: true, data: {repeated: true}});
			await waitFor(() => getMessage(ctx.store, message!.id)?.state === 'delivered', {what: 'the delivery', timeoutMs: 20_000});
			await waitUntilReady(ctx, agent('beta'), 20_000);
			expect(receivedMessages(ctx, 'beta')).toEqual([`[message ${message!.id} from alpha via tutti] the parser is ready`]);
			const audit = ctx.store.lastEvents(500).filter((event) => event.event === 'mcp.send');
			expect(audit.map((event) => [event.agent, event.data?.['outcome']])).toEqual([
				['alpha', 'stored'],
				['alpha', 'repeated'],
			]);
			// wait_for answers when beta is idle again; message_status shows the delivery.
			expect(await alpha.call('wait_for', {agents: ['beta'], until: 'idle'})).toMatchObject({ok: true, data: {reached: true, agent: 'beta'}});
			expect(await alpha.call('message_status', {id: message!.id})).toMatchObject({ok: true, data: {state: 'delivered', from: 'alpha', to: 'beta', queue_position: null}});
			// beta's last answer, from its session log.
			expect(await alpha.call('read_output', {agent: 'beta'})).toMatchObject({ok: true, data: {agent: 'beta', source: 'transcript'}});
		} finally {
			await alpha.close();
		}
	});

	it('read_inbox returns what waits for the agent, and with ack it is not typed in again', async () => {
		const [waiting] = sendMessage(ctx, {from: 'beta', to: ['alpha'], body: 'are the tests green?'}).messages;
		const alpha = await as('alpha');
		try {
			const inbox = await alpha.call('read_inbox');
			expect(inbox).toMatchObject({ok: true, data: {acked: [waiting!.id]}});
			expect(dataOf<{messages: Array<{id: number; from: string; text: string}>}>(inbox).messages).toContainEqual(expect.objectContaining({id: waiting!.id, from: 'beta', text: 'are the tests green?', state: 'delivered'}));
			expect(getMessage(ctx.store, waiting!.id)).toMatchObject({state: 'delivered'});
			expect(listMessages(ctx.store, {agent: 'alpha'})).toEqual([]);
		} finally {
			await alpha.close();
		}
	});

	it('wait_for answers reached: false within the budget it was given, and refuses a budget past 50 s', async () => {
		const alpha = await as('alpha');
		try {
			const started = Date.now();
			const waited = await alpha.call('wait_for', {agents: ['beta'], until: 'blocked', timeout_seconds: 2});
			const took = Date.now() - started;
			expect(waited).toMatchObject({ok: true, data: {reached: false, agent: null, states: {beta: 'idle'}}});
			expect(took).toBeGreaterThanOrEqual(2_000);
			expect(took).toBeLessThan(6_000);
			const tooLong = await alpha.call('wait_for', {agents: ['beta'], until: 'idle', timeout_seconds: 120});
			expect(tooLong.ok).toBe(false);
		} finally {
			await alpha.close();
		}
	});

	it('queue holds a message for a working recipient (first in its queue); interrupt stops its turn and it gets both at once', async () => {
		await sendPrompt(ctx, 'beta', 'sleep 20');
		await waitFor(async () => (await currentVerdict(ctx, agent('beta'))).verdict.state === 'working', {what: 'beta working', timeoutMs: 10_000});
		const alpha = await as('alpha');
		try {
			const queued = dataOf<{messages: Array<{id: number; state: string; reason: string; queue_position: number}>}>(await alpha.call('send_message', {to: ['beta'], text: 'when you are done: the schema moved'}));
			expect(queued.messages).toEqual([expect.objectContaining({state: 'held', reason: 'working', queue_position: 1})]);
			const started = Date.now();
			const urgent = dataOf<{messages: Array<{id: number; state: string}>; interrupts: Record<string, string>}>(await alpha.call('send_message', {to: ['beta'], text: 'stop: the spec changed', mode: 'interrupt'}));
			expect(urgent.interrupts).toEqual({beta: 'interrupted'});
			expect(urgent.messages).toEqual([expect.objectContaining({state: 'delivered'})]);
			// Well before the 20 s turn would have ended.
			expect(Date.now() - started).toBeLessThan(12_000);
			expect(getMessage(ctx.store, queued.messages[0]!.id)?.state).toBe('delivered');
			await waitUntilReady(ctx, agent('beta'), 20_000);
			const lines = receivedMessages(ctx, 'beta');
			expect(lines.filter((line) => line.endsWith('when you are done: the schema moved'))).toHaveLength(1);
			expect(lines.filter((line) => line.endsWith('stop: the spec changed'))).toHaveLength(1);
			const audit = ctx.store.lastEvents(500).filter((event) => event.event === 'mcp.send' && event.data?.['mode'] === 'interrupt');
			expect(audit.map((event) => event.data?.['interrupted'])).toEqual([['beta']]);
		} finally {
			await alpha.close();
		}
	});

	it('[agent.mcp] narrows the tools and the peers', async () => {
		const gamma = await as('gamma');
		try {
			expect((await gamma.client.listTools()).tools.map((tool) => tool.name).sort()).toEqual(['list_agents', 'send_message']);
			const refused = await gamma.call('send_message', {to: ['alpha'], text: 'hello'});
			expect(refused).toMatchObject({ok: false, text: expect.stringContaining('gamma may not reach alpha: it is not in [agent.mcp] peers (beta)')});
			const listed = dataOf<{agents: Array<{name: string}>}>(await gamma.call('list_agents'));
			expect(listed.agents.map((entry) => entry.name)).toEqual(['beta', 'gamma']);
			expect(listMessages(ctx.store, {agent: 'gamma', all: true})).toEqual([]);
			expect(ctx.store.lastEvents(500).filter((event) => event.event === 'mcp.send' && event.agent === 'gamma').map((event) => event.data?.['outcome'])).toEqual(['refused']);
		} finally {
			await gamma.close();
		}
	});

	it('tt mcp config prints what the agent\'s CLI is given: this server, bound by the same secret', async () => {
		const printed = await core.world.tt(['mcp', 'config', 'alpha', '--json'], {cwd: ctx.root});
		expect(printed.code, printed.stderr).toBe(0);
		const config = JSON.parse(printed.stdout) as {server: {command: string; args: string[]; env: Record<string, string>}; cli: unknown; tools: string[]; peers: string[]};
		expect(config.server).toEqual({command: process.execPath, args: [ttBin, 'mcp'], env: {TUTTI_AGENT: 'alpha', TUTTI_AGENT_SECRET: ensureAgentSecret(ctx.paths.state, 'alpha'), TUTTI_ROOT: ctx.root, TUTTI_TMUX_SOCKET: core.world.socket, XDG_CONFIG_HOME: core.world.env['XDG_CONFIG_HOME']}});
		// The demo agent has no MCP client: nothing is added to its command line.
		expect(config.cli).toBeNull();
		expect(config.peers).toEqual(['*']);
		const gamma = JSON.parse((await core.world.tt(['mcp', 'config', 'gamma', '--json'], {cwd: ctx.root})).stdout) as {tools: string[]; peers: string[]};
		expect(gamma).toMatchObject({tools: ['list_agents', 'send_message'], peers: ['beta']});
	});

	it.each([
		['a wrong secret', 'f'.repeat(64), 'wrong TUTTI_AGENT_SECRET for agent alpha'],
		['no secret', undefined, 'no TUTTI_AGENT_SECRET given for agent alpha'],
	] as const)('refuses to start with %s, saying so', async (_, secret, message) => {
		ensureAgentSecret(ctx.paths.state, 'alpha');
		const env: NodeJS.ProcessEnv = {...core.world.env, TUTTI_AGENT: 'alpha', TUTTI_ROOT: ctx.root, TUTTI_AGENT_SECRET: secret};
		if (secret === undefined) delete env['TUTTI_AGENT_SECRET'];
		const child = spawn(process.execPath, [ttBin, 'mcp'], {env, stdio: ['pipe', 'pipe', 'pipe']});
		core.world.track(child);
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
		const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
		expect(code).toBe(1);
		expect(stderr).toContain(message);
		expect(stdout).toBe('');
	});
});
