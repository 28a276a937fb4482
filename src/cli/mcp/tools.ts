import * as z from 'zod';
import {messageStatus, listAgents, readInbox, sendAs, type McpCaller} from '../../core/mcp/tools.js';
import {readOutput} from '../../core/mcp/output.js';
import {maxWaitMs, waitConditions, waitFor} from '../../core/mcp/wait.js';
import type {McpToolName} from '../../core/mcp/settings.js';
import type {McpTool} from './sdk.js';

/**
 * The tools of `tt mcp` as the model reads them: each description says what the tool is for,
 * what it returns and what to do next. The work is done by core/mcp; nothing here names a sender.
 */
export function mcpTools(caller: McpCaller, allowed: readonly string[]): McpTool[] {
	const self = caller.self.name;
	const tools: Record<McpToolName, Omit<McpTool, 'name'>> = {
		list_agents: {
			title: 'List the agents of this team',
			description: `List the agents of this tutti workspace that you (${self}) may reach, with their runtime (which CLI), role, state now (idle, working, needs_input, stopped, …) and host. Call it first to learn the names to use with send_message, wait_for and read_output. The entry with "you": true is you.`,
			input: {},
			run: async () => ({you: self, agents: await listAgents(caller)}),
		},
		send_message: {
			title: 'Send a message to other agents',
			description: `Send a message as ${self} to one agent, several, "*" (every agent you may reach) or "human". tutti stores it first and types it into each recipient at its next turn boundary (when it is idle, with no dialog open and nothing half-typed), labelled "[message <id> from ${self} via tutti]", so a busy agent is never interrupted and gets it exactly once. Returns, per recipient, the message id, its state (queued, held with the reason, delivered) and its place in the recipient's queue. With mode "interrupt" (for what cannot wait: stop, a wrong direction) a recipient that is working has its turn stopped and gets the message at once; "queue" (the default) waits for its turn to end. Use the same "key" to retry safely: a repeated key sends nothing new. To answer a message you received, pass its id as reply_to. Then use wait_for (until "reply" or "idle") or message_status instead of polling.`,
			input: {
				to: z.array(z.string().min(1)).min(1).describe('Recipients: agent names from list_agents, "*" for every agent you may reach, or "human".'),
				text: z.string().min(1).describe('The message. Keep it short; put long content in a file in the repository and send its path.'),
				reply_to: z.number().int().positive().optional().describe('The id of the message this answers (marks it answered).'),
				mode: z.enum(['queue', 'interrupt']).optional().describe('queue (default): delivered when the recipient\'s turn ends; interrupt: its turn is stopped so it reads this now.'),
				key: z.string().min(1).max(200).optional().describe('Idempotency key, e.g. a task id: sending again with the same key returns the first send and sends nothing new.'),
			},
			run: async (args) => sendAs(caller, {to: args['to'] as string[], text: args['text'] as string, replyTo: args['reply_to'] as number | undefined, key: args['key'] as string | undefined, mode: args['mode'] as 'queue' | 'interrupt' | undefined}),
		},
		message_status: {
			title: 'Where a message is',
			description: 'The state of a message you sent or received (queued, held and why, delivered, dead), its place in the queue, and the replies to it so far.',
			input: {id: z.number().int().positive().describe('The message id send_message or read_inbox gave.')},
			run: async (args) => messageStatus(caller, args['id'] as number),
		},
		read_inbox: {
			title: 'Read the messages sent to you',
			description: `Messages to ${self}: those still waiting (tutti holds them while you work and types them in when you are idle) and the last ones delivered. With ack (the default) the waiting ones you read here count as delivered and will not be typed in again. Answer one with send_message and reply_to.`,
			input: {ack: z.boolean().optional().describe('Mark the waiting messages returned as delivered (default true).')},
			run: async (args) => readInbox(caller, {ack: (args['ack'] as boolean | undefined) ?? true}),
		},
		wait_for: {
			title: 'Wait for agents or a reply',
			description: `Wait until any of the named agents is "idle" (waiting for a prompt), "blocked" (needs a person: a dialog, a lost login, a rate limit, stalled) or "done" (finished a turn: seen working and then idle, or stopped), or, with until "reply", until message_id has a reply. Returns within ${maxWaitMs / 1000} s at most: reached false means not yet — call wait_for again (pass the returned "at" as since with "done", so a turn that ended between calls counts). Better than polling list_agents.`,
			input: {
				agents: z.array(z.string().min(1)).optional().describe('Agent names to watch (any of them may reach the condition). Not needed with until "reply".'),
				until: z.enum(waitConditions).describe('idle | blocked | done | reply'),
				message_id: z.number().int().positive().optional().describe('With until "reply": the id of the message you sent.'),
				since: z.string().optional().describe('With until "done": the "at" a previous wait_for returned.'),
				timeout_seconds: z.number().int().min(0).max(maxWaitMs / 1000).optional().describe(`How long this call may wait (at most and by default ${maxWaitMs / 1000}).`),
			},
			run: async (args) => {
				const seconds = args['timeout_seconds'] as number | undefined;
				return waitFor(caller, {agents: (args['agents'] as string[] | undefined) ?? [], until: args['until'] as (typeof waitConditions)[number], messageId: args['message_id'] as number | undefined, since: args['since'] as string | undefined, timeoutMs: seconds === undefined ? undefined : seconds * 1000});
			},
		},
		read_output: {
			title: "Read another agent's last answer",
			description: "Another agent's last answer: the last reply in its session log where tutti reads one (Claude Code), else the text on its screen now (source says which). Use it after wait_for says the agent is done.",
			input: {
				agent: z.string().min(1).describe('The agent name (list_agents).'),
				max_chars: z.number().int().min(100).max(50_000).optional().describe('Longest text returned, from the end (default 8000).'),
			},
			run: async (args) => readOutput(caller, args['agent'] as string, (args['max_chars'] as number | undefined) ?? 8_000),
		},
	};
	return (Object.keys(tools) as McpToolName[]).filter((name) => allowed.includes(name)).map((name) => ({name, ...tools[name]}));
}
