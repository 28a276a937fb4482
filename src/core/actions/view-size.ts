import type {WorkspaceContext} from '../agents/context.js';
import {log} from '../log.js';
import {endLookedAt, markLookedAt} from '../store/looked-at.js';
import {markNoticesRead} from '../notify/notice-board.js';

/**
 * While a person looks at an agent up close (focus in `tt watch` or the dashboard, `tt attach`),
 * its window takes the size of their view so the CLI reflows to it instead of being cropped; when
 * the last view closes, the window goes back to the size tutti gave it. Views are counted per
 * process: two surfaces in one process share the agent, the most recent size wins.
 */

/** The smallest and largest window a view can ask for (a CLI below 20×5 cannot draw its prompt). */
export const viewSizeLimits = {minCols: 20, minRows: 5, maxCols: 500, maxRows: 200} as const;

/** Per agent session: its own size (as before its first view in this process) and the open views. */
type Sized = {original: {cols: number; rows: number}; views: Map<string, {cols: number; rows: number}>};

const sized = new Map<string, Sized>();

function clamp(value: number, min: number, max: number): number {
	return Math.min(max, Math.max(min, Math.round(value)));
}

/**
 * Agents with a view open in this process: marked looked at in the store (the recorders stay
 * quiet about them, core/notify), the mark refreshed while the view stays open.
 */
const watched = new Map<string, {ctx: WorkspaceContext; agent: string}>();
let heartbeat: NodeJS.Timeout | undefined;

function mark(ctx: WorkspaceContext, agent: string): void {
	try {
		markLookedAt(ctx.store, agent);
	} catch (error) {
		log.debug('could not mark the agent looked at', {agent, error: String(error)});
	}
}

function watch(ctx: WorkspaceContext, agent: string): void {
	watched.set(ctx.sessionOf(agent), {ctx, agent});
	mark(ctx, agent);
	// Opened up close: its news has been seen, in every surface.
	try {
		markNoticesRead(ctx, [agent], 'focus');
	} catch (error) {
		log.debug('could not mark the notice read', {agent, error: String(error)});
	}
	heartbeat ??= setInterval(() => {
		for (const entry of watched.values()) mark(entry.ctx, entry.agent);
	}, 5000);
	heartbeat.unref?.();
}

function unwatch(ctx: WorkspaceContext, agent: string): void {
	if (!watched.delete(ctx.sessionOf(agent))) return;
	try {
		endLookedAt(ctx.store, agent);
	} catch (error) {
		log.debug('could not clear the looked-at mark', {agent, error: String(error)});
	}
	if (watched.size === 0 && heartbeat) {
		clearInterval(heartbeat);
		heartbeat = undefined;
	}
}

/** Size changes of one session run one after another, each taking the size that is due when it runs. */
const queues = new Map<string, Promise<unknown>>();

function inTurn<T>(session: string, fn: () => Promise<T>): Promise<T> {
	const run = (queues.get(session) ?? Promise.resolve()).then(fn, fn);
	queues.set(session, run.catch(() => undefined));
	return run;
}

/** Gives the window the size due now: the latest open view's, or its own when none is open. */
async function applyDueSize(ctx: WorkspaceContext, session: string): Promise<void> {
	const entry = sized.get(session);
	if (!entry) return;
	const target = [...entry.views.values()].at(-1) ?? entry.original;
	const pane = await ctx.services.tmux.paneInfo(session);
	if (!pane || pane.dead || (pane.width === target.cols && pane.height === target.rows)) return;
	await ctx.services.tmux.resizeWindow(session, target.cols, target.rows);
}

/**
 * Sizes the agent's window for the view `viewId` (any name unique to that view). Returns the size
 * the window now has, or undefined when the agent is not running.
 */
export async function viewAgent(ctx: WorkspaceContext, agent: string, viewId: string, size: {cols: number; rows: number}): Promise<{cols: number; rows: number} | undefined> {
	const session = ctx.sessionOf(agent);
	const want = {cols: clamp(size.cols, viewSizeLimits.minCols, viewSizeLimits.maxCols), rows: clamp(size.rows, viewSizeLimits.minRows, viewSizeLimits.maxRows)};
	return inTurn(session, async () => {
		const pane = await ctx.services.tmux.paneInfo(session);
		if (!pane || pane.dead) return undefined;
		// The agent's own size is remembered once and kept: a view opened while another one's size
		// is being given back must not take the viewer's size for the agent's own.
		let entry = sized.get(session);
		if (!entry) {
			entry = {original: {cols: pane.width, rows: pane.height}, views: new Map()};
			sized.set(session, entry);
		}
		entry.views.delete(viewId);
		entry.views.set(viewId, want);
		watch(ctx, agent);
		await applyDueSize(ctx, session);
		return want;
	});
}

/**
 * Ends the view `viewId`. The window takes the size of the view opened last among those still
 * open, or — when none is — the size it had before the first view.
 */
export async function endView(ctx: WorkspaceContext, agent: string, viewId: string): Promise<void> {
	const session = ctx.sessionOf(agent);
	await inTurn(session, async () => {
		const entry = sized.get(session);
		if (!entry?.views.delete(viewId)) return;
		if (entry.views.size === 0) unwatch(ctx, agent);
		await applyDueSize(ctx, session).catch(() => undefined);
	});
}

/**
 * After a person detached from the agent (`tt attach`, `a` in tt watch: its window followed their
 * terminal meanwhile): the size due now — the latest view still open in this process, else the
 * agent's own size as this process knows it, else `before` (its size when the person attached).
 */
export async function settleAfterAttach(ctx: WorkspaceContext, agent: string, before: {cols: number; rows: number}): Promise<void> {
	const session = ctx.sessionOf(agent);
	await inTurn(session, async () => {
		if (!sized.has(session)) sized.set(session, {original: before, views: new Map()});
		await applyDueSize(ctx, session);
	});
}

/** The views open on an agent in this process (for tests and `tt explain`-style reports). */
export function openViews(ctx: WorkspaceContext, agent: string): number {
	return sized.get(ctx.sessionOf(agent))?.views.size ?? 0;
}
