import {findAgent} from '../../core/config/resolve.js';
import {TuttiError, toTuttiError} from '../../core/errors.js';
import {ensureAgentSecret, mcpAgentEnv, mcpRootEnv, mcpSecretEnv, verifyAgentSecret} from '../../core/mcp/identity.js';
import {agentMcpLaunch, mcpServerCommand} from '../../core/mcp/launch.js';
import {mcpSettings} from '../../core/mcp/settings.js';
import {handler, type Register} from '../program.js';
import {version} from '../version.js';

/** `tt mcp`: tutti as an MCP server for its own agents, one agent per server process. */
export const registerMcp: Register = (program, runtime) => {
	const mcp = program
		.command('mcp')
		.description('serve tutti\'s tools to an agent\'s CLI over stdio (MCP), as the agent tutti launched it as')
		.addHelpText('after', `\ntutti gives each agent's CLI this server at launch, bound by ${mcpAgentEnv}, ${mcpSecretEnv} and ${mcpRootEnv}\nin its environment: the sender of every message is that agent, whatever a tool is asked.\n\nExamples:\n  tt mcp config reviewer          what reviewer's CLI is given\n  tt mcp config reviewer --json`)
		.action(
			handler(runtime, async () => {
				const agentName = runtime.env[mcpAgentEnv];
				const root = runtime.env[mcpRootEnv];
				if (!agentName || !root) {
					throw new TuttiError('ERR_USAGE', `tt mcp needs ${mcpAgentEnv} and ${mcpRootEnv} in its environment`, {hint: 'tutti sets them when it launches an agent; tt mcp config <agent> prints what a CLI is given.'});
				}
				const ctx = await runtime.workspace({cwd: root});
				const self = findAgent(ctx.config, agentName);
				verifyAgentSecret(ctx.paths.state, self.name, runtime.env[mcpSecretEnv]);
				const settings = mcpSettings(self);
				if (!settings.enabled) throw new TuttiError('ERR_POLICY', `[agent.mcp] enabled = false for ${self.name}`, {hint: 'Set it to true in tutti.toml to give this agent tutti\'s tools.'});
				// Loaded only here: no other command pays for the SDK.
				const [{serveStdio}, {mcpTools}] = await Promise.all([import('../mcp/sdk.js'), import('../mcp/tools.js')]);
				const tools = mcpTools({ctx, self}, settings.tools);
				const instructions = `You are ${self.name}, one agent of the tutti workspace ${ctx.name}. These tools reach the other agents: list_agents, then send_message; wait_for instead of polling. Messages to you arrive as "[message <id> from <sender> via tutti] …" at your turn boundaries.`;
				const describe = (error: unknown) => {
					const tutti = toTuttiError(error);
					return {message: tutti.message, hint: tutti.hint};
				};
				const server = await serveStdio({name: 'tutti', version, instructions}, tools, describe);
				await server.closed;
			}),
		);
	mcp
		.command('config')
		.description('the command, arguments and environment an agent\'s CLI is given to reach tt mcp')
		.argument('<agent>', 'agent name')
		.option('--json', 'machine-readable output')
		.action(
			handler(runtime, async (name: string, flags: {json?: boolean}) => {
				const ctx = await runtime.workspace();
				const agent = findAgent(ctx.config, name);
				const adapter = ctx.adapterFor(agent);
				const {nodeBin, tuttiBin} = ctx.services;
				const server = mcpServerCommand({nodeBin, tuttiBin, root: ctx.root, agent: agent.name, secret: ensureAgentSecret(ctx.paths.state, agent.name), env: ctx.services.env});
				const launch = agentMcpLaunch({stateDir: ctx.paths.state, root: ctx.root, nodeBin, tuttiBin, agent, support: adapter.mcp, env: ctx.services.env});
				const given = launch === undefined ? 'nothing: [agent.mcp] enabled = false' : adapter.mcp === undefined ? `nothing: tutti cannot give ${adapter.displayName} an MCP server at launch (declare the server above in its own settings if it has an MCP client; --json prints it as "server")` : [...launch.args, ...Object.entries(launch.env).filter(([key]) => !(key in server.env)).map(([key, value]) => `${key}=${value}`)].join(' ');
				const settings = mcpSettings(agent);
				if (flags.json) return runtime.output.json({agent: agent.name, runtime: adapter.id, server, cli: launch === undefined || adapter.mcp === undefined ? null : {args: launch.args, env: launch.env, files: launch.files.map((file) => file.path)}, tools: settings.tools, peers: settings.peers});
				runtime.output.out(
					[
						`tt mcp for ${agent.name} (${adapter.displayName})`,
						`  command: ${server.command}`,
						`  args:    ${server.args.join(' ')}`,
						...Object.entries(server.env).map(([key, value]) => `  env:     ${key}=${value}`),
						`  its CLI is given: ${given}`,
						`  tools: ${settings.tools.join(', ')}`,
						`  peers: ${settings.peers.join(', ')}`,
					].join('\n'),
				);
			}),
		);
};
