import {readFileSync} from 'node:fs';
import type {WorkspaceContext} from '../agents/context.js';
import type {ConversationOutcome} from '../agents/conversation.js';
import {deliverPrompt, waitUntilReady} from '../agents/send.js';
import {restartAgent} from '../actions/stop.js';
import {findAgent} from '../config/resolve.js';
import {TuttiError} from '../errors.js';
import {resolvePacket} from './files.js';
import {wrapPacket} from './wrap.js';

export type ApplyOptions = {
	/** A packet path (or, with `withinHandoffs`, a file name in `.tutti/handoffs`); default: the agent's newest. */
	packet?: string | undefined;
	/** Stop the agent's session and start a fresh one (a new conversation, no resume) that gets the packet. */
	replace?: boolean | undefined;
	/** Only packets in `.tutti/handoffs` may be named (the API's rule). */
	withinHandoffs?: boolean;
	/** How long a fresh session may take to show its prompt. @default 60_000 */
	readyTimeoutMs?: number;
};

export type AppliedHandoff = {
	workspace: string;
	agent: string;
	packet: string;
	session: string;
	replaced: boolean;
	/** The fresh session's conversation (with `replace`). */
	conversation: ConversationOutcome | null;
	/** The screen showed the packet arrive and Enter taken (false: it could not be checked). */
	confirmed: boolean;
	warnings: string[];
};

/**
 * Types a handoff packet, wrapped in what to do with it, into a running agent — through the one
 * delivery path (`deliverPrompt`), so it is neutralised, leased and checked like every prompt —
 * and emits `handoff.applied`. With `replace`, the agent's session is first stopped (with its
 * `agent_stop` hooks) and started again on a new conversation: the packet is then all it knows.
 */
export async function applyHandoff(ctx: WorkspaceContext, agentName: string, options: ApplyOptions = {}): Promise<AppliedHandoff> {
	const agent = findAgent(ctx.config, agentName);
	const packet = resolvePacket(ctx, agent.name, options.packet, {withinHandoffs: options.withinHandoffs});
	const text = readFileSync(packet, 'utf8');
	if (text.trim() === '') throw new TuttiError('ERR_USAGE', `the handoff packet ${packet} is empty`, {hint: `Write a new one: tt handoff generate ${agent.name}`});
	const session = ctx.sessionOf(agent.name);
	const pane = await ctx.services.tmux.paneInfo(session);
	if (!pane || pane.dead) {
		throw new TuttiError('ERR_AGENT_NOT_RUNNING', `agent "${agent.name}" ${pane?.dead ? 'has exited' : 'is not running'}, so it cannot take a handoff packet`, {
			hint: `Start it first: tt up ${agent.name} (add --new-session for a fresh conversation), then: tt handoff apply ${agent.name}`,
			remedy: {action: 'start', agent: agent.name},
		});
	}
	const warnings: string[] = [];
	let conversation: ConversationOutcome | null = null;
	if (options.replace) {
		const {stopped, started} = await restartAgent(ctx, agent.name, {newSession: true});
		warnings.push(...(stopped?.warnings ?? []), ...(started?.warnings ?? []));
		conversation = started?.conversation ?? null;
		const verdict = await waitUntilReady(ctx, agent, options.readyTimeoutMs ?? 60_000);
		if (verdict.state !== 'idle' && verdict.state !== 'needs_input') {
			throw new TuttiError('ERR_TIMEOUT', `the fresh session of "${agent.name}" did not show its prompt (it is ${verdict.state}), so the packet was not typed`, {
				hint: `Look at it (tt attach ${agent.name}); once it waits for input: tt handoff apply ${agent.name} --packet ${packet}`,
				remedy: {action: 'inspect', agent: agent.name},
			});
		}
	}
	const typed = await deliverPrompt(ctx, agent, wrapPacket(packet, text));
	ctx.emit('handoff.applied', agent.name, {packet, session_name: session, replaced: Boolean(options.replace)}, `handoff-${Date.now()}-${agent.name}`);
	return {workspace: ctx.name, agent: agent.name, packet, session, replaced: Boolean(options.replace), conversation, confirmed: typed.confirmed, warnings};
}
