import type {WorkspaceContext} from '../agents/context.js';
import type {AgentConfig} from '../config/index.js';
import {ownerAlive} from '../process/owner.js';
import {withLease} from '../store/leases.js';
import {claimedRows, deliveringFor, settleClaim, type Message} from '../store/mailbox.js';
import {agentWorkdir} from '../workflow/agents.js';
import {transcriptEvidence} from '../workflow/transcripts.js';
import {deliveryText} from './text.js';

/** Whether a claim is still someone's job, or was left behind. */
export type ClaimLook = 'none' | 'in_flight' | 'settled';

/**
 * Exactly once after a crash. A claim (`delivering`) is left to its owner while the owner lives
 * and the claim is younger than `[messages] delivery_lease`. Past that, or once the owner is gone
 * (kill -9), another process takes the agent's delivery lease — the one every prompt is typed
 * under, so the owner cannot be typing meanwhile; an owner that lives on re-checks its claim
 * under that lease before its first key — and decides from evidence, strongest first:
 * 1. an `agent.prompt_sent` event after the claim naming these messages: delivered;
 * 2. the agent's own session log (the demo, Claude Code) has a user turn with exactly this text
 *    since the claim: delivered (Enter was taken, the process died before recording it);
 * 3. otherwise it never got in: queued again. Text of this delivery left unsubmitted in the input
 *    box is tutti's own, so the next delivery clears it (Ctrl-U) instead of holding for a draft.
 * The claim is settled by its token, so whichever process settles first decides, once. A CLI with
 * no session log that took Enter in the instant before the process died (before step 1 was
 * written) would get the text twice: the one window left, as narrow as the kill.
 */
export async function settleLeftClaim(ctx: WorkspaceContext, agent: AgentConfig, leaseMs: number, now = Date.now()): Promise<ClaimLook> {
	const [first] = deliveringFor(ctx.store, agent.name);
	if (!first?.claim_token || !first.claimed_at) return 'none';
	const age = now - Date.parse(first.claimed_at);
	if (age < leaseMs && ownerAlive(first.claim_owner, first.claimed_at, now)) return 'in_flight';
	const token = first.claim_token;
	await withLease(ctx.store, `deliver:${agent.name}`, async () => {
		const rows = claimedRows(ctx.store, token);
		if (rows.length === 0) return;
		const evidence = evidenceOfDelivery(ctx, agent, rows);
		const at = new Date().toISOString();
		if (evidence === undefined) {
			settleClaim(ctx.store, token, {state: 'retry', reason: 'interrupted', maxAttempts: ctx.config.messages.max_attempts}, at);
			return;
		}
		const settled = settleClaim(ctx.store, token, {state: 'delivered'}, at);
		const batch = settled.map((row) => row.id);
		for (const row of settled) ctx.emit('message.delivered', agent.name, {id: row.id, from: row.sender, batch, attempts: row.attempts, evidence});
	}, {timeoutMs: 30_000});
	return 'settled';
}

/** `event` or `transcript` when the claimed text reached the agent, else undefined. */
function evidenceOfDelivery(ctx: WorkspaceContext, agent: AgentConfig, rows: readonly Message[]): 'event' | 'transcript' | undefined {
	const ids = rows.map((row) => row.id);
	const cursor = rows[0]?.event_cursor ?? 0;
	const sent = ctx.store.eventsAfter(cursor, {agent: agent.name, limit: 10_000}).some((event) => {
		const carried = event.data?.['messages'];
		return event.event === 'agent.prompt_sent' && Array.isArray(carried) && carried.includes(ids[0]);
	});
	if (sent) return 'event';
	const since = Date.parse(rows[0]?.claimed_at ?? '');
	return transcriptEvidence(ctx, agent, agentWorkdir(ctx, agent), deliveryText(rows), since).submitted ? 'transcript' : undefined;
}
