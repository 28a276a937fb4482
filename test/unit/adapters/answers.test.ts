import {describe, expect, it} from 'vitest';
import {builtinAdapters} from '../../../src/adapters/index.js';
import {findDialogAnswer} from '../../../src/core/actions/answer.js';
import {listScreenFixtures} from './fixtures.js';

const fixtures = listScreenFixtures();
const answersOf = (runtime: string) => builtinAdapters.find((adapter) => adapter.id === runtime)?.answers ?? [];

/** Dialogs on recorded screens that are not a plain approval: their keys stay with a person. */
const leftToAPerson = ['claude-code/needs_input--question.txt', 'claude-code/needs_input--trust-dialog.txt', 'aider/needs_input--add-file.txt'];

/** The keys each declared answer presses, checked against what the e2e tests press on the real CLIs. */
const pressedByE2e = {
	'claude-code/answer.permission': 'Enter',
	'codex/answer.approval': 'y',
	'gemini-cli/answer.confirm': 'Enter',
	'qwen-code/answer.allow-once': 'Enter',
	'opencode/answer.permission': 'Enter',
	'copilot/answer.permission': '1',
};

describe('dialog answers on recorded screens', () => {
	const dialogs = fixtures.filter((fixture) => fixture.expected === 'needs_input' && !leftToAPerson.includes(`${fixture.runtime}/${fixture.name}`));
	it.each(dialogs.map((fixture) => [`${fixture.runtime}/${fixture.name}`, fixture] as const))('%s is answered by its adapter', (_label, fixture) => {
		expect(findDialogAnswer(answersOf(fixture.runtime), fixture.input.lines)?.id).toMatch(new RegExp(`^${fixture.runtime}/answer\\.`));
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
		for (const [id, key] of Object.entries(pressedByE2e)) {
			const answer = builtinAdapters.flatMap((adapter) => adapter.answers ?? []).find((candidate) => candidate.id === id);
			expect(answer?.approve, id).toEqual([key]);
			expect(answer?.deny, id).toEqual(['Escape']);
		}
	});

	it('CLIs without verified keys declare none', () => {
		const declared = builtinAdapters.filter((adapter) => (adapter.answers ?? []).length > 0).map((adapter) => adapter.id);
		expect(declared.sort()).toEqual(['claude-code', 'codex', 'copilot', 'demo', 'gemini-cli', 'opencode', 'qwen-code']);
	});
});
