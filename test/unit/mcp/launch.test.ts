import {mkdtempSync, rmSync, statSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import type {AgentConfig} from '../../../src/core/config/index.js';
import {agentMcpLaunch, mcpInjection, mcpServerCommand} from '../../../src/core/mcp/launch.js';
import {agentSecretPath, ensureAgentSecret, verifyAgentSecret} from '../../../src/core/mcp/identity.js';
import {adapter, context} from '../adapters/launch-context.js';

const server = mcpServerCommand({nodeBin: '/usr/bin/node', tuttiBin: '/opt/tutti/dist/tt.js', root: '/p', agent: 'dev', secret: 's3cret', env: {TUTTI_TMUX_SOCKET: 'tutti-test', PATH: '/bin', OPENAI_API_KEY: 'never'}});
const where = {stateDir: '/p/.tutti/state', agent: 'dev'};
const file = '/p/.tutti/state/runtime-settings/dev-mcp.json';
// The binding, and what decides which tmux server tutti uses (nothing else of the launching environment).
const binding = {TUTTI_AGENT: 'dev', TUTTI_AGENT_SECRET: 's3cret', TUTTI_ROOT: '/p', TUTTI_TMUX_SOCKET: 'tutti-test'};
const parsed = (content: string | undefined) => JSON.parse(content ?? '{}') as Record<string, unknown>;

/** Each CLI's launch, given tutti's MCP server the way its adapter declares, never through the user's files. */
describe('tt mcp at launch, per adapter', () => {
	it('Claude Code: --mcp-config <a generated file in tutti\'s state>, before the prompt', () => {
		const injection = mcpInjection(adapter('claude-code').mcp!, server, where);
		expect(injection.args).toEqual(['--mcp-config', file]);
		expect(injection.env).toEqual(binding);
		expect(injection.files).toHaveLength(1);
		expect(injection.files[0]).toMatchObject({path: file, mode: 0o600});
		expect(parsed(injection.files[0]?.content)).toEqual({mcpServers: {tutti: {type: 'stdio', command: '/usr/bin/node', args: ['/opt/tutti/dist/tt.js', 'mcp'], env: binding}}});
		// tt up puts the arguments first among the extra ones: the prompt still comes last, after `--`.
		const argv = adapter('claude-code').launch(context({extraArgs: [...injection.args, '--model', 'x']})).argv;
		expect(argv.slice(-6)).toEqual(['--mcp-config', file, '--model', 'x', '--', 'fix the bug']);
	});

	it('Codex: -c overrides of mcp_servers.tutti, the secret passed by name (env_vars), never in argv', () => {
		const injection = mcpInjection(adapter('codex').mcp!, server, where);
		expect(injection.args).toEqual(['-c', 'mcp_servers.tutti.command="/usr/bin/node"', '-c', 'mcp_servers.tutti.args=["/opt/tutti/dist/tt.js","mcp"]', '-c', 'mcp_servers.tutti.env_vars=["TUTTI_AGENT","TUTTI_AGENT_SECRET","TUTTI_ROOT","TUTTI_TMUX_SOCKET"]']);
		expect(injection.args.join(' ')).not.toContain('s3cret');
		expect(injection.env).toEqual(binding);
		expect(injection.files).toEqual([]);
		const argv = adapter('codex').launch(context({extraArgs: injection.args})).argv;
		expect(argv.slice(-3)).toEqual(['mcp_servers.tutti.env_vars=["TUTTI_AGENT","TUTTI_AGENT_SECRET","TUTTI_ROOT","TUTTI_TMUX_SOCKET"]', '--', expect.any(String)]);
	});

	it('Copilot CLI: --additional-mcp-config @<file>, a local server with every tool', () => {
		const injection = mcpInjection(adapter('copilot').mcp!, server, where);
		expect(injection.args).toEqual(['--additional-mcp-config', `@${file}`]);
		expect(parsed(injection.files[0]?.content)).toEqual({mcpServers: {tutti: {type: 'local', command: '/usr/bin/node', args: ['/opt/tutti/dist/tt.js', 'mcp'], env: binding, tools: ['*']}}});
	});

	it.each([
		['gemini-cli', 'GEMINI_CLI_SYSTEM_DEFAULTS_PATH'],
		['qwen-code', 'QWEN_CODE_SYSTEM_DEFAULTS_PATH'],
	] as const)('%s: its system-defaults settings file (the layer under the user\'s), named by %s', (id, variable) => {
		const injection = mcpInjection(adapter(id).mcp!, server, where);
		expect(injection.args).toEqual([]);
		expect(injection.env).toEqual({...binding, [variable]: file});
		expect(parsed(injection.files[0]?.content)).toEqual({mcpServers: {tutti: {command: '/usr/bin/node', args: ['/opt/tutti/dist/tt.js', 'mcp'], env: binding}}});
	});

	it('Gemini CLI would skip the file under a folder others may write (as /tmp is): not given (no warning on its screen), and tt up says why', () => {
		const open = mcpInjection(adapter('gemini-cli').mcp!, server, {stateDir: path.join(os.tmpdir(), 'project', '.tutti', 'state'), agent: 'dev'});
		expect(open.warnings).toEqual([expect.stringMatching(/^dev: \/tmp is writable by others, so its CLI would skip tutti's MCP settings: the agent gets no tutti tools/)]);
		expect(open.env).not.toHaveProperty('GEMINI_CLI_SYSTEM_DEFAULTS_PATH');
		expect(open.files).toEqual([]);
		expect(mcpInjection(adapter('gemini-cli').mcp!, server, where).warnings).toEqual([]);
		// opencode reads its file wherever it is.
		expect(mcpInjection(adapter('opencode').mcp!, server, {stateDir: path.join(os.tmpdir(), 'p'), agent: 'dev'}).warnings).toEqual([]);
	});

	it('opencode: OPENCODE_CONFIG names a config file with a local mcp entry', () => {
		const injection = mcpInjection(adapter('opencode').mcp!, server, where);
		expect(injection.env).toEqual({...binding, OPENCODE_CONFIG: file});
		expect(parsed(injection.files[0]?.content)).toEqual({mcp: {tutti: {type: 'local', command: ['/usr/bin/node', '/opt/tutti/dist/tt.js', 'mcp'], environment: binding, enabled: true}}});
	});

	it.each(['aider', 'openclaw', 'demo', 'custom'] as const)('%s declares no MCP client: it receives messages only', (id) => {
		expect(adapter(id).mcp).toBeUndefined();
	});
});

describe('the agent secret and [agent.mcp] at launch', () => {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'tutti-mcp-secret-'));
	afterAll(() => rmSync(dir, {recursive: true, force: true}));
	const agent = (mcp?: AgentConfig['mcp']) => ({name: 'dev', mcp}) as AgentConfig;

	it('is made once, 0600, and the same on every launch', () => {
		const first = ensureAgentSecret(dir, 'dev');
		expect(first).toMatch(/^[0-9a-f]{64}$/);
		expect(ensureAgentSecret(dir, 'dev')).toBe(first);
		expect(statSync(agentSecretPath(dir, 'dev')).mode & 0o777).toBe(0o600);
		expect(() => verifyAgentSecret(dir, 'dev', first)).not.toThrow();
	});

	it.each([
		['a wrong secret', 'x'.repeat(64), /wrong TUTTI_AGENT_SECRET for agent dev/],
		['a shorter one', 'abc', /wrong TUTTI_AGENT_SECRET/],
		['none', undefined, /no TUTTI_AGENT_SECRET given for agent dev/],
		['another agent\'s', 'x', /agent other has no MCP secret yet/],
	] as const)('refuses %s', (_, given, message) => {
		expect(() => verifyAgentSecret(dir, given === 'x' ? 'other' : 'dev', given)).toThrow(message);
	});

	it('gives the binding to a CLI without MCP too, and nothing when [agent.mcp] enabled = false', () => {
		const input = {stateDir: dir, root: '/p', nodeBin: '/usr/bin/node', tuttiBin: '/t/tt.js', support: undefined, env: {}};
		const plain = agentMcpLaunch({...input, agent: agent()});
		expect(plain).toEqual({args: [], env: {TUTTI_AGENT: 'dev', TUTTI_AGENT_SECRET: ensureAgentSecret(dir, 'dev'), TUTTI_ROOT: '/p'}, files: [], warnings: []});
		expect(agentMcpLaunch({...input, agent: agent({enabled: false, tools: [], peers: []})})).toBeUndefined();
	});
});
