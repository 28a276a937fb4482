import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import type {ScreenInput} from '../../../src/core/state/screen-rules.js';

export const screensDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/screens');

export type ScreenFixture = {runtime: string; name: string; file: string; expected: string; input: ScreenInput};

/** Reads a screen fixture: optional `#! title: …` lines on top, then one screen row per line. */
export function readScreen(file: string): ScreenInput {
	const rows = readFileSync(file, 'utf8').replaceAll('\r\n', '\n').split('\n');
	let title: string | undefined;
	while (rows[0]?.startsWith('#! ')) {
		const meta = /^#! title: (.*)$/.exec(rows.shift() ?? '');
		if (meta) title = meta[1];
	}
	return {lines: rows.map((row) => row.trimEnd()), title};
}

/** Every fixture, with the state its file name promises (`<state>--<scenario>.txt`). */
export function listScreenFixtures(): ScreenFixture[] {
	const fixtures: ScreenFixture[] = [];
	for (const runtime of readdirSync(screensDir, {withFileTypes: true})) {
		if (!runtime.isDirectory()) continue;
		for (const name of readdirSync(path.join(screensDir, runtime.name)).sort()) {
			if (!name.endsWith('.txt')) continue;
			const file = path.join(screensDir, runtime.name, name);
			fixtures.push({runtime: runtime.name, name, file, expected: name.replace(/\.txt$/, '').split('--')[0] ?? '', input: readScreen(file)});
		}
	}
	return fixtures;
}
