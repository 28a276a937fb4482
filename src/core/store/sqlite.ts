import {createRequire} from 'node:module';
import {TuttiError} from '../errors.js';
import {openBetterSqlite3} from './sqlite-better.js';
import {installFix, installProblem} from './sqlite-install.js';
import {openNodeSqlite} from './sqlite-node.js';

/**
 * The one SQLite surface the store uses. Two engines sit behind it — Node's built-in `node:sqlite`
 * and the `better-sqlite3` addon — with the same pragmas, transactions and row shapes, so nothing
 * outside `core/store` knows which one runs.
 */
export type SqliteEngine = 'node:sqlite' | 'better-sqlite3';

export type SqlValue = string | number | bigint | null | Uint8Array;

export type RunResult = {changes: number; lastInsertRowid: number};

export type SqlStatement = {
	run(...params: SqlValue[]): RunResult;
	/** The first row as a plain object, or undefined. */
	get(...params: SqlValue[]): unknown;
	/** Every row as plain objects. */
	all(...params: SqlValue[]): unknown[];
};

export type SqlDatabase = {
	readonly engine: SqliteEngine;
	exec(sql: string): void;
	prepare(sql: string): SqlStatement;
	/** Runs `fn` in a write transaction that takes the lock up front (BEGIN IMMEDIATE); nests as savepoints. */
	immediate<T>(fn: () => T): T;
	close(): void;
};

export type EngineChoice = {engine: SqliteEngine; fallback: SqliteEngine | undefined};

/**
 * Which engine to use. Node 24+ has `node:sqlite` built in, loading without a flag or a warning:
 * it comes first there, so an install that ran no install script (npm 12's default for a global
 * install) needs none. Node 22.13+ has it too but announces it as experimental: there
 * better-sqlite3 comes first when it is built, `node:sqlite` (its warning held back) otherwise.
 * Older Node has only better-sqlite3. `TUTTI_SQLITE=node|better-sqlite3` forces one (tests run
 * the store against both).
 */
export function chooseEngine(nodeVersion = process.versions.node, forced = process.env['TUTTI_SQLITE']): EngineChoice {
	if (forced === 'node' || forced === 'node:sqlite') return {engine: 'node:sqlite', fallback: undefined};
	if (forced === 'better-sqlite3') return {engine: 'better-sqlite3', fallback: undefined};
	const [major = 0, minor = 0] = nodeVersion.split('.').map(Number);
	if (major >= 24) return {engine: 'node:sqlite', fallback: 'better-sqlite3'};
	const nodeHasSqlite = major > 22 || (major === 22 && minor >= 13);
	return {engine: 'better-sqlite3', fallback: nodeHasSqlite ? 'node:sqlite' : undefined};
}

const load = createRequire(import.meta.url);

/** Opens `file` with the engine this Node should use; an engine that cannot load is an `error[install]`. */
export function openSqlite(file: string, choice: EngineChoice = chooseEngine()): SqlDatabase {
	try {
		return openWith(choice.engine, file);
	} catch (error) {
		if (!isLoadFailure(error)) throw error;
		if (choice.fallback !== undefined) {
			try {
				return openWith(choice.fallback, file);
			} catch (fallbackError) {
				if (!isLoadFailure(fallbackError)) throw fallbackError;
			}
		}
		throw engineInstallError(choice.engine, error);
	}
}

function openWith(engine: SqliteEngine, file: string, options: {readonly?: boolean} = {}): SqlDatabase {
	return engine === 'node:sqlite' ? openNodeSqlite(load, file, options) : openBetterSqlite3(load, file, options);
}

/**
 * Runs one query on another program's SQLite database (an agent CLI's session index), opened
 * read-only with the engine this Node uses; undefined when the file cannot be opened or read.
 */
export function queryForeignDatabase(file: string, sql: string, params: readonly SqlValue[] = []): unknown[] | undefined {
	const choice = chooseEngine();
	let db: SqlDatabase | undefined;
	try {
		try {
			db = openWith(choice.engine, file, {readonly: true});
		} catch (error) {
			if (!isLoadFailure(error) || choice.fallback === undefined) throw error;
			db = openWith(choice.fallback, file, {readonly: true});
		}
		return db.prepare(sql).all(...params);
	} catch {
		return undefined;
	} finally {
		db?.close();
	}
}

/** The engine a store in this process would open, or the install error explaining why none can. */
export function probeSqlite(choice: EngineChoice = chooseEngine()): {engine: SqliteEngine} | {error: TuttiError} {
	try {
		const db = openSqlite(':memory:', choice);
		const {engine} = db;
		db.close();
		return {engine};
	} catch (error) {
		return {error: error instanceof TuttiError ? error : engineInstallError(choice.engine, error)};
	}
}

/** Errors that mean "this engine is not usable here", as opposed to a problem with the database file. */
export class SqliteLoadError extends Error {
	readonly engine: SqliteEngine;
	constructor(engine: SqliteEngine, cause: unknown) {
		super(cause instanceof Error ? cause.message : String(cause), {cause});
		this.name = 'SqliteLoadError';
		this.engine = engine;
	}
}

function isLoadFailure(error: unknown): error is SqliteLoadError {
	return error instanceof SqliteLoadError;
}

function engineInstallError(engine: SqliteEngine, error: unknown): TuttiError {
	const cause = error instanceof SqliteLoadError ? error.cause : error;
	const problem = installProblem(engine, cause);
	return new TuttiError('ERR_INSTALL', problem.message, {
		hint: installFix(problem),
		cause,
		details: {engine, node: process.versions.node, reason: problem.reason},
	});
}
