import type {WorkspaceContext} from '../agents/context.js';
import {findAgent} from '../config/resolve.js';
import {markNoticesRead} from '../notify/notice-board.js';
import {listNotices, type Notice} from '../store/notices.js';

/** The workspace's notices (unread first, then newest first); only the unread ones unless `all`. */
export function workspaceNotices(ctx: WorkspaceContext, options: {all?: boolean} = {}): Notice[] {
	const notices = listNotices(ctx.store).filter((notice) => options.all === true || notice.unread);
	return notices.sort((a, b) => Number(b.unread) - Number(a.unread));
}

/**
 * A person acknowledges the news about `agents` (every agent when empty): read in every surface.
 * Unknown names are refused before anything is marked. Returns the agents whose notice was unread.
 */
export function acknowledgeNotices(ctx: WorkspaceContext, agents: readonly string[] = []): string[] {
	for (const agent of agents) findAgent(ctx.config, agent);
	return markNoticesRead(ctx, agents.length === 0 ? undefined : agents, 'ack');
}
