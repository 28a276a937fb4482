import {mkdirSync, renameSync, writeFileSync, type WriteFileOptions} from 'node:fs';
import path from 'node:path';

/** Writes a file so readers see the old content or the new one, never a torn mix. */
export function writeFileAtomic(file: string, content: string | Uint8Array, options: WriteFileOptions = {}): void {
	mkdirSync(path.dirname(file), {recursive: true});
	const temporary = `${file}.tmp.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2, 8)}`;
	writeFileSync(temporary, content, options);
	renameSync(temporary, file);
}
