import type {WorkspaceContext} from '../agents/context.js';
import {sendPrompt} from '../agents/send.js';
import type {TuttiConfig} from '../config/index.js';
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

/**
 * The reviewer when none is named: the agent called `reviewer` (the reference's default), else
 * the one other agent whose role is `reviewer`. Anything else is the user's choice: ERR_USAGE
 * naming the agents that could review.
 */
export function defaultReviewer(config: TuttiConfig, agentName: string): string {
	const others = config.agent.filter((candidate) => candidate.name !== agentName);
	if (others.some((candidate) => candidate.name === 'reviewer')) return 'reviewer';
	const byRole = others.filter((candidate) => candidate.role === 'reviewer');
	if (byRole.length === 1) return byRole[0]!.name;
	const names = (byRole.length > 1 ? byRole : others).map((candidate) => candidate.name);
	throw new TuttiError('ERR_USAGE', `who reviews ${agentName}? No reviewer was named, and no agent is called "reviewer"${byRole.length > 1 ? ` (${byRole.length} have the role reviewer)` : ''}`, {
		hint: names.length === 0 ? 'Add another agent to tutti.toml to review its work.' : `Name one: tt review ${agentName} --reviewer ${names[0]} (could review: ${names.join(', ')})`,
	});
}
