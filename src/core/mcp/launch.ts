import {statSync} from 'node:fs';
import path from 'node:path';
import type {LaunchFile, McpSupport} from '../agents/adapter.js';
import type {AgentConfig} from '../config/index.js';
import {ensureAgentSecret, mcpAgentEnv, mcpRootEnv, mcpSecretEnv} from './identity.js';
import {mcpSettings} from './settings.js';

/** The name tutti's server has in every CLI (its tools read `mcp__tutti__<tool>` in Claude Code). */
export const mcpServerName = 'tutti';

/** What a CLI runs to reach tutti as one agent: `<node> <tt.js> mcp`, bound by its environment. */
export type McpServerCommand = {command: string; args: string[]; env: Record<string, string>};

/**
 * Variables that decide which tmux server, store engine and private folders tutti uses: the
 * server must see the same ones as the `tt` that launched the agent, and a CLI may start it with
 * a minimal environment (Codex passes little more than HOME and PATH).
 */
const tuttiEnvironment = ['TUTTI_TMUX_SOCKET', 'TUTTI_SQLITE', 'XDG_CONFIG_HOME', 'XDG_STATE_HOME', 'XDG_RUNTIME_DIR', 'TMUX_TMPDIR'] as const;

export function mcpServerCommand(input: {nodeBin: string; tuttiBin: string; root: string; agent: string; secret: string; env: Readonly<Record<string, string | undefined>>}): McpServerCommand {
	const carried: Record<string, string> = {};
	for (const name of tuttiEnvironment) {
		const value = input.env[name];
		if (value !== undefined && value !== '') carried[name] = value;
	}
	return {command: input.nodeBin, args: [input.tuttiBin, 'mcp'], env: {[mcpAgentEnv]: input.agent, [mcpSecretEnv]: input.secret, [mcpRootEnv]: input.root, ...carried}};
}

/** What a launch adds for the MCP server: arguments before the CLI's own, environment, files (0600: they hold the secret). */
export type McpInjection = {args: string[]; env: Record<string, string>; files: LaunchFile[]; warnings: string[]};

/** `<stateDir>/runtime-settings/<agent>-mcp.json`: the generated file a CLI is pointed at. */
export function mcpConfigPath(stateDir: string, agent: string): string {
	return path.join(stateDir, 'runtime-settings', `${agent}-mcp.json`);
}

/** TOML basic strings take JSON's escapes, so JSON text is a valid TOML value for strings and arrays of strings. */
const toml = (value: string | readonly string[]): string => JSON.stringify(value);

/**
 * The parts of a launch that give the CLI tutti's MCP server, from its adapter's declaration.
 * The agent's own environment always carries the binding too, so a server the user declares by
 * hand (`tt mcp config <agent>`) works under any CLI that passes its environment on.
 */
export function mcpInjection(support: McpSupport, server: McpServerCommand, where: {stateDir: string; agent: string}): McpInjection {
	const env = {...server.env};
	const file = mcpConfigPath(where.stateDir, where.agent);
	const json = (value: unknown): LaunchFile => ({path: file, content: `${JSON.stringify(value, null, 2)}\n`, mode: 0o600});
	switch (support.via) {
		case 'flag-file': {
			const entry = {type: support.type, command: server.command, args: server.args, env: server.env, ...support.extra};
			return {args: [support.flag, `${support.prefix ?? ''}${file}`], env, files: [json({mcpServers: {[mcpServerName]: entry}})], warnings: []};
		}
		case 'config-overrides': {
			const key = `${support.table}.${mcpServerName}`;
			// The values are TOML; the secret is passed by name (env_vars) so it never sits in argv.
			const args = [`${key}.command=${toml(server.command)}`, `${key}.args=${toml(server.args)}`, `${key}.env_vars=${toml(Object.keys(server.env))}`].flatMap((value) => [support.flag, value]);
			return {args, env, files: [], warnings: []};
		}
		case 'env-file': {
			const content =
				support.format === 'opencode'
					? {mcp: {[mcpServerName]: {type: 'local', command: [server.command, ...server.args], environment: server.env, enabled: true}}}
					: {mcpServers: {[mcpServerName]: {command: server.command, args: server.args, env: server.env}}};
			const open = support.needsPrivateParents ? openAncestor(path.dirname(file)) : undefined;
			// The CLI would skip the file, and print a security warning on its own screen: not given at all.
			if (open !== undefined) return {args: [], env, files: [], warnings: [`${where.agent}: ${open} is writable by others, so its CLI would skip tutti's MCP settings: the agent gets no tutti tools (it still receives messages); move the project under a folder only you can write`]};
			return {args: [], env: {...env, [support.env]: file}, files: [json(content)], warnings: []};
		}
	}
}

/**
 * What `tt up` adds to an agent's launch for its MCP server (undefined: `[agent.mcp] enabled =
 * false`). A CLI without an MCP client still gets the binding in its environment, so a server a
 * person declares for a custom CLI works.
 */
export function agentMcpLaunch(input: {stateDir: string; root: string; nodeBin: string; tuttiBin: string; agent: AgentConfig; support: McpSupport | undefined; env: Readonly<Record<string, string | undefined>>}): McpInjection | undefined {
	if (!mcpSettings(input.agent).enabled) return undefined;
	const secret = ensureAgentSecret(input.stateDir, input.agent.name);
	const server = mcpServerCommand({nodeBin: input.nodeBin, tuttiBin: input.tuttiBin, root: input.root, agent: input.agent.name, secret, env: input.env});
	if (input.support === undefined) return {args: [], env: server.env, files: [], warnings: []};
	return mcpInjection(input.support, server, {stateDir: input.stateDir, agent: input.agent.name});
}

/** The nearest folder at or above `dir` that group or others may write (sticky or not), if any. */
function openAncestor(dir: string): string | undefined {
	for (let current = path.resolve(dir); ; current = path.dirname(current)) {
		try {
			if ((statSync(current).mode & 0o022) !== 0) return current;
		} catch {
			// Not made yet (tt up creates it 0755 under umask): its parents decide.
		}
		if (path.dirname(current) === current) return undefined;
	}
}
