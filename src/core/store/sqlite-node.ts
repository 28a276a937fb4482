import {SqliteLoadError, type RunResult, type SqlDatabase, type SqlStatement, type SqlValue} from './sqlite.js';
import {applyPragmas, transactionRunner} from './sqlite-shared.js';

// The slice of `node:sqlite` the store uses (@types/node for Node 20 does not declare the module).
type NodeStatement = {
	run(...params: SqlValue[]): {changes: number | bigint; lastInsertRowid: number | bigint};
	get(...params: SqlValue[]): Record<string, unknown> | undefined;
	all(...params: SqlValue[]): Array<Record<string, unknown>>;
};
type NodeDatabase = {exec(sql: string): void; prepare(sql: string): NodeStatement; close(): void};
type NodeSqliteModule = {DatabaseSync: new (file: string, options?: {readOnly?: boolean}) => NodeDatabase};

type Load = (id: string) => unknown;

let cached: NodeSqliteModule | undefined;

/**
 * Loads `node:sqlite`. On Node 22 the module works but announces itself with an ExperimentalWarning
 * on first load; tutti only uses it there as a fallback, and that one warning would land in the
 * middle of the user's terminal (or the TUI), so it is held back while the module loads.
 */
function loadModule(load: Load): NodeSqliteModule {
	if (cached) return cached;
	const emitWarning = process.emitWarning;
	process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
		const text = typeof warning === 'string' ? warning : warning.message;
		if (/SQLite is an experimental feature/i.test(text)) return;
		(emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
	}) as typeof process.emitWarning;
	try {
		cached = load('node:sqlite') as NodeSqliteModule;
		return cached;
	} catch (error) {
		throw new SqliteLoadError('node:sqlite', error);
	} finally {
		process.emitWarning = emitWarning;
	}
}

// node:sqlite returns rows with a null prototype; better-sqlite3 returns plain objects. Copy, so
// both engines hand out the same shapes (deep-equality in callers and tests sees no difference).
const plain = (row: Record<string, unknown>): Record<string, unknown> => ({...row});

/** `readonly`: another program's database, opened without changing its settings (no WAL switch). */
export function openNodeSqlite(load: Load, file: string, options: {readonly?: boolean} = {}): SqlDatabase {
	const {DatabaseSync} = loadModule(load);
	const db = new DatabaseSync(file, options.readonly ? {readOnly: true} : {});
	const prepare = (sql: string): SqlStatement => {
		const statement = db.prepare(sql);
		return {
			run: (...params): RunResult => {
				const info = statement.run(...params);
				return {changes: Number(info.changes), lastInsertRowid: Number(info.lastInsertRowid)};
			},
			get: (...params) => {
				const row = statement.get(...params);
				return row === undefined ? undefined : plain(row);
			},
			all: (...params) => statement.all(...params).map(plain),
		};
	};
	const exec = (sql: string): void => db.exec(sql);
	applyPragmas(exec, options.readonly);
	return {
		engine: 'node:sqlite',
		exec,
		prepare,
		immediate: transactionRunner(exec),
		close: () => db.close(),
	};
}
