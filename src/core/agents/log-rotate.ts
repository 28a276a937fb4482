import {copyFileSync, existsSync, renameSync, lstatSync, truncateSync} from 'node:fs';

/** @default 10 MiB per file, 3 rotated files kept (`<agent>.log.1` … `.3`). */
export const logLimits = {maxBytes: 10 * 1024 * 1024, keep: 3};

/**
 * Keeps a pane's raw output log bounded. The writer is tmux's `pipe-pane` sink (`cat >>`), which
 * holds the file open in append mode: so the log is copied aside and truncated in place (a
 * rename would leave the writer on the old file). Bytes written between the copy and the
 * truncate are lost — at most a few KB at 10 MiB boundaries.
 */
export function rotateLog(file: string, limits = logLimits): boolean {
	let size: number;
	try {
		const stats = lstatSync(file);
		// A symlink is not a log tutti made: never copy or truncate what it points at.
		if (!stats.isFile()) return false;
		size = stats.size;
	} catch {
		return false;
	}
	if (size <= limits.maxBytes) return false;
	for (let index = limits.keep - 1; index >= 1; index--) {
		const from = `${file}.${index}`;
		if (existsSync(from)) renameSync(from, `${file}.${index + 1}`);
	}
	copyFileSync(file, `${file}.1`);
	truncateSync(file, 0);
	return true;
}
