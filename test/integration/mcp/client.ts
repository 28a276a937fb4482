import {Client} from '@modelcontextprotocol/sdk/client/index.js';
import {StdioClientTransport} from '@modelcontextprotocol/sdk/client/stdio.js';
import {ttBin} from '../../helpers/tt.js';

/** A result as the model reads it: the JSON a tool returned, or the text of its error. */
export type ToolAnswer = {ok: true; data: Record<string, unknown>} | {ok: false; text: string};

/** An MCP client speaking JSON-RPC over stdio to `node dist/tt.js mcp`, bound as an agent is at launch. */
export async function connectAs(env: NodeJS.ProcessEnv, binding: {agent: string; secret: string | undefined; root: string}) {
	const childEnv: Record<string, string> = {};
	for (const [key, value] of Object.entries(env)) if (value !== undefined) childEnv[key] = value;
	childEnv['TUTTI_AGENT'] = binding.agent;
	childEnv['TUTTI_ROOT'] = binding.root;
	if (binding.secret === undefined) delete childEnv['TUTTI_AGENT_SECRET'];
	else childEnv['TUTTI_AGENT_SECRET'] = binding.secret;
	const transport = new StdioClientTransport({command: process.execPath, args: [ttBin, 'mcp'], env: childEnv, cwd: binding.root, stderr: 'pipe'});
	let stderr = '';
	transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
	const client = new Client({name: 'tutti-test', version: '1.0.0'});
	await client.connect(transport);
	const call = async (name: string, args: Record<string, unknown> = {}, timeoutMs = 60_000): Promise<ToolAnswer> => {
		const result = (await client.callTool({name, arguments: args}, undefined, {timeout: timeoutMs})) as {isError?: boolean; content: Array<{type: string; text?: string}>};
		const text = result.content.map((part) => part.text ?? '').join('');
		return result.isError ? {ok: false, text} : {ok: true, data: JSON.parse(text) as Record<string, unknown>};
	};
	return {client, call, stderr: () => stderr, pid: transport.pid, close: async () => client.close()};
}

/** The JSON of a successful tool call; fails the test with the tool's own words otherwise. */
export function dataOf<T>(answer: ToolAnswer): T {
	if (!answer.ok) throw new Error(`the tool refused: ${answer.text}`);
	return answer.data as T;
}
