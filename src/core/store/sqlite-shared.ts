/** Pragmas every connection gets, whichever engine opened it (a read-only one only waits for locks). */
export function applyPragmas(exec: (sql: string) => void, readonly = false): void {
	// Several processes write; wait for a lock instead of failing. Set first: switching to WAL
	// needs a lock too when another process is opening the same file.
	exec('PRAGMA busy_timeout = 5000');
	if (readonly) return;
	exec('PRAGMA journal_mode = WAL');
	exec('PRAGMA synchronous = NORMAL');
}

/**
 * IMMEDIATE transactions (the write lock taken up front, so two writers never deadlock on an
 * upgrade) that nest as savepoints, for an engine without a transaction helper of its own.
 */
export function transactionRunner(exec: (sql: string) => void): <T>(fn: () => T) => T {
	let depth = 0;
	return <T>(fn: () => T): T => {
		const savepoint = `tt_sp_${depth}`;
		exec(depth === 0 ? 'BEGIN IMMEDIATE' : `SAVEPOINT ${savepoint}`);
		depth++;
		let result: T;
		try {
			result = fn();
		} catch (error) {
			depth--;
			exec(depth === 0 ? 'ROLLBACK' : `ROLLBACK TO ${savepoint}; RELEASE ${savepoint}`);
			throw error;
		}
		depth--;
		exec(depth === 0 ? 'COMMIT' : `RELEASE ${savepoint}`);
		return result;
	};
}
