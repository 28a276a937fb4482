import {spawnSync} from 'node:child_process';
import path from 'node:path';
import {repoRoot} from '../helpers/tt.js';

/** What scripts/e2e-setup.mjs --json prints for one set of CLIs. */
export type E2eClis = {
	binDir: string;
	/** Node 24's bin folder, for the newest set (`--newest`); undefined for the pinned one. */
	nodeBinDir?: string;
	bins: Record<string, string>;
	versions: Record<string, string>;
};

/** Generous: a cold npm cache downloads ~1.4 GB. */
export const setupTimeoutMs = 12 * 60_000;

/**
 * Installs (once) the real CLIs into the git-ignored cache via scripts/e2e-setup.mjs and returns
 * their bin directory. Throws with npm's message when it cannot: these tests never skip silently.
 */
export function requireClis(options: {newest?: boolean; runtimes?: readonly string[]} = {}): E2eClis {
	const flags = [...(options.newest ? ['--json', '--newest'] : ['--json']), ...(options.runtimes ?? [])];
	const result = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'e2e-setup.mjs'), ...flags], {encoding: 'utf8', timeout: setupTimeoutMs});
	if (result.status !== 0) {
		throw new Error(
			`The end-to-end tests need the real agent CLIs, and scripts/e2e-setup.mjs could not install them (it needs the npm registry):\n${result.stderr || String(result.error ?? `exit ${result.status}`)}`,
		);
	}
	return JSON.parse(result.stdout) as E2eClis;
}

/** PATH entries for a set from requireClis: the CLIs, then the Node they need (the newest set's Node 24). */
export function cliPath(clis: {binDir: string; nodeBinDir?: string}): string {
	return clis.nodeBinDir ? `${clis.binDir}:${clis.nodeBinDir}` : clis.binDir;
}
