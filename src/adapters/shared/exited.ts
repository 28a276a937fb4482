import type {ScreenRule} from '../../core/state/screen-rules.js';
import {priority} from './priorities.js';

/**
 * tmux (remain-on-exit, which tutti sets) writes `Pane is dead (status 0, <date>)` or `(signal 9,
 * <date>)` on the row under the cursor when the pane's process ends. Claude Code 2.1.33x clears
 * the screen on /exit, so that line is all a recorded screen of it shows. The live pipeline learns
 * the exit from `#{pane_dead}` first; this rule makes a captured screen (`tt detect --from-file`,
 * fixtures) say the same. Only the exact tmux wording at column 0, near the bottom, counts.
 */
export function exitedRules(prefix: string): ScreenRule[] {
	return [{id: `${prefix}/exited.pane-dead`, state: 'stopped', pattern: String.raw`^Pane is dead \((?:status|signal) \d+,`, region: 'bottom', rows: 3, priority: priority.exited}];
}
