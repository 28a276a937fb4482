import {describe, expect, it} from 'vitest';
import {builtinAdapters} from '../../../src/adapters/index.js';
import {inputDraft} from '../../../src/core/messages/text.js';
import {listScreenFixtures, readScreen, screensDir} from './fixtures.js';

const adapterFor = (runtime: string) => {
	const adapter = builtinAdapters.find((candidate) => candidate.id === runtime);
	if (!adapter) throw new Error(runtime);
	return adapter;
};
const recorded = (name: string) => /--(?:\d+x\d+|recorded[^.]*)\.txt$/.test(name);

/**
 * The mailbox types a message only into an empty input box. Read on every recorded idle screen of
 * every CLI, the box must be found and empty (placeholders, the CLI's own status line in the box,
 * and prompts echoed in the transcript above it are not drafts) — except the one screen where a
 * prompt really sits typed in the box.
 */
describe('input boxes on recorded idle screens', () => {
	const typed: Record<string, string> = {'gemini-cli/idle--old-error-above-typed-prompt--200x50.txt': 'What did the deploy log say?'};
	const idle = listScreenFixtures().filter((fixture) => fixture.expected === 'idle' && recorded(fixture.name) && adapterFor(fixture.runtime).inputBox);
	it.each(idle.map((fixture) => [`${fixture.runtime}/${fixture.name}`, fixture] as const))('%s', (label, fixture) => {
		expect(inputDraft(adapterFor(fixture.runtime), fixture.input.lines)).toBe(typed[label] ?? '');
	});
	it('covers every CLI that declares a box', () => {
		const runtimes = new Set(idle.map((fixture) => fixture.runtime));
		for (const id of ['claude-code', 'codex', 'gemini-cli', 'qwen-code', 'opencode', 'copilot', 'openclaw']) expect(runtimes, id).toContain(id);
	});
});

/** A person's half-typed text put into each CLI's recorded empty box, where the CLI shows it. */
describe("a person's draft in each CLI's box", () => {
	const draft = 'please also check the';
	const cases: Array<[runtime: string, file: string, empty: RegExp, typed: string]> = [
		['claude-code', 'idle--startup--80x24.txt', /^❯$/m, `❯ ${draft}`],
		['codex', 'idle--startup--80x24.txt', /^› Ask Codex to do anything$/m, `› ${draft}`],
		['gemini-cli', 'idle--startup--80x24.txt', /^ > {3}Type your message or @path\/to\/file$/m, ` > ${draft}`],
		['qwen-code', 'idle--startup--80x24.txt', /^> {3}Type your message or @path\/to\/file$/m, `> ${draft}`],
		['opencode', 'idle--startup--80x24.txt', /^ {3}┃ {2}Ask anything… .*$/m, `   ┃  ${draft}`],
		['copilot', 'idle--startup--80x24.txt', /^❯$/m, `❯ ${draft}`],
		['openclaw', 'idle--startup--v2026.9.6--80x24.txt', /(?<=^─{80}\n)$/m, draft],
	];
	it.each(cases)('%s', (runtime, file, empty, typed) => {
		const screen = readScreen(`${screensDir}/${runtime}/${file}`).lines.join('\n');
		expect(screen).toMatch(empty);
		const withDraft = screen.replace(empty, typed).split('\n');
		expect(inputDraft(adapterFor(runtime), withDraft)).toBe(draft);
		// A second row of a longer draft is read too (where the CLI's box shows it under the first).
		if (runtime !== 'codex' && runtime !== 'opencode') expect(inputDraft(adapterFor(runtime), screen.replace(empty, `${typed}\n  and the README`).split('\n'))).toBe(`${draft} and the README`);
	});
	it('a two-row draft in the Codex composer: its first row is what is seen', () => {
		const screen = readScreen(`${screensDir}/codex/idle--startup--80x24.txt`).lines.join('\n');
		expect(inputDraft(adapterFor('codex'), screen.replace('› Ask Codex to do anything', `› ${draft}\n  and the README`).split('\n'))).toBe(draft);
	});
	it.each<[string, string, (line: string) => boolean]>([
		['claude-code', 'idle--startup--80x24.txt', (line) => line.startsWith('─')],
		['codex', 'idle--startup--80x24.txt', (line) => line.startsWith('›')],
		['opencode', 'idle--startup--80x24.txt', (line) => line.includes('┃')],
		['gemini-cli', 'idle--startup--80x24.txt', (line) => /^[▄▀]/.test(line)],
	])('%s: a box covered by something else is not read as empty', (runtime, file, covered) => {
		const lines = readScreen(`${screensDir}/${runtime}/${file}`).lines.filter((line) => !covered(line));
		expect(inputDraft(adapterFor(runtime), lines)).toBeNull();
	});
});
