import type {Dirent} from 'node:fs';
import {readdir, realpath, stat} from 'node:fs/promises';
import path from 'node:path';

export type FoundFile = {file: string; mtimeMs: number; size: number};

/**
 * Every file under `root` (recursively, at most `maxDepth` folders deep) whose name `accept`s,
 * with its mtime and size. Missing or unreadable folders are skipped, never thrown; symlinked
 * folders are not followed (no loops), symlinked files are.
 */
export async function findFiles(root: string, accept: (name: string) => boolean, maxDepth = 10): Promise<FoundFile[]> {
	const found: FoundFile[] = [];
	const visit = async (dir: string, depth: number): Promise<void> => {
		let entries: Dirent[];
		try {
			entries = await readdir(dir, {withFileTypes: true});
		} catch {
			return;
		}
		for (const entry of entries) {
			const full = path.join(dir, entry.name);
			if (entry.isDirectory()) {
				if (depth < maxDepth) await visit(full, depth + 1);
				continue;
			}
			if (!(entry.isFile() || entry.isSymbolicLink()) || !accept(entry.name)) continue;
			try {
				const info = await stat(full);
				if (info.isFile()) found.push({file: full, mtimeMs: info.mtimeMs, size: info.size});
			} catch {
				// Vanished between readdir and stat (a rotated or deleted log): nothing to read.
			}
		}
	};
	await visit(root, 0);
	return found.sort((a, b) => a.file.localeCompare(b.file));
}

/** Whether `dir` is an existing directory. */
export async function isDirectory(dir: string): Promise<boolean> {
	try {
		return (await stat(dir)).isDirectory();
	} catch {
		return false;
	}
}

/** The real path of `file`, or its resolved path when it does not exist. */
export async function realOrResolved(file: string): Promise<string> {
	try {
		return await realpath(file);
	} catch {
		return path.resolve(file);
	}
}
