import {accessSync, constants, statSync} from 'node:fs';
import path from 'node:path';

/**
 * Finds an executable the way a shell would, without spawning one: the first `name` in `envPath`
 * that is a regular file the current user may execute. A name containing a slash is checked as is.
 *
 * @param envPath a PATH-style list. @default process.env.PATH
 * @returns the absolute path, or undefined when there is none.
 */
export function findExecutable(name: string, envPath: string | undefined = process.env['PATH']): string | undefined {
	if (name === '') return undefined;
	if (name.includes('/')) return isExecutableFile(name) ? path.resolve(name) : undefined;
	for (const directory of (envPath ?? '').split(path.delimiter)) {
		// An empty PATH entry means the current directory in POSIX shells; we refuse it on purpose,
		// so a file dropped in the project cannot stand in for `gh` or `git`.
		if (directory === '') continue;
		const candidate = path.resolve(directory, name);
		if (isExecutableFile(candidate)) return candidate;
	}
	return undefined;
}

function isExecutableFile(file: string): boolean {
	try {
		if (!statSync(file).isFile()) return false;
		accessSync(file, constants.X_OK);
		return true;
	} catch {
		return false;
	}
}
