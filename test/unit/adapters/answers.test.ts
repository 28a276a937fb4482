import {describe, expect, it} from 'vitest';
import {builtinAdapters} from '../../../src/adapters/index.js';
import {findDialogAnswer} from '../../../src/core/actions/answer.js';
import {listScreenFixtures} from './fixtures.js';

const fixtures = listScreenFixtures();
const answersOf = (runtime: string) => builtinAdapters.find((adapter) => adapter.id === runtime)?.answers ?? [];

/** Dialogs on recorded screens that are not a plain approval: their keys stay with a person. */
const leftToAPerson = ['claude-code/needs_input--question.txt', 'claude-code/needs_input--trust-dialog.txt', 'aider/needs_input--add-file.txt'];

/** The keys each declared answer presses, checked against what the e2e tests press on the real CLIs. */
const pressedByE2e: Record<string, string[]> = {
	'claude-code/answer.permission': ['Enter'],
	// 2.1.33x (claude-code-newest.test.ts): `❯ No` is preselected; its auto-mode dialog stays in auto mode.
	'claude-code/answer.permission-no-first': ['Down', 'Enter'],
	'claude-code/answer.auto-mode-check': ['Enter'],
	'codex/answer.approval': ['y'],
	'gemini-cli/answer.confirm': ['Enter'],
	'qwen-code/answer.allow-once': ['Enter'],
	'opencode/answer.permission': ['Enter'],
	'copilot/answer.permission': ['1'],
};

describe('dialog answers on recorded screens', () => {
	const dialogs = fixtures.filter((fixture) => fixture.expected === 'needs_input' && !leftToAPerson.includes(`${fixture.runtime}/${fixture.name}`));
	it.each(dialogs.map((fixture) => [`${fixture.runtime}/${fixture.name}`, fixture] as const))('%s is answered by its adapter', (_label, fixture) => {
		expect(findDialogAnswer(answersOf(fixture.runtime), fixture.input.lines)?.id).toMatch(new RegExp(`^${fixture.runtime}/answer\\.`));
	});

	// Claude Code 2.1.33x: Enter on `❯ No` would decline, so that dialog must get its own keys.
	it.each([
		['needs_input--bash-approval-no-first--', 'claude-code/answer.permission-no-first'],
		['needs_input--auto-mode-check--', 'claude-code/answer.auto-mode-check'],
	])('claude-code/%s* is answered by %s', (prefix, id) => {
		const screens = fixtures.filter((fixture) => fixture.runtime === 'claude-code' && fixture.name.startsWith(prefix));
		expect(screens.length).toBeGreaterThanOrEqual(3);
		for (const screen of screens) expect(findDialogAnswer(answersOf('claude-code'), screen.input.lines)?.id, screen.name).toBe(id);
	});

	it.each(leftToAPerson)('%s matches no answer', (label) => {
		const fixture = fixtures.find((candidate) => `${candidate.runtime}/${candidate.name}` === label);
		expect(fixture, label).toBeDefined();
		expect(findDialogAnswer(answersOf(fixture!.runtime), fixture!.input.lines)).toBeUndefined();
	});

	it('no screen without a dialog matches an answer (answers, quoted dialogs and old errors included)', () => {
		const others = fixtures.filter((fixture) => fixture.expected !== 'needs_input');
		expect(others.length).toBeGreaterThan(50);
		const matched = others.filter((fixture) => findDialogAnswer(answersOf(fixture.runtime), fixture.input.lines) !== undefined).map((fixture) => `${fixture.runtime}/${fixture.name}`);
		expect(matched).toEqual([]);
	});

	it('approve presses what the e2e tests press on the real CLIs; every deny is the dialog\'s own Esc', () => {
		for (const [id, keys] of Object.entries(pressedByE2e)) {
			const answer = builtinAdapters.flatMap((adapter) => adapter.answers ?? []).find((candidate) => candidate.id === id);
			expect(answer?.approve, id).toEqual(keys);
			expect(answer?.deny, id).toEqual(['Escape']);
		}
	});

	it('CLIs without verified keys declare none', () => {
		const declared = builtinAdapters.filter((adapter) => (adapter.answers ?? []).length > 0).map((adapter) => adapter.id);
		expect(declared.sort()).toEqual(['claude-code', 'codex', 'copilot', 'demo', 'gemini-cli', 'opencode', 'qwen-code']);
	});
});
