import type {AgentConfig} from '../config/index.js';

/** The tools every agent may call when its `[agent.mcp]` does not narrow them (`[agent.mcp] tools` takes these names). */
export const allMcpTools = ['list_agents', 'send_message', 'message_status', 'read_inbox', 'wait_for', 'read_output'] as const;

/** An agent's `[agent.mcp]` with the defaults filled in (the table is optional in tutti.toml). */
export function mcpSettings(agent: AgentConfig): {enabled: boolean; tools: readonly string[]; peers: readonly string[]} {
	return {enabled: agent.mcp?.enabled ?? true, tools: agent.mcp?.tools ?? allMcpTools, peers: agent.mcp?.peers ?? ['*']};
}
export type McpToolName = (typeof allMcpTools)[number];
