import {existsSync, lstatSync, readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {TuttiError} from '../errors.js';
import {writeFileAtomic} from '../fs-atomic.js';
import {privateDir, unsafeBecause} from '../private-dir.js';

/**
 * tutti's own tmux configuration. The server is started with `-f <this file>`, never the user's
 * ~/.tmux.conf, so personal settings and key bindings cannot break agents.
 */
export function tuttiTmuxConf(terminal: string): string {
	return `# tmux configuration owned by tutti; regenerated on start, do not edit.
# A dead agent pane stays, so its exit status can be read.
set -g remain-on-exit on
# Window sizes are chosen by tutti: each agent window gets window-size manual when it is created
# (a global "window-size manual" makes tmux 3.3a crash on the next new-session).
set -g default-size 200x50
set -g history-limit 50000
set -g focus-events on
set -g escape-time 10
set -g default-terminal "${terminal}"
set -ga terminal-overrides ",*:Tc"
set -g allow-rename off
set -g automatic-rename off
set -g set-titles off
# The server is started on its own (start-server) so it keeps the caller's environment, not an
# agent's; tt down stops it when the last agent session is gone.
set -g exit-empty off
set -g status-style "bg=#1a1a2e,fg=#e0e0e0"
set -g status-left-length 120
set -g status-right ""
set -g mouse on
`;
}

/** `tmux-256color` where its terminfo entry exists (agents misbehave on an unknown TERM). */
function pickTerminal(): string {
	const dirs = [process.env['TERMINFO'], path.join(os.homedir(), '.terminfo'), '/usr/share/terminfo', '/lib/terminfo', '/usr/lib/terminfo', '/etc/terminfo'];
	for (const dir of dirs) {
		if (dir && (existsSync(path.join(dir, 't', 'tmux-256color')) || existsSync(path.join(dir, '74', 'tmux-256color')))) return 'tmux-256color';
	}
	return 'screen-256color';
}

/**
 * Writes the config file if missing or stale and returns its path. It lives in a folder only this
 * user can write (never the shared temp folder, where another user could plant or swap it) and is
 * refused when it is a symlink, someone else's or writable by others.
 */
export function ensureTmuxConf(env: NodeJS.ProcessEnv = process.env): string {
	const file = path.join(privateDir(env), 'tmux.conf');
	const text = tuttiTmuxConf(pickTerminal());
	let current: string | undefined;
	try {
		const stats = lstatSync(file);
		const reason = unsafeBecause(stats, 'file');
		if (reason !== undefined) {
			throw new TuttiError('ERR_STATE', `refusing to start tmux with ${file}: ${reason}`, {
				hint: `Remove ${file}; tutti writes a fresh one.`,
				details: {path: file},
			});
		}
		current = readFileSync(file, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
	}
	// The rename replaces whatever name is there; the folder is the user's alone, so no one can race it.
	if (current !== text) writeFileAtomic(file, text, {mode: 0o600});
	return file;
}
