import {randomBytes} from 'node:crypto';
import {chmodSync, mkdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {globalConfigDir} from '../core/config/index.js';
import {TuttiError} from '../core/errors.js';
import {writeFileAtomic} from '../core/fs-atomic.js';
import {isLoopbackHost} from './plugins/security.js';

/** Shortest token accepted: 32 characters (a generated one is 64 hex digits). */
export const minTokenLength = 32;

/**
 * Where `tt serve --token` keeps its generated token: `$XDG_CONFIG_HOME/tutti/serve-token`, else
 * `~/.config/tutti/serve-token`. Every message that names the file asks this function.
 */
export function serveTokenFile(env: NodeJS.ProcessEnv = process.env): string {
	return path.join(globalConfigDir(env), 'serve-token');
}

/**
 * Refuses to serve beyond this machine without a token: any bind other than a loopback address
 * exposes agents that can run commands, so it needs bearer auth (and the token must be long).
 * `storedTokenFile` is where a bare `--token` would keep one (named in the hint).
 */
export function assertSafeBind(bind: string, token: string | undefined, storedTokenFile: string): void {
	if (token !== undefined && token.length < minTokenLength) {
		throw new TuttiError('ERR_USAGE', `the token is too short (${token.length} characters; at least ${minTokenLength})`, {hint: 'Use a longer token, or pass --token without a value to use a generated one.'});
	}
	if (isLoopbackHost(bind) || token !== undefined) return;
	throw new TuttiError('ERR_POLICY', `refusing to listen on ${bind} without a token: anyone who can reach it could drive your agents`, {
		hint: `Add --token (a token is generated and kept in ${storedTokenFile}), or bind 127.0.0.1.`,
	});
}

/**
 * The token stored in `file` (see serveTokenFile) when it is long enough, else a new one (32
 * random bytes, hex) written there with mode 0600. `created` tells the caller to show it once.
 */
export function loadOrCreateToken(file: string): {token: string; file: string; created: boolean} {
	try {
		const stored = readFileSync(file, 'utf8').trim();
		if (stored.length >= minTokenLength && /^[\x21-\x7e]+$/.test(stored)) {
			// Tighten a file someone loosened.
			chmodSync(file, 0o600);
			return {token: stored, file, created: false};
		}
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
	}
	const token = randomBytes(32).toString('hex');
	mkdirSync(path.dirname(file), {recursive: true, mode: 0o700});
	writeFileAtomic(file, `${token}\n`, {mode: 0o600});
	chmodSync(file, 0o600);
	return {token, file, created: true};
}

/** The dashboard URL; the token rides in the fragment, which browsers never send to servers. */
export function dashboardUrl(host: string, port: number, token: string | undefined): string {
	const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
	const hostPart = shown.includes(':') ? `[${shown}]` : shown;
	return `http://${hostPart}:${port}/${token === undefined ? '' : `#token=${encodeURIComponent(token)}`}`;
}

/** The first line of a token file (`tt serve --token-file`), trimmed; a clear error when unreadable or empty. */
export function readTokenFile(file: string): string {
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch (error) {
		throw new TuttiError('ERR_USAGE', `cannot read the token file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, {hint: 'Point --token-file at a readable file whose first line is the token.'});
	}
	const token = (text.split('\n')[0] ?? '').trim();
	if (token === '') throw new TuttiError('ERR_USAGE', `the token file ${file} is empty`, {hint: `Write a token of at least ${minTokenLength} characters on its first line.`});
	return token;
}
