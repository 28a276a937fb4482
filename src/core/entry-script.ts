import {realpathSync} from 'node:fs';
import path from 'node:path';

/**
 * The running `tt` script with symlinks resolved. A global install runs `tt` through a symlink in
 * npm's bin folder (`<prefix>/bin/tt → …/node_modules/tutti/dist/tt.js`); the files shipped beside
 * the bundle (the demo agent, the dashboard) live next to the target, not next to the link.
 */
export function entryScript(entry: string | undefined = process.argv[1], fallback?: string): string {
	const resolved = path.resolve(entry ?? fallback ?? '.');
	try {
		return realpathSync(resolved);
	} catch {
		return resolved;
	}
}
