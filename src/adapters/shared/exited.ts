import type {ScreenRule} from '../../core/state/screen-rules.js';
import {priority} from './priorities.js';

/**
 * A CLI that exited back to the shell that started it (a pane whose command was a shell, a screen
 * captured from a person's terminal): its goodbye text (`goodbye`, the CLI's own words: a resume
 * hint, a farewell) under the last answer, then a shell prompt on the last row. tmux's dead-pane
 * banner is core's business (state/captured.ts): it is the same for every CLI.
 */
export function exitedToShellRules(prefix: string, goodbye: string): ScreenRule[] {
	return [{id: `${prefix}/exited.to-shell`, state: 'stopped', pattern: goodbye, region: 'bottom', rows: 12, shellBelow: true, priority: priority.exited}];
}
