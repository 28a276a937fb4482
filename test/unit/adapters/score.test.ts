import {describe, expect, it} from 'vitest';
import {builtinAdapters} from '../../../src/adapters/index.js';
import {detectCapturedScreen} from '../../../src/core/state/captured.js';
import {listScreenFixtures, type ScreenFixture} from './fixtures.js';

/**
 * The detector's score on the screen corpus, per CLI and per CLI version: recorded fixtures of a
 * version other than the pinned one carry `--v<version>--` in their name (checkScreens in
 * test/e2e/harness.ts), everything else counts as the pinned version. screens.test.ts fails on
 * each wrong screen; this one keeps a version from being dropped from the corpus unnoticed and
 * prints the table (`CI= npx vitest run test/unit/adapters/score.test.ts`).
 */
const versionOf = (fixture: ScreenFixture): string => /--v(\d[\w.-]*?)--\d+x\d+\.txt$/.exec(fixture.name)?.[1] ?? 'pinned';

type Score = {group: string; right: number; total: number; wrong: string[]};

function score(fixtures: readonly ScreenFixture[]): Score[] {
	const groups = new Map<string, Score>();
	for (const fixture of fixtures) {
		const adapter = builtinAdapters.find((candidate) => candidate.id === fixture.runtime);
		if (!adapter) continue;
		const group = `${fixture.runtime}@${versionOf(fixture)}`;
		const entry = groups.get(group) ?? {group, right: 0, total: 0, wrong: []};
		const verdict = detectCapturedScreen({...fixture.input, rules: adapter.screenRules});
		entry.total++;
		if (verdict?.state === fixture.expected) entry.right++;
		else entry.wrong.push(`${fixture.name} → ${verdict?.state ?? 'unknown'} (${verdict.rule ?? 'no rule'})`);
		groups.set(group, entry);
	}
	return [...groups.values()].sort((a, b) => a.group.localeCompare(b.group));
}

describe('detector score on the screen corpus', () => {
	const scores = score(listScreenFixtures());

	it('prints the table', () => {
		const table = scores.map((entry) => `${entry.group.padEnd(28)} ${String(entry.right).padStart(4)}/${String(entry.total).padEnd(4)} ${((100 * entry.right) / entry.total).toFixed(1)} %`);
		process.stderr.write(`\n${table.join('\n')}\n`);
		expect(scores.length).toBeGreaterThan(0);
	});

	it('the newest Claude Code and Qwen Code, and OpenClaw, are in the corpus, with every state they were recorded in', () => {
		const newest = (runtime: string) => listScreenFixtures().filter((fixture) => fixture.runtime === runtime && versionOf(fixture) !== 'pinned');
		const states = (runtime: string) => new Set(newest(runtime).map((fixture) => fixture.expected));
		expect([...states('claude-code')].sort()).toEqual(['auth_failed', 'idle', 'needs_input', 'provider_down', 'rate_limited', 'stopped', 'working']);
		expect([...states('qwen-code')].sort()).toEqual(['auth_failed', 'idle', 'needs_input', 'rate_limited', 'working']);
		// OpenClaw has no approval dialog in `openclaw chat`, and its final 429/5xx take minutes of retries.
		expect([...states('openclaw')].sort()).toEqual(['auth_failed', 'idle', 'working']);
		for (const runtime of ['claude-code', 'qwen-code', 'openclaw']) {
			const sizes = new Set(newest(runtime).map((fixture) => /(\d+x\d+)\.txt$/.exec(fixture.name)?.[1]));
			expect([...sizes].sort(), runtime).toEqual(['120x40', '200x50', '80x24']);
		}
	});

	it.each(scores.map((entry) => [entry.group, entry] as const))('%s: every screen right', (_group, entry) => {
		expect(entry.wrong).toEqual([]);
	});
});
