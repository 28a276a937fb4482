import type {PaneInfo} from '../tmux/client.js';
import {detectFromScreen} from './detect.js';
import type {ScreenRule} from './screen-rules.js';
import type {StateVerdict} from './types.js';

/**
 * tmux (remain-on-exit, which tutti sets) writes `Pane is dead (status 0, <date>)` or `(signal 9,
 * <date>)` at column 0 under the cursor when the pane's process ends. Only that exact wording in
 * the last three non-empty rows counts.
 */
const deadBanner = /^Pane is dead \((status|signal) (\d+),/;

/** What tmux's dead-pane banner on a captured screen says of the pane: dead, with its status or signal. */
export function deadFromBanner(lines: readonly string[]): Pick<PaneInfo, 'dead' | 'deadStatus' | 'deadSignal'> {
	const rows = lines.filter((line) => line.trim() !== '').slice(-3);
	for (const row of rows) {
		const match = deadBanner.exec(row);
		if (match) return match[1] === 'status' ? {dead: true, deadStatus: Number(match[2]), deadSignal: undefined} : {dead: true, deadStatus: undefined, deadSignal: Number(match[2])};
	}
	return {dead: false, deadStatus: undefined, deadSignal: undefined};
}

/**
 * The pane a captured screen (`tt detect --from-file`, recorded fixtures) stands for: what a capture
 * can carry read from the screen itself (tmux's dead-pane banner, the title, the size), none of
 * what it cannot (no launch time, so never `starting`; no process).
 */
export function capturedPane(input: {lines: readonly string[]; title?: string | undefined; cols?: number; rows?: number}): PaneInfo {
	return {
		session: '',
		paneId: '',
		pid: undefined,
		...deadFromBanner(input.lines),
		title: input.title ?? '',
		width: input.cols ?? 0,
		height: input.rows ?? input.lines.length,
		currentCommand: '',
		createdAt: 0,
	};
}

/** The state of a captured screen: exactly the live pipeline's `detectFromScreen` on its {@link capturedPane}. */
export function detectCapturedScreen(input: {lines: readonly string[]; title?: string | undefined; rules: readonly ScreenRule[]; cols?: number; rows?: number}): StateVerdict {
	return detectFromScreen({pane: capturedPane(input), lines: input.lines, rules: input.rules});
}
