import {randomBytes} from 'node:crypto';
import type {WorkspaceContext} from '../agents/context.js';
import {currentVerdict, recordedState} from '../agents/observe.js';
import {deliverPrompt} from '../agents/send.js';
import type {AgentConfig} from '../config/index.js';
import {parseDuration} from '../duration.js';
import {processOwner} from '../process/owner.js';
import {detectFromScreen} from '../state/detect.js';
import type {AgentState} from '../state/types.js';
import {claimBatch, claimedRows, holdWaiting, killWaiting, lastDeliveredAt, pendingFor, settleClaim, type Message} from '../store/mailbox.js';
import type {PaneInfo} from '../tmux/client.js';
import {crashPoint} from '../workflow/faults.js';
import {settleLeftClaim} from './recover.js';
import {deliveryText, inputDraft, isOwnText} from './text.js';

/** At most this many messages go into one prompt (oldest first, each labelled on its own line). */
const batchLimit = 50;
/** …and at most about this many characters (one message always goes, whatever its size). */
const batchChars = 16_000;
/** With no new state recorded since the last delivery, a fresh look saying idle is trusted after this long. */
const settleAfterDeliveryMs = 3_000;
/**
 * A person who pressed a key in the agent's pane this recently may be mid-sentence: messages wait
 * (for CLIs whose input box tutti cannot read, this is the only sign of a draft).
 */
const typingPauseSeconds = 15;

async function personTyping(ctx: WorkspaceContext, agentName: string): Promise<boolean> {
	const seconds = await ctx.services.tmux.secondsSinceKeyPress(ctx.sessionOf(agentName));
	return seconds !== undefined && seconds < typingPauseSeconds;
}

/** {@link holdReason} now; tmux is asked about a person's keys only when the screen holds nothing back (the courier looks every 2 s). */
async function holdNow(ctx: WorkspaceContext, agentName: string, input: Omit<Parameters<typeof holdReason>[0], 'typing'>): Promise<string | undefined> {
	return holdReason(input) ?? holdReason({...input, typing: await personTyping(ctx, agentName)});
}

export type DeliveryRound = {agent: string; delivered: number[]; held?: string; failed?: string};

/**
 * What keeps a message from being typed now, or undefined when the recipient is at a turn boundary.
 * `draft`: what its input box holds (see {@link inputDraft}); `typing`: a person attached to its
 * pane pressed a key a moment ago (they may be mid-sentence where tutti cannot see a draft).
 */
export function holdReason(input: {state: AgentState; screen: AgentState; draft: string | null | undefined; typing?: boolean; text: string}): string | undefined {
	if (input.state !== 'idle') return input.state;
	// The recorder may not have caught up with a dialog that just opened, or a turn someone else
	// just started (a `tt send` a moment ago): the screen can only hold a message back, never send it.
	if (input.screen === 'needs_input') return 'dialog';
	if (input.screen === 'working') return 'working';
	if (input.draft === null) return 'input_unseen';
	if (input.draft !== undefined && input.draft !== '' && !isOwnText(input.draft, input.text)) return 'draft';
	if (input.typing) return 'typing';
	return undefined;
}

class Held extends Error {
	constructor(readonly reason: string) {
		super(`held: ${reason}`);
	}
}

/**
 * Delivers what waits for `agentName`, if it is at a turn boundary: its recorded state idle (the
 * recorder's, from native signals and the screen; a fresh look when none runs), no dialog on
 * screen, nothing a person typed in its input box, and a new turn boundary since the last
 * delivery. The oldest waiting messages are claimed in one transaction (one deliverer across
 * processes) and typed as one prompt through the one delivery path (`deliverPrompt`, under the
 * agent's delivery lease shared with `tt send`), which re-checks the screen under the lease
 * before its first key. Not ready: the messages are `held` with the reason.
 */
export async function deliverMessages(ctx: WorkspaceContext, agentName: string): Promise<DeliveryRound> {
	const round: DeliveryRound = {agent: agentName, delivered: []};
	const now = () => new Date().toISOString();
	const agent = ctx.config.agent.find((each) => each.name === agentName);
	if (!agent) {
		for (const row of killWaiting(ctx.store, agentName, 'no such agent in tutti.toml', now())) ctx.emit('message.dead', agentName, {id: row.id, from: row.sender, reason: row.reason ?? '', attempts: row.attempts});
		return round;
	}
	const limits = ctx.config.messages;
	if ((await settleLeftClaim(ctx, agent, parseDuration(limits.delivery_lease) ?? 30_000)) === 'in_flight') return round;
	const waiting = pendingFor(ctx.store, agentName);
	if (waiting.length === 0) return round;
	const look = await currentVerdict(ctx, agent);
	const text = deliveryText(waiting.slice(0, batchLimit));
	const draft = inputDraft(ctx.adapterFor(agent), look.lines);
	const reason = (await holdNow(ctx, agentName, {state: look.verdict.state, screen: look.screen.state, draft, text})) ?? turnNotOver(ctx, agentName, look.screen.state);
	if (reason !== undefined) return hold(ctx, round, reason);
	const token = randomBytes(8).toString('hex');
	const cursor = ctx.store.lastEvents(1)[0]?.id ?? 0;
	const claimed = claimBatch(ctx.store, agentName, {owner: processOwner(), token, cursor, now: now(), limit: batchSize(waiting)});
	if (claimed.length === 0) return round;
	const prompt = deliveryText(claimed);
	const ids = claimed.map((row) => row.id);
	try {
		crashPoint('message:claimed');
		await deliverPrompt(ctx, agent, prompt, {
			messages: ids,
			beforeType: (lines) => checkUnderLease(ctx, agent, look.pane, lines, prompt, token, claimed.length),
			afterPaste: () => crashPoint('message:pasted'),
			afterSubmit: () => crashPoint('message:sent'),
		});
	} catch (error) {
		// Another process settled this claim as left behind: it is that process's to deliver now.
		if (error instanceof Held && error.reason === 'claim_lost') return round;
		if (error instanceof Held) {
			settleClaim(ctx.store, token, {state: 'held', reason: error.reason}, now());
			return hold(ctx, round, error.reason);
		}
		const why = error instanceof Error ? error.message : String(error);
		for (const row of settleClaim(ctx.store, token, {state: 'retry', reason: why, maxAttempts: limits.max_attempts}, now())) {
			if (row.state === 'dead') ctx.emit('message.dead', agentName, {id: row.id, from: row.sender, reason: why, attempts: row.attempts});
		}
		return {...round, failed: why};
	}
	const settled = settleClaim(ctx.store, token, {state: 'delivered'}, now());
	for (const row of settled) ctx.emit('message.delivered', agentName, {id: row.id, from: row.sender, batch: ids, attempts: row.attempts, evidence: 'sent'});
	return {...round, delivered: settled.map((row) => row.id)};
}

/** How many of the oldest waiting messages fit in one prompt. */
function batchSize(waiting: readonly Message[]): number {
	let chars = 0;
	let count = 0;
	for (const message of waiting.slice(0, batchLimit)) {
		chars += message.body.length + 40;
		if (count > 0 && chars > batchChars) break;
		count++;
	}
	return Math.max(1, count);
}

/** Held until the agent has shown a new turn boundary since the last delivery (the recorder's state changed, or a quiet while). */
function turnNotOver(ctx: WorkspaceContext, agent: string, screen: AgentState): string | undefined {
	const last = lastDeliveredAt(ctx.store, agent);
	if (last === undefined) return undefined;
	const {recorder, states} = recordedState(ctx);
	const since = states.get(agent)?.since;
	if (recorder !== undefined && since !== undefined && since > last) return undefined;
	if (screen === 'idle' && Date.now() - Date.parse(last) >= settleAfterDeliveryMs) return undefined;
	return 'working';
}

function hold(ctx: WorkspaceContext, round: DeliveryRound, reason: string): DeliveryRound {
	for (const row of holdWaiting(ctx.store, round.agent, reason, new Date().toISOString())) ctx.emit('message.held', round.agent, {id: row.id, from: row.sender, reason});
	return {...round, held: reason};
}

/** Under the delivery lease, before any key: the screen still has no dialog and no person's draft or key press, and the claim is still this one's. */
async function checkUnderLease(ctx: WorkspaceContext, agent: AgentConfig, pane: PaneInfo | undefined, lines: string[], prompt: string, token: string, count: number): Promise<void> {
	if (claimedRows(ctx.store, token).length !== count) throw new Held('claim_lost');
	const screen = detectFromScreen({pane, lines, rules: ctx.rulesFor(agent)}).state;
	const reason = await holdNow(ctx, agent.name, {state: 'idle', screen, draft: inputDraft(ctx.adapterFor(agent), lines), text: prompt});
	if (reason !== undefined) throw new Held(reason);
}

export type {Message};
