import type {WorkspaceContext} from '../agents/context.js';
import {sendPrompt} from '../agents/send.js';
import {agentBranch, findAgent} from '../config/resolve.js';
import {TuttiError} from '../errors.js';
import {buildReviewPacket, reviewPrompt} from '../git/index.js';

export type ReviewRequest = {agent: string; reviewer: string; packet: string | null; sent: boolean};

/**
 * Asks `reviewer` to review `agent`'s work — the one review used by `tt review`, `r` in
 * `tt watch` and the API: refuses a self-review, writes the packet, types the request, and emits
 * one `agent.review_requested`. Nothing to review: no packet, nothing sent.
 */
export async function requestReview(ctx: WorkspaceContext, agentName: string, reviewerName: string, options: {autoUp?: boolean | undefined} = {}): Promise<ReviewRequest> {
	const agent = findAgent(ctx.config, agentName);
	const reviewer = findAgent(ctx.config, reviewerName);
	if (reviewer.name === agent.name) throw new TuttiError('ERR_USAGE', 'an agent cannot review its own work', {hint: 'Pick another agent as the reviewer.'});
	const packet = await buildReviewPacket({root: ctx.root, agent: agent.name, branch: agentBranch(agent), runner: ctx.services.runner});
	if (packet.empty) return {agent: agent.name, reviewer: reviewer.name, packet: null, sent: false};
	await sendPrompt(ctx, reviewer.name, reviewPrompt(packet.path), {autoUp: options.autoUp});
	ctx.emit('agent.review_requested', agent.name, {reviewer: reviewer.name, packet: packet.path});
	return {agent: agent.name, reviewer: reviewer.name, packet: packet.path, sent: true};
}
