import type {AgentConfig} from '../config/index.js';
import {detectFromScreen} from '../state/detect.js';
import type {StateVerdict} from '../state/types.js';
import type {PaneInfo} from '../tmux/client.js';
import type {WorkspaceContext} from './context.js';

export type Observation = {
	pane: PaneInfo | undefined;
	/** Visible screen rows, trailing spaces trimmed. */
	lines: string[];
	verdict: StateVerdict;
};

/** Splits captured pane text into rows without trailing blanks. */
export function screenLines(captured: string): string[] {
	const lines = captured.replace(/\n$/, '').split('\n').map((line) => line.trimEnd());
	return lines;
}

/** What an agent is doing right now, from one look at its pane (used when no observer streams it). */
export async function observeAgent(ctx: WorkspaceContext, agent: AgentConfig, knownPane?: PaneInfo | null): Promise<Observation> {
	const session = ctx.sessionOf(agent.name);
	const pane = knownPane === null ? undefined : (knownPane ?? (await ctx.services.tmux.paneInfo(session)));
	let lines: string[] = [];
	if (pane && !pane.dead) {
		try {
			lines = screenLines(await ctx.services.tmux.capturePane(session));
		} catch {
			// The pane vanished between the two calls; detection below reports what is known.
		}
	}
	const verdict = detectFromScreen({pane, lines, rules: ctx.rulesFor(agent)});
	return {pane, lines, verdict};
}

/** Records the observed state in the store (one event per change, shared by every tutti process). */
export function recordObservation(ctx: WorkspaceContext, agent: string, verdict: StateVerdict): void {
	ctx.store.recordState(ctx.name, agent, {
		state: verdict.state,
		source: verdict.source,
		rule: verdict.rule,
		detail: verdict.detail,
		data: verdict.exitStatus === undefined ? {} : {exit_status: verdict.exitStatus},
	});
}
