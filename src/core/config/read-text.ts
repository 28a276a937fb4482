import {readFileSync} from 'node:fs';
import {TuttiError} from '../errors.js';

const strictUtf8 = new TextDecoder('utf-8', {fatal: true});

/**
 * Reads a config file as UTF-8 (TOML files must be UTF-8). Invalid bytes are an ERR_CONFIG_SYNTAX
 * at `file:line:column` of the first one — never silently replaced with U+FFFD, which would change
 * what a value means without a word.
 */
export function readConfigText(file: string): string {
	const bytes = readBytes(file);
	try {
		return strictUtf8.decode(bytes);
	} catch {
		const at = firstInvalidByte(bytes);
		const before = bytes.subarray(0, at);
		const lineStart = before.lastIndexOf(0x0a) + 1;
		const line = before.filter((byte) => byte === 0x0a).length + 1;
		const column = Buffer.from(bytes.subarray(lineStart, at)).toString('utf8').length + 1;
		const hex = bytes[at]?.toString(16).padStart(2, '0') ?? '??';
		throw new TuttiError('ERR_CONFIG_SYNTAX', `${file}:${line}:${column}: the byte 0x${hex} is not valid UTF-8 (TOML files must be UTF-8)`, {
			hint: `Re-save ${file} as UTF-8 (e.g. iconv -f latin1 -t utf-8), or fix the text at line ${line}.`,
			details: {file, line, column},
		});
	}
}

/** Why a config file could not be read, for the errors a person can fix (a missing file is the caller's to handle). */
const unreadable: Readonly<Record<string, string>> = {
	ENOTDIR: 'a part of its path is a file, not a folder',
	EISDIR: 'it is a folder, not a file',
	EACCES: 'permission denied',
	EPERM: 'permission denied',
	ELOOP: 'its path has a symbolic link loop',
};

/** The file's bytes; ENOENT as it is (callers treat a missing file their own way), other failures as a config error. */
function readBytes(file: string): Buffer {
	try {
		return readFileSync(file);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code ?? '';
		const why = unreadable[code];
		if (why === undefined) throw error;
		throw new TuttiError('ERR_CONFIG_INVALID', `cannot read ${file}: ${why}`, {
			cause: error,
			hint: code === 'ENOTDIR' ? 'Check the path (for the global config: XDG_CONFIG_HOME, or HOME) and make each folder in it a folder.' : `Make ${file} a readable file (or move it away).`,
			details: {file, code},
		});
	}
}

/** Offset of the first byte that does not belong to a valid UTF-8 sequence. */
function firstInvalidByte(bytes: Uint8Array): number {
	let index = 0;
	while (index < bytes.length) {
		const byte = bytes[index] ?? 0;
		const length = byte < 0x80 ? 1 : byte >= 0xc2 && byte <= 0xdf ? 2 : byte >= 0xe0 && byte <= 0xef ? 3 : byte >= 0xf0 && byte <= 0xf4 ? 4 : 0;
		if (length === 0) return index;
		try {
			strictUtf8.decode(bytes.subarray(index, index + length));
		} catch {
			return index;
		}
		index += length;
	}
	return bytes.length;
}
