import {lstatSync, mkdirSync, type Stats} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {TuttiError} from './errors.js';

const uid = (): number | undefined => (typeof process.getuid === 'function' ? process.getuid() : undefined);

/**
 * Why `stats` (of `file`) is not safe to trust as the user's own, or undefined when it is: a
 * symlink (it could point anywhere), owned by someone else, or writable by group or others (they
 * could swap the contents). `kind` is what the caller expects there.
 */
export function unsafeBecause(stats: Stats, kind: 'directory' | 'file'): string | undefined {
	if (stats.isSymbolicLink()) return 'it is a symbolic link';
	if (kind === 'directory' ? !stats.isDirectory() : !stats.isFile()) return `it is not a ${kind}`;
	const me = uid();
	if (me !== undefined && stats.uid !== me) return `it is owned by uid ${stats.uid}, not by you (uid ${me})`;
	if ((stats.mode & 0o022) !== 0) return `it is writable by ${(stats.mode & 0o002) !== 0 ? 'every user' : 'its group'} (mode ${(stats.mode & 0o777).toString(8)})`;
	return undefined;
}

/**
 * A folder only this user can write, for files other programs execute or trust (tutti's tmux
 * config: tmux runs what a config says). `$XDG_RUNTIME_DIR/tutti` when the session has one (a
 * per-user tmpfs), else `$XDG_STATE_HOME/tutti` (default `~/.local/state/tutti`). It is created
 * 0700; an existing one that is a symlink, someone else's or writable by others is refused.
 */
export function privateDir(env: NodeJS.ProcessEnv = process.env): string {
	const runtime = env['XDG_RUNTIME_DIR'];
	const base = runtime && path.isAbsolute(runtime) && isOwnDirectory(runtime) ? runtime : stateHome(env);
	const dir = path.join(base, 'tutti');
	mkdirSync(dir, {recursive: true, mode: 0o700});
	const reason = unsafeBecause(lstatSync(dir), 'directory');
	if (reason !== undefined) {
		throw new TuttiError('ERR_STATE', `refusing to keep tutti's private files in ${dir}: ${reason}`, {
			hint: `Another user could change what tutti runs. Remove ${dir} (or make it yours: chmod 700, owned by you), then run the command again.`,
			details: {path: dir},
		});
	}
	return dir;
}

function stateHome(env: NodeJS.ProcessEnv): string {
	const configured = env['XDG_STATE_HOME'];
	return configured && path.isAbsolute(configured) ? configured : path.join(env['HOME'] || os.homedir(), '.local', 'state');
}

function isOwnDirectory(dir: string): boolean {
	try {
		return unsafeBecause(lstatSync(dir), 'directory') === undefined;
	} catch {
		return false;
	}
}
