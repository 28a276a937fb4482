import type {WorkspaceContext} from '../agents/context.js';
import {log} from '../log.js';
import {isLookedAt} from '../store/looked-at.js';
import {openNotice, readNotices, resolveNotice} from '../store/notices.js';
import type {StoredEvent} from '../store/store.js';

/**
 * Keeps the shared unread notices (store/notices.ts) in step with what the recorder records: news
 * that an agent needs a person opens one — already read when someone is looking at the agent up
 * close — and the agent going on without anyone resolves it. The recorder decides what is news
 * once (Notifier) and tells both the channels and this board.
 */
export class NoticeBoard {
	readonly #ctx: WorkspaceContext;

	constructor(ctx: WorkspaceContext) {
		this.#ctx = ctx;
	}

	/** An agent needs a person: `kind` is its state (or `parked`). */
	open(agent: string, kind: string, text: string, event: StoredEvent): void {
		this.#safely(() => openNotice(this.#ctx.store, {agent, kind, text, eventId: event.id, read: isLookedAt(this.#ctx.store, agent) ? 'focus' : undefined}));
	}

	/** The agent no longer needs anyone. */
	resolve(agent: string): void {
		this.#safely(() => resolveNotice(this.#ctx.store, agent));
	}

	#safely(write: () => unknown): void {
		try {
			write();
		} catch (error) {
			log.warn('could not update the unread notices', {error: String(error)});
		}
	}
}

/**
 * A person saw the news about `agents` (all of them when undefined): marks them read in the store
 * and, when any was unread, says so in one `notice.read` event so every other surface updates.
 */
export function markNoticesRead(ctx: WorkspaceContext, agents: readonly string[] | undefined, by: 'focus' | 'ack'): string[] {
	const read = readNotices(ctx.store, agents, by);
	if (read.length > 0) ctx.emit('notice.read', null, {agents: read, by});
	return read;
}
