import {setTimeout as delay} from 'node:timers/promises';
import {currentVerdict, recordedState} from '../agents/observe.js';
import {findAgent} from '../config/resolve.js';
import {TuttiError} from '../errors.js';
import {humanStates} from '../model/attention.js';
import type {AgentState} from '../state/types.js';
import {getMessage, repliesTo} from '../store/mailbox.js';
import {assertPeer, type McpCaller} from './tools.js';

/**
 * The longest one wait_for call lasts. Codex and the MCP SDK give a tool call 60 s; a wait that
 * answers before that, `reached: false`, is asked again instead of failing (mcp_agent_mail #51).
 */
export const maxWaitMs = 50_000;

export const waitConditions = ['idle', 'blocked', 'done', 'reply'] as const;
export type WaitCondition = (typeof waitConditions)[number];

export type WaitOptions = {
	agents: readonly string[];
	until: WaitCondition;
	/** With `reply`: the message whose answer is awaited. */
	messageId?: number | undefined;
	/** With `done`: a turn that ended after this time counts (an ISO time a previous call returned). */
	since?: string | undefined;
	timeoutMs?: number | undefined;
	pollMs?: number;
	signal?: AbortSignal;
};

export type WaitResult = {reached: boolean; /** The agent that reached it (the first, when several did). */ agent: string | null; states: Record<string, AgentState>; reply: {id: number; from: string; text: string} | null; at: string; waited_ms: number};

/**
 * Waits until any of `agents` is `idle`, `blocked` (needs a person: a dialog, a lost login, a
 * limit, stalled), `done` (finished a turn: seen working during the wait, or its recorded turn
 * ended after `since`, then idle; or stopped), or until message `messageId` has a reply. Returns
 * `reached: false` after at most {@link maxWaitMs}.
 */
export async function waitFor(caller: McpCaller, options: WaitOptions): Promise<WaitResult> {
	const {ctx} = caller;
	const started = Date.now();
	const budget = Math.min(Math.max(options.timeoutMs ?? maxWaitMs, 0), maxWaitMs);
	const deadline = started + budget;
	if (options.until === 'reply') {
		if (options.messageId === undefined) throw new TuttiError('ERR_USAGE', 'until "reply" needs message_id', {hint: 'Pass the id send_message returned.'});
		const message = getMessage(ctx.store, options.messageId);
		if (!message || message.sender !== caller.self.name) throw new TuttiError('ERR_USAGE', `you sent no message ${options.messageId}`, {hint: 'Pass the id send_message returned.'});
	}
	const agents = options.until === 'reply' ? [] : options.agents.map((name) => findAgent(ctx.config, name));
	if (options.until !== 'reply' && agents.length === 0) throw new TuttiError('ERR_USAGE', 'name at least one agent to wait for', {hint: 'See list_agents.'});
	for (const agent of agents) assertPeer(caller, agent.name);
	const sawBusy = new Set<string>();
	const since = options.since === undefined ? undefined : Date.parse(options.since);
	for (;;) {
		const states: Record<string, AgentState> = {};
		let reachedBy: string | null = null;
		let reply: WaitResult['reply'] = null;
		if (options.until === 'reply') {
			const first = repliesTo(ctx.store, options.messageId as number)[0];
			if (first) reply = {id: first.id, from: first.sender, text: first.body};
		} else {
			const known = recordedState(ctx);
			for (const agent of agents) {
				const state = (await currentVerdict(ctx, agent, undefined, known)).verdict.state;
				states[agent.name] = state;
				if (state === 'working' || state === 'starting') sawBusy.add(agent.name);
				if (reachedBy === null && reached(options.until, state, sawBusy.has(agent.name), endedSince(ctx, agent.name, since))) reachedBy = agent.name;
			}
		}
		const now = Date.now();
		const done = reachedBy !== null || reply !== null;
		if (done || now >= deadline || options.signal?.aborted) return {reached: done, agent: reachedBy ?? reply?.from ?? null, states, reply, at: new Date(now).toISOString(), waited_ms: now - started};
		await delay(Math.min(options.pollMs ?? 500, deadline - now));
	}
}

function reached(until: WaitCondition, state: AgentState, sawBusy: boolean, endedSince: boolean): boolean {
	if (until === 'idle') return state === 'idle';
	if (until === 'blocked') return humanStates.has(state);
	if (until === 'done') return state === 'stopped' || (state === 'idle' && (sawBusy || endedSince));
	return false;
}

/** Whether the agent's current recorded state began after `since` (its turn ended then). */
function endedSince(ctx: McpCaller['ctx'], agent: string, since: number | undefined): boolean {
	if (since === undefined || !Number.isFinite(since)) return false;
	const row = recordedState(ctx).states.get(agent);
	return row !== undefined && Date.parse(row.since) > since;
}
