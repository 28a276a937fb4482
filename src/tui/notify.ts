import {spawn} from 'node:child_process';
import {log} from '../core/log.js';
import type {AgentView} from './types.js';
import type {UiState} from './ui-state.js';

/**
 * What tt watch says (bell, OSC 9/777, desktop) when an agent starts needing you; nothing for the
 * agent on screen in focus mode — the person is looking at it already.
 */
export function attentionNotice(agent: Pick<AgentView, 'key' | 'name' | 'state' | 'detail'>, ui: Pick<UiState, 'view' | 'focused'>): string | undefined {
	if (ui.view === 'focus' && ui.focused === agent.key) return undefined;
	return `${agent.name} needs you: ${agent.state.replace('_', ' ')}${agent.detail ? ` — ${agent.detail}` : ''}`;
}

/**
 * A desktop notification, best effort: `notify-send` on Linux, `osascript` on macOS. Nothing is
 * written to the terminal; a missing tool is only logged.
 */
export function notifyDesktop(title: string, body: string): void {
	const argv = process.platform === 'darwin' ? ['osascript', ['-e', `display notification ${JSON.stringify(body)} with title ${JSON.stringify(title)}`]] as const : ['notify-send', ['--app-name=tutti', title, body]] as const;
	try {
		const child = spawn(argv[0], [...argv[1]], {stdio: 'ignore', detached: true});
		child.on('error', (error) => log.debug('desktop notification failed', {error: String(error)}));
		child.unref();
	} catch (error) {
		log.debug('desktop notification failed', {error: String(error)});
	}
}
