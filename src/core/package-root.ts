import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

/**
 * tutti's own package folder (the one whose package.json is named `tutti`), walking up from
 * `from`: the clone, or the installed package with its shipped docs/, themes/ and templates/.
 * Undefined when tutti runs from somewhere without its manifest.
 */
export function findPackageRoot(from: string = fileURLToPath(import.meta.url)): string | undefined {
	let dir = path.dirname(from);
	for (;;) {
		const manifest = path.join(dir, 'package.json');
		if (existsSync(manifest)) {
			try {
				if ((JSON.parse(readFileSync(manifest, 'utf8')) as {name?: unknown}).name === 'tutti') return dir;
			} catch {
				// An unreadable manifest is not ours; keep walking.
			}
		}
		const parent = path.dirname(dir);
		if (parent === dir) return undefined;
		dir = parent;
	}
}
