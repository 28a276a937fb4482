import {parse} from 'smol-toml';
import {describe, expect, it} from 'vitest';
import {addAllowRulesText} from '../../../src/core/config/permissions-write.js';

const allowOf = (text: string) => (parse(text)['permissions'] as {allow: string[]}).allow;

/** Each case: the file before, the rules added, and lines that must still be there afterwards. */
const cases: Array<{name: string; before: string; add: string[]; kept: string[]; allow: string[]}> = [
	{
		name: 'multi-line array with comments inside and after',
		before: '# my tutti config\n[permissions]\n# rules I trust\nallow = [\n\t"Read", # reading is fine\n\t"npm test" # tests\n] # end of rules\n\n[dashboard]\nport = 4041 # mine\n',
		add: ['git status'],
		kept: ['# my tutti config', '# rules I trust', '\t"Read", # reading is fine', '] # end of rules', 'port = 4041 # mine'],
		allow: ['Read', 'npm test', 'git status'],
	},
	{
		name: 'one-line array with a trailing comment',
		before: '[permissions]\nallow = ["Read", "Edit"] # short list\n',
		add: ['cargo *'],
		kept: ['# short list'],
		allow: ['Read', 'Edit', 'cargo *'],
	},
	{name: 'empty array', before: '[permissions]\nallow = [] # none yet\n', add: ['npm test'], kept: ['# none yet'], allow: ['npm test']},
	{name: 'table without allow', before: '# top\n[permissions] # perms\n\n[user]\nname = "x"\n', add: ['npm test'], kept: ['# top', '[permissions] # perms'], allow: ['npm test']},
	{name: 'no table at all', before: '# only a comment\n[dashboard]\nport = 4040\n', add: ['npm test', 'Read'], kept: ['# only a comment', 'port = 4040'], allow: ['npm test', 'Read']},
	{
		name: 'brackets and hashes inside strings',
		before: '[permissions]\nallow = [\n  "echo ] # not a comment",\n  \'grep [a-z]\',\n]\n',
		add: ['npm test'],
		kept: ['  "echo ] # not a comment",', "  'grep [a-z]',"],
		allow: ['echo ] # not a comment', 'grep [a-z]', 'npm test'],
	},
	{name: 'hostile rule text is quoted', before: '[permissions]\nallow = []\n', add: ['x"]\n[evil]\na = 1 #'], kept: [], allow: ['x"]\n[evil]\na = 1 #']},
];

describe('adding [permissions] allow rules to the global config text', () => {
	for (const testCase of cases) {
		it(`keeps comments and layout: ${testCase.name}`, () => {
			const after = addAllowRulesText(testCase.before, testCase.add);
			expect(after).toBeDefined();
			expect(allowOf(after!)).toEqual(testCase.allow);
			for (const line of testCase.kept) expect(after).toContain(line);
			// Only lines (and a comma after the last entry) were added: every original line is still there, in order.
			const remaining = after!.split('\n').map((line) => line.replaceAll(',', ''));
			let at = 0;
			for (const line of testCase.before.split('\n').filter((l) => !/^\s*\]|allow = \[.*\]/.test(l))) {
				const found = remaining.indexOf(line.replaceAll(',', ''), at);
				expect(found, `line ${JSON.stringify(line)}`).toBeGreaterThanOrEqual(at);
				at = found;
			}
			expect(Object.keys(parse(after!))).not.toContain('evil');
		});
	}

	it('changes nothing when every rule is already there', () => {
		expect(addAllowRulesText('[permissions]\nallow = ["npm test"]\n', ['npm test'])).toBeUndefined();
	});

	it('refuses to rewrite permissions given as an inline table', () => {
		expect(() => addAllowRulesText('permissions = {allow = ["Read"]}\n', ['npm test'])).toThrow(/inline table or dotted keys/);
	});
});
