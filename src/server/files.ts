import {closeSync, lstatSync, openSync, readdirSync, readSync, realpathSync, type Stats} from 'node:fs';
import path from 'node:path';

export type FileMeta = {file: string; path: string; size_bytes: number; modified_at: string};

/**
 * Regular files directly in `dir` (a directory inside `root`), as paths relative to `root`.
 * Symbolic links and anything whose real path leaves `root` are skipped: nothing under /v1
 * reveals files outside the workspace.
 */
export function listFiles(root: string, dir: string, filter: (name: string) => boolean = () => true): FileMeta[] {
	if (!isInside(root, dir)) return [];
	let names: string[];
	try {
		names = readdirSync(dir);
	} catch {
		return [];
	}
	const files: FileMeta[] = [];
	for (const name of names.sort()) {
		if (!filter(name)) continue;
		const file = path.join(dir, name);
		let stats: Stats;
		try {
			stats = lstatSync(file);
		} catch {
			continue;
		}
		if (!stats.isFile()) continue;
		files.push({file: name, path: path.relative(root, file), size_bytes: stats.size, modified_at: stats.mtime.toISOString()});
	}
	return files;
}

/** True when `target` (resolved through links, if it exists) is `root` or below it. */
export function isInside(root: string, target: string): boolean {
	const realRoot = safeRealpath(root);
	const real = safeRealpath(target);
	const relative = path.relative(realRoot, real);
	return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

function safeRealpath(target: string): string {
	try {
		return realpathSync(target);
	} catch {
		return path.resolve(target);
	}
}

/** The last `maxBytes` of a regular file inside `root` (no links), or undefined. */
export function readTail(root: string, file: string, maxBytes: number): string | undefined {
	let stats: Stats;
	try {
		stats = lstatSync(file);
	} catch {
		return undefined;
	}
	if (!stats.isFile() || !isInside(root, path.dirname(file))) return undefined;
	const length = Math.min(stats.size, maxBytes);
	const buffer = Buffer.alloc(length);
	const fd = openSync(file, 'r');
	try {
		readSync(fd, buffer, 0, length, stats.size - length);
	} finally {
		closeSync(fd);
	}
	return buffer.toString('utf8');
}
