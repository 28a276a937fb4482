import type {WorkspaceContext} from '../agents/context.js';
import {currentVerdict} from '../agents/observe.js';
import {waitUntilReady} from '../agents/send.js';
import type {AgentConfig} from '../config/index.js';
import {deliverMessages} from '../messages/deliver.js';
import {withLease} from '../store/leases.js';

/** What an interrupt did to one recipient. */
export type InterruptOutcome = 'interrupted' | 'not_working' | 'not_running' | 'unsupported';

/**
 * Stops the turn `agent` is in, with its adapter's `interruptKeys`, so a message sent with
 * `interrupt` is delivered at the turn boundary this makes instead of after the whole turn.
 * Under the agent's delivery lease (nothing is typed into it meanwhile), and only while it is
 * working: never into a dialog (Escape would decline it) nor at an idle prompt (it could clear a
 * person's draft). Then its waiting messages are delivered once it is at its prompt.
 */
export async function interruptForMessage(ctx: WorkspaceContext, agent: AgentConfig): Promise<InterruptOutcome> {
	const keys = ctx.adapterFor(agent).interruptKeys;
	if (!keys || keys.length === 0) return 'unsupported';
	const outcome = await withLease(
		ctx.store,
		`deliver:${agent.name}`,
		async (): Promise<InterruptOutcome> => {
			const look = await currentVerdict(ctx, agent);
			if (!look.pane || look.pane.dead) return 'not_running';
			if (look.verdict.state !== 'working' || look.screen.state === 'needs_input') return 'not_working';
			await ctx.services.tmux.sendKeys(ctx.sessionOf(agent.name), keys);
			return 'interrupted';
		},
		{timeoutMs: 15_000},
	);
	if (outcome === 'interrupted') {
		// At its prompt again: deliver now (a recorder would too, at the boundary it records).
		await waitUntilReady(ctx, agent, 10_000).then(
			async () => deliverMessages(ctx, agent.name),
			() => undefined,
		);
	}
	return outcome;
}
