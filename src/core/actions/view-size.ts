import type {WorkspaceContext} from '../agents/context.js';

/**
 * While a person looks at an agent up close (focus in `tt watch` or the dashboard, `tt attach`),
 * its window takes the size of their view so the CLI reflows to it instead of being cropped; when
 * the last view closes, the window goes back to the size tutti gave it. Views are counted per
 * process: two surfaces in one process share the agent, the most recent size wins.
 */

/** The smallest and largest window a view can ask for (a CLI below 20×5 cannot draw its prompt). */
export const viewSizeLimits = {minCols: 20, minRows: 5, maxCols: 500, maxRows: 200} as const;

type Sized = {original: {cols: number; rows: number}; views: Map<string, {cols: number; rows: number}>};

const sized = new Map<string, Sized>();

function clamp(value: number, min: number, max: number): number {
	return Math.min(max, Math.max(min, Math.round(value)));
}

/**
 * Sizes the agent's window for the view `viewId` (any name unique to that view). Returns the size
 * the window now has, or undefined when the agent is not running.
 */
export async function viewAgent(ctx: WorkspaceContext, agent: string, viewId: string, size: {cols: number; rows: number}): Promise<{cols: number; rows: number} | undefined> {
	const session = ctx.sessionOf(agent);
	const {tmux} = ctx.services;
	const pane = await tmux.paneInfo(session);
	if (!pane || pane.dead) return undefined;
	const want = {cols: clamp(size.cols, viewSizeLimits.minCols, viewSizeLimits.maxCols), rows: clamp(size.rows, viewSizeLimits.minRows, viewSizeLimits.maxRows)};
	let entry = sized.get(session);
	if (!entry) {
		entry = {original: {cols: pane.width, rows: pane.height}, views: new Map()};
		sized.set(session, entry);
	}
	entry.views.set(viewId, want);
	if (pane.width !== want.cols || pane.height !== want.rows) await tmux.resizeWindow(session, want.cols, want.rows);
	return want;
}

/**
 * Ends the view `viewId`. The window takes the size of the view opened last among those still
 * open, or — when none is — the size it had before the first view.
 */
export async function endView(ctx: WorkspaceContext, agent: string, viewId: string): Promise<void> {
	const session = ctx.sessionOf(agent);
	const entry = sized.get(session);
	if (!entry?.views.delete(viewId)) return;
	const remaining = [...entry.views.values()].at(-1);
	if (remaining === undefined) sized.delete(session);
	const target = remaining ?? entry.original;
	const pane = await ctx.services.tmux.paneInfo(session);
	if (!pane || pane.dead || (pane.width === target.cols && pane.height === target.rows)) return;
	await ctx.services.tmux.resizeWindow(session, target.cols, target.rows).catch(() => undefined);
}

/** The views open on an agent in this process (for tests and `tt explain`-style reports). */
export function openViews(ctx: WorkspaceContext, agent: string): number {
	return sized.get(ctx.sessionOf(agent))?.views.size ?? 0;
}
