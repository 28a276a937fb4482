import {McpServer} from '@modelcontextprotocol/sdk/server/mcp.js';
import {StdioServerTransport} from '@modelcontextprotocol/sdk/server/stdio.js';
import type * as z from 'zod';

/**
 * The one module that imports the MCP SDK (v1, stdio server parts only), so the v2 packages
 * (`@modelcontextprotocol/server`) can replace it here alone. It is loaded only by `tt mcp`.
 */

/** One tool: what the model reads (title, description, argument schema) and what it runs. */
export type McpTool = {
	name: string;
	title: string;
	description: string;
	input: z.ZodRawShape;
	run(args: Record<string, unknown>): Promise<unknown>;
};

/** A failure the model should read (message and what to do next), not a protocol error. */
export type ToolFailure = {message: string; hint?: string | undefined};

export type StdioServer = {closed: Promise<void>; close(): Promise<void>};

/**
 * Serves `tools` over stdin/stdout until the client closes stdin. A tool's result is sent as JSON
 * text; a thrown error becomes an `isError` result carrying `describe(error)`.
 */
export async function serveStdio(info: {name: string; version: string; instructions: string}, tools: readonly McpTool[], describe: (error: unknown) => ToolFailure): Promise<StdioServer> {
	const server = new McpServer({name: info.name, version: info.version}, {instructions: info.instructions});
	for (const tool of tools) {
		server.registerTool(tool.name, {title: tool.title, description: tool.description, inputSchema: tool.input}, async (args: Record<string, unknown>) => {
			try {
				const result = await tool.run(args);
				return {content: [{type: 'text' as const, text: JSON.stringify(result, null, 2)}]};
			} catch (error) {
				const failure = describe(error);
				return {isError: true, content: [{type: 'text' as const, text: failure.hint ? `${failure.message}\nhint: ${failure.hint}` : failure.message}]};
			}
		});
	}
	const transport = new StdioServerTransport();
	let finish: () => void = () => undefined;
	const closed = new Promise<void>((resolve) => (finish = resolve));
	transport.onclose = () => finish();
	// The client going away closes stdin: that is the end of this server.
	process.stdin.once('end', () => void server.close().finally(finish));
	await server.connect(transport);
	return {closed, close: async () => server.close()};
}
