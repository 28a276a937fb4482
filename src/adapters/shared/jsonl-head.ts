import {closeSync, openSync, readdirSync, readSync} from 'node:fs';

/** The first `bytes` of a file as text ('' when it cannot be read): enough for a session log's header. */
export function readHead(file: string, bytes = 64 * 1024): string {
	let fd: number | undefined;
	try {
		fd = openSync(file, 'r');
		const buffer = Buffer.alloc(bytes);
		return buffer.subarray(0, readSync(fd, buffer, 0, bytes, 0)).toString('utf8');
	} catch {
		return '';
	} finally {
		if (fd !== undefined) closeSync(fd);
	}
}

/** The first line of a JSONL file, parsed, or undefined. */
export function firstJsonLine(file: string): Record<string, unknown> | undefined {
	const line = readHead(file).split('\n')[0] ?? '';
	try {
		const value = JSON.parse(line) as unknown;
		return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
	} catch {
		return undefined;
	}
}

/** Entries of a folder, or none when it does not exist. */
export function listDir(dir: string): string[] {
	try {
		return readdirSync(dir);
	} catch {
		return [];
	}
}
