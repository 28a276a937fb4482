import {accessSync, constants, existsSync, statfsSync} from 'node:fs';
import path from 'node:path';
import {TuttiError} from '../errors.js';

/** SQLite result codes (the primary code, the low byte of an extended one) that mean the files, not tutti. */
const fileCodes: Record<number, string> = {8: 'READONLY', 10: 'IOERR', 11: 'CORRUPT', 13: 'FULL', 14: 'CANTOPEN', 26: 'NOTADB'};

/** The SQLite result name of an error from either engine (`SQLITE_FULL` → `FULL`), when it is about the files. */
function fileProblem(error: unknown): string | undefined {
	if (!(error instanceof Error)) return undefined;
	const code = (error as {code?: unknown}).code;
	// better-sqlite3: code 'SQLITE_READONLY_DBMOVED' and the like.
	if (typeof code === 'string' && code.startsWith('SQLITE_')) {
		const name = code.slice('SQLITE_'.length).split('_')[0] ?? '';
		return Object.values(fileCodes).includes(name) ? name : undefined;
	}
	// node:sqlite: code 'ERR_SQLITE_ERROR' with the numeric (extended) result in errcode.
	const errcode = (error as {errcode?: unknown}).errcode;
	return typeof errcode === 'number' ? fileCodes[errcode & 0xff] : undefined;
}

/**
 * Whether an error from either engine is SQLITE_BUSY ("database is locked"): another connection
 * kept the write lock longer than the busy timeout, or SQLite declined to wait (a lock upgrade).
 */
export function isBusy(error: unknown): boolean {
	if (!(error instanceof Error)) return false;
	const code = (error as {code?: unknown}).code;
	if (typeof code === 'string' && code.startsWith('SQLITE_BUSY')) return true;
	const errcode = (error as {errcode?: unknown}).errcode;
	return typeof errcode === 'number' && (errcode & 0xff) === 5;
}

/** Why `dir` cannot be written, in the words of the file system, if it can tell. */
function folderCause(dir: string): string | undefined {
	let probe = dir;
	while (!existsSync(probe) && path.dirname(probe) !== probe) probe = path.dirname(probe);
	try {
		accessSync(probe, constants.W_OK);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'EROFS') return 'read-only file system';
		if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
	}
	try {
		const stats = statfsSync(probe);
		if (stats.bavail === 0 || stats.ffree === 0) return 'no space left on device';
	} catch {
		// statfs is not available everywhere; the SQLite message is still given.
	}
	return undefined;
}

/**
 * An `error[state]` naming the database file and the cause, for an error that is about the files
 * (read-only, full, unreadable, corrupt); undefined for any other error.
 */
export function stateError(file: string, error: unknown, doing: 'open' | 'write to'): TuttiError | undefined {
	const problem = fileProblem(error);
	if (problem === undefined) return undefined;
	const dir = path.dirname(file);
	const cause =
		folderCause(dir) ??
		(problem === 'FULL' ? 'no space left on device' : problem === 'READONLY' ? 'the database is read-only' : problem === 'CORRUPT' || problem === 'NOTADB' ? 'the file is not a valid tutti database' : (error as Error).message);
	const hint =
		cause === 'read-only file system'
			? `Mount ${dir} writable (or run tutti where the project is writable).`
			: cause === 'no space left on device'
				? `Free some space on the disk that holds ${dir}, then run the command again.`
				: cause === 'permission denied'
					? `Give your user write access to ${dir}.`
					: problem === 'CORRUPT' || problem === 'NOTADB'
						? `Move ${file} aside (tutti starts a new one; its event history stays in the moved file).`
						: `Check that ${dir} is a writable folder on a healthy disk.`;
	return new TuttiError('ERR_STATE', `cannot ${doing} the workspace database ${file}: ${cause}`, {hint, cause: error, details: {path: file, sqlite: problem}});
}
