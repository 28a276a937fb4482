import {readFileSync} from 'node:fs';
import type {WorkspaceContext} from '../agents/context.js';
import type {ConversationOutcome} from '../agents/conversation.js';
import {deliverPrompt, waitUntilReady} from '../agents/send.js';
import {restartAgent} from '../actions/stop.js';
import {findAgent, resolveAgentRuntime} from '../config/resolve.js';
import type {RuntimeId} from '../agents/adapter.js';
import {setRuntimeOverride} from '../store/runtime-override.js';
import {TuttiError} from '../errors.js';
import {resolvePacket} from './files.js';
import {wrapPacket} from './wrap.js';

export type ApplyOptions = {
	/** A packet path (or, with `withinHandoffs`, a file name in `.tutti/handoffs`); default: the agent's newest. */
	packet?: string | undefined;
	/** Stop the agent's session and start a fresh one (a new conversation, no resume) that gets the packet. */
	replace?: boolean | undefined;
	/** With `replace`: the fresh session runs this CLI instead (Claude Code → Codex); the agent keeps it until handed back. */
	runtime?: string | undefined;
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
	/** The CLI the agent runs after the handoff. */
	runtime: string;
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
	if (options.runtime !== undefined && !options.replace) {
		throw new TuttiError('ERR_USAGE', 'a handoff to another CLI needs a fresh session: add --replace', {hint: `tt handoff apply ${agent.name} --replace --runtime ${options.runtime}`});
	}
	const previous = ctx.runtimeOf(agent);
	const target = options.runtime === undefined ? previous : runtimeNamed(ctx, options.runtime);
	const warnings: string[] = [];
	let conversation: ConversationOutcome | null = null;
	if (options.replace) {
		const configured = resolveAgentRuntime(ctx.config, agent);
		if (target !== previous) {
			setRuntimeOverride(ctx.store, agent.name, target, configured);
			ctx.forgetRuntimeOverrides();
		}
		let restarted: Awaited<ReturnType<typeof restartAgent>>;
		try {
			restarted = await restartAgent(ctx, agent.name, {newSession: true});
			if (restarted.started?.error) throw restarted.started.error;
		} catch (error) {
			// The other CLI could not start (not installed, say): the agent goes back to the CLI it ran.
			if (target !== previous) {
				setRuntimeOverride(ctx.store, agent.name, previous, configured);
				ctx.forgetRuntimeOverrides();
				await restartAgent(ctx, agent.name, {newSession: false}).catch(() => undefined);
			}
			throw error;
		}
		const {stopped, started} = restarted;
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
	ctx.emit('handoff.applied', agent.name, {packet, session_name: session, replaced: Boolean(options.replace), runtime: target, ...(target === previous ? {} : {from_runtime: previous})}, `handoff-${Date.now()}-${agent.name}`);
	return {workspace: ctx.name, agent: agent.name, packet, session, replaced: Boolean(options.replace), runtime: target, conversation, confirmed: typed.confirmed, warnings};
}

/** A runtime this tutti knows, by name or alias, or a usage error listing them. */
function runtimeNamed(ctx: WorkspaceContext, name: string): RuntimeId {
	if (!ctx.services.adapters.has(name)) {
		throw new TuttiError('ERR_USAGE', `unknown runtime "${name}"`, {hint: `Hand it over to one of: ${ctx.services.adapters.list().map((adapter) => adapter.id).join(', ')}.`});
	}
	return ctx.services.adapters.get(name).id;
}
