import {readdirSync, statSync} from 'node:fs';
import path from 'node:path';

/** One path segment of a glob as a RegExp: `*`, `?` and `[…]` classes; everything else literal. */
function segmentPattern(segment: string): RegExp {
	let source = '';
	for (let index = 0; index < segment.length; index++) {
		const char = segment[index]!;
		if (char === '*') source += '[^/]*';
		else if (char === '?') source += '[^/]';
		else if (char === '[') {
			const end = segment.indexOf(']', index + 1);
			if (end === -1) source += '\\[';
			else {
				const body = segment.slice(index + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\');
				source += `[${body}]`;
				index = end;
			}
		} else source += char.replace(/[.+^${}()|\\]/g, '\\$&');
	}
	return new RegExp(`^${source}$`);
}

const isMagic = (segment: string) => /[*?[]/.test(segment);

function entries(dir: string): string[] {
	try {
		return readdirSync(dir);
	} catch {
		return [];
	}
}

function isDirectory(file: string): boolean {
	try {
		return statSync(file).isDirectory();
	} catch {
		return false;
	}
}

/**
 * Files matching an absolute glob (`*`, `?`, `[…]`, `**` for any depth). Hidden entries match only
 * a pattern that starts with a dot. Directories are never returned.
 */
export function globFiles(pattern: string): string[] {
	const absolute = path.resolve(pattern);
	const segments = absolute.split(path.sep).filter((segment) => segment !== '');
	const results = new Set<string>();
	const walk = (dir: string, rest: readonly string[]): void => {
		if (rest.length === 0) {
			if (!isDirectory(dir)) results.add(dir);
			return;
		}
		const [segment, ...tail] = rest as [string, ...string[]];
		if (segment === '**') {
			walk(dir, tail);
			for (const name of entries(dir)) {
				const child = path.join(dir, name);
				if (!name.startsWith('.') && isDirectory(child)) walk(child, rest);
			}
			return;
		}
		if (!isMagic(segment)) {
			walk(path.join(dir, segment), tail);
			return;
		}
		const matcher = segmentPattern(segment);
		for (const name of entries(dir)) {
			if (name.startsWith('.') && !segment.startsWith('.')) continue;
			if (matcher.test(name)) walk(path.join(dir, name), tail);
		}
	};
	walk(path.parse(absolute).root, segments);
	return [...results].filter((file) => {
		try {
			return statSync(file).isFile();
		} catch {
			return false;
		}
	});
}

/** Modification time of each match, to tell new files from old ones. */
export function snapshotGlob(pattern: string): Record<string, number> {
	const snapshot: Record<string, number> = {};
	for (const file of globFiles(pattern)) snapshot[file] = statSync(file).mtimeMs;
	return snapshot;
}

/** Matches that are new or changed since `snapshot`, newest first. */
export function newMatches(pattern: string, snapshot: Readonly<Record<string, number>>): string[] {
	return globFiles(pattern)
		.map((file) => ({file, mtime: statSync(file).mtimeMs}))
		.filter((entry) => snapshot[entry.file] === undefined || entry.mtime > snapshot[entry.file]!)
		.sort((a, b) => b.mtime - a.mtime)
		.map((entry) => entry.file);
}
