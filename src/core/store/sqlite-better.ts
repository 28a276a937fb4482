import type BetterSqlite3 from 'better-sqlite3';
import {SqliteLoadError, type SqlDatabase, type SqlStatement} from './sqlite.js';
import {applyPragmas} from './sqlite-shared.js';

type Load = (id: string) => unknown;
type Constructor = new (file: string, options?: BetterSqlite3.Options) => BetterSqlite3.Database;

/**
 * Opens `file` with better-sqlite3. The addon is loaded lazily by its constructor, so both the
 * `require` and the first `new Database` can fail for install reasons (package missing, build
 * blocked, built for another Node): those are load failures, anything later is the database's.
 */
export function openBetterSqlite3(load: Load, file: string, options: {readonly?: boolean} = {}): SqlDatabase {
	let db: BetterSqlite3.Database;
	try {
		const Database = load('better-sqlite3') as Constructor;
		db = new Database(file, options.readonly ? {readonly: true, fileMustExist: true} : {});
	} catch (error) {
		if (isInstallFailure(error)) throw new SqliteLoadError('better-sqlite3', error);
		throw error;
	}
	const prepare = (sql: string): SqlStatement => {
		const statement = db.prepare(sql);
		return {
			run: (...params) => {
				const info = statement.run(...params);
				return {changes: info.changes, lastInsertRowid: Number(info.lastInsertRowid)};
			},
			get: (...params) => statement.get(...params),
			all: (...params) => statement.all(...params),
		};
	};
	const exec = (sql: string): void => {
		db.exec(sql);
	};
	applyPragmas(exec, options.readonly);
	return {
		engine: 'better-sqlite3',
		exec,
		prepare,
		immediate: (fn) => db.transaction(fn).immediate(),
		close: () => db.close(),
	};
}

function isInstallFailure(error: unknown): boolean {
	if (!(error instanceof Error)) return false;
	const code = (error as NodeJS.ErrnoException).code;
	if (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND' || code === 'ERR_DLOPEN_FAILED') return true;
	return /Could not locate the bindings file|NODE_MODULE_VERSION|invalid ELF header|wrong ELF class|cannot open shared object/i.test(error.message);
}
