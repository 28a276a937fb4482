import {appendFileSync, mkdirSync} from 'node:fs';
import path from 'node:path';

/**
 * A small file logger. tutti never writes diagnostics to the terminal behind the user's back
 * (the TUI owns it); debug output goes to `TUTTI_LOG_FILE` when set, else nowhere.
 */
export type Logger = {
	debug(message: string, data?: Record<string, unknown>): void;
	warn(message: string, data?: Record<string, unknown>): void;
	error(message: string, data?: Record<string, unknown>): void;
};

let target: string | undefined = process.env['TUTTI_LOG_FILE'];

export function setLogFile(file: string | undefined): void {
	target = file;
	if (file) mkdirSync(path.dirname(file), {recursive: true});
}

function write(level: string, message: string, data?: Record<string, unknown>): void {
	if (!target) return;
	const line = JSON.stringify({t: new Date().toISOString(), level, pid: process.pid, message, ...data});
	try {
		appendFileSync(target, `${line}\n`);
	} catch {
		// Logging must never break the command it describes.
	}
}

export const log: Logger = {
	debug: (message, data) => write('debug', message, data),
	warn: (message, data) => write('warn', message, data),
	error: (message, data) => write('error', message, data),
};
