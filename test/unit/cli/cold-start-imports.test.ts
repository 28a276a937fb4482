import path from 'node:path';
import * as esbuild from 'esbuild';
import {describe, expect, it} from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');

/** The static import chain from `from` to the first file under node_modules/<pkg>, or undefined. */
async function staticPathTo(from: string, pkg: string): Promise<string[] | undefined> {
	const result = await esbuild.build({entryPoints: [path.join(root, from)], bundle: true, platform: 'node', format: 'esm', splitting: true, outdir: path.join(root, '.cache', 'imports-test'), write: false, metafile: true, jsx: 'automatic', external: ['better-sqlite3', 'playwright-core', 'fsevents', 'react-devtools-core'], logLevel: 'silent', absWorkingDir: root});
	const inputs = result.metafile.inputs;
	const previous = new Map<string, string | undefined>([[from, undefined]]);
	const queue = [from];
	while (queue.length > 0) {
		const file = queue.shift()!;
		if (file.includes(`node_modules/${pkg}/`)) {
			const chain: string[] = [];
			for (let at: string | undefined = file; at !== undefined; at = previous.get(at)) chain.unshift(at);
			return chain;
		}
		for (const imported of inputs[file]?.imports ?? []) {
			if (imported.kind !== 'import-statement' || previous.has(imported.path)) continue;
			previous.set(imported.path, file);
			queue.push(imported.path);
		}
	}
	return undefined;
}

describe('cold start', () => {
	// Every command loads the CLI's context; with a cached config, one-shot commands (tt status)
	// must not pay for loading the validator (about a quarter of tt status's start-up).
	it('the CLI wires its services without importing zod', async () => {
		expect(await staticPathTo('src/cli/context.ts', 'zod')).toBeUndefined();
	}, 30_000);
});
