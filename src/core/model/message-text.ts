import {inertValue} from '../prompt-text.js';

/**
 * What a `message.*` or `mcp.send` event says in words, for the `tt watch` ticker and the dashboard timeline
 * alike (one wording). `recipient` is the event's agent. Undefined for any other event. Plain
 * data in, text out: the dashboard bundle imports it too.
 */
export function messageEventText(event: string, recipient: string | null, data: Readonly<Record<string, unknown>>): string | undefined {
	if (event === 'mcp.send') return mcpSendText(recipient, data);
	if (!event.startsWith('message.')) return undefined;
	const id = typeof data['id'] === 'number' ? `message ${data['id']}` : 'a message';
	const from = typeof data['from'] === 'string' ? data['from'] : '?';
	const route = `${id} ${from} → ${recipient ?? '?'}`;
	const reason = typeof data['reason'] === 'string' ? data['reason'] : '';
	if (event === 'message.queued') return `${route} queued`;
	if (event === 'message.held') return `${route} held: ${heldWords[reason] ?? reason}`;
	if (event === 'message.delivered') {
		const batch = Array.isArray(data['batch']) ? data['batch'].length : 1;
		return `${route} delivered${batch > 1 ? ` (${batch} in one prompt)` : ''}${data['evidence'] === 'event' || data['evidence'] === 'transcript' ? ' (found after an interrupted delivery)' : data['evidence'] === 'inbox' ? ' (read from its inbox)' : ''}`;
	}
	if (event === 'message.dead') return `${route} not delivered: ${reason}`;
	return undefined;
}

/** Why a message waits, in words (the reason is the recipient's state, or one of these). */
const heldWords: Readonly<Record<string, string>> = {
	working: 'the recipient is working; it gets it when its turn ends',
	needs_input: 'the recipient is waiting for an answer',
	dialog: 'a dialog is on the recipient\'s screen',
	draft: 'someone is typing in the recipient\'s input box',
	typing: 'a person attached to the recipient pressed a key a moment ago',
	input_unseen: 'the recipient\'s input box is not on its screen, so a draft cannot be ruled out',
	stopped: 'the recipient is not running',
};

/**
 * An agent's send through `tt mcp` (`sender`: the agent tutti bound the server to), in words. The
 * recipients and a refusal's reason may hold what a model wrote: shown inert, never as control.
 */
function mcpSendText(sender: string | null, data: Readonly<Record<string, unknown>>): string {
	const to = inertValue(Array.isArray(data['to']) ? data['to'].join(', ') : '?').slice(0, 200);
	const interrupted = Array.isArray(data['interrupted']) && data['interrupted'].length > 0 ? ` · interrupted ${data['interrupted'].join(', ')}` : '';
	if (data['outcome'] === 'refused') return `${sender ?? '?'} → ${to} (via MCP) refused: ${typeof data['reason'] === 'string' ? inertValue(data['reason']).slice(0, 300) : ''}`;
	return `${sender ?? '?'} → ${to} sent via MCP${data['outcome'] === 'repeated' ? ' (same key: nothing new)' : ''}${interrupted}`;
}
