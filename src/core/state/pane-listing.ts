import type {WorkspaceContext} from '../agents/context.js';
import {RoutedTmux} from '../hosts/host-tmux.js';
import {paneFormat, parsePaneLine, type PaneInfo} from '../tmux/client.js';
import type {AgentObserver} from './agent-observer.js';

/**
 * Every pane, by session, for one recorder round. Through an attached control client when there is
 * one, so the round spawns no process; not when some agents live on other hosts (a local client
 * lists this machine's panes only).
 */
export async function listPanesForRound(ctx: WorkspaceContext, observers: Iterable<AgentObserver>): Promise<Map<string, PaneInfo>> {
	const client = ctx.services.tmux instanceof RoutedTmux ? undefined : [...observers].find((observer) => observer.connected);
	const lines = client ? await client.command(['list-panes', '-a', '-F', paneFormat]).catch(() => undefined) : undefined;
	const panes = lines ? lines.filter((line) => line !== '').map((line) => parsePaneLine(line)) : await ctx.services.tmux.listPanes();
	return new Map(panes.map((pane) => [pane.session, pane]));
}
