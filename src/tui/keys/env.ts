import {errorLine} from '../actions.js';
import type {AppServices} from '../app-context.js';
import {log} from '../../core/log.js';

/** What key handlers work with: the app's services. */
export type KeyEnv = AppServices & {
	/** Switches to a theme by name (validated; a bad theme becomes a toast). */
	setTheme(name: string): void;
};

export function toast(env: KeyEnv, text: string, level: 'info' | 'error' = 'info'): void {
	env.ui.dispatch({type: 'toast', text, level, at: Date.now()});
}

/** Runs an action in the background: a toast says it started, and how it ended. */
export function run(env: KeyEnv, label: string, task: () => Promise<string>): void {
	toast(env, `${label}…`);
	task().then(
		(message) => toast(env, message),
		(error: unknown) => {
			log.warn('tui action failed', {label, error: String(error)});
			toast(env, `${label} failed: ${errorLine(error)}`, 'error');
		},
	);
}
