import {renderTranscript, TranscriptFollower, TranscriptRenderer} from '../screen/transcript.js';
import {defaultPaneSize} from '../tmux/client.js';
import type {WorkspaceContext} from './context.js';

/**
 * The size an agent's output was recorded at: its pane's while it runs, else the size tutti gives
 * new panes. Cursor moves in the log are relative to it, so rendering at another width would
 * misplace redrawn lines.
 */
export async function recordedPaneSize(ctx: WorkspaceContext, agent: string): Promise<{cols: number; rows: number}> {
	const pane = await ctx.services.tmux.paneInfo(ctx.sessionOf(agent)).catch(() => undefined);
	return pane && pane.width > 0 && pane.height > 0 ? {cols: pane.width, rows: pane.height} : defaultPaneSize;
}

/** The last `lines` lines of an agent's raw log as the terminal showed them (what `tt logs` prints). */
export async function readableRecordedOutput(ctx: WorkspaceContext, agent: string, raw: string, lines: number): Promise<string[]> {
	const rendered = await renderTranscript(raw, {...(await recordedPaneSize(ctx, agent)), keep: lines});
	return rendered.slice(-lines);
}

/** A follower of an agent's log as it grows (`tt logs -f`), rendering at its pane's size. */
export async function followRecordedOutput(ctx: WorkspaceContext, agent: string, lines: number): Promise<TranscriptFollower> {
	return new TranscriptFollower(new TranscriptRenderer({...(await recordedPaneSize(ctx, agent)), keep: lines}));
}
