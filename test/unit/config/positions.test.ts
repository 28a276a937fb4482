import {describe, expect, it} from 'vitest';
import {parseGlobalConfig, parseWorkspaceConfig} from '../../../src/core/config/index.js';
import {TomlPositions} from '../../../src/core/config/locate.js';
import {errorOf} from './helpers.js';

const head = '[workspace]\nname = "x"\n[defaults]\nruntime = "demo"\n';

/** The issue lines ERR_CONFIG_INVALID prints, without the two-space indent. */
function printedIssues(text: string): string[] {
	const error = errorOf(() => parseWorkspaceConfig(text, 'tutti.toml'));
	expect(error.code).toBe('ERR_CONFIG_INVALID');
	return error.message.split('\n').filter((line) => line.startsWith('  tutti.toml')).map((line) => line.trim());
}

describe('config errors name file:line:column', () => {
	it('a wrong type points at the value', () => {
		const text = `${head}[[agent]]\nname = "a"\npersistent = "yes"\n`;
		expect(printedIssues(text)).toEqual(['tutti.toml:7:14: agent "a".persistent: expected true or false, got "yes"']);
		const error = errorOf(() => parseWorkspaceConfig(text, 'tutti.toml'));
		expect(error.details?.['issues']).toEqual([expect.objectContaining({line: 7, column: 14})]);
	});

	it('values inside arrays, inline tables and later array entries are found', () => {
		const text = `${head}[[agent]]\nname = "a"\n[[agent]]\nname = "b"\nscreen = { idle = ["ok", "(bad"] }\n[[workflow]]\nname = "w"\n[[workflow.step]]\ntype = "command"\nrun = "make"\n[[workflow.step]]\ntype = "command"\nrun = "make"\ntimeout_secs = "5"\n`;
		expect(printedIssues(text)).toEqual([
			expect.stringMatching(/^tutti\.toml:9:26: agent "b"\.screen\.idle #2: expected a valid regular expression/),
			'tutti.toml:18:16: workflow "w" step 2.timeout_secs: expected a number, got "5"',
		]);
	});

	it('a missing key points at its table; a cross-field error at its value', () => {
		expect(printedIssues(`${head}[[agent]]\nname = "a"\n\n[[agent]]\nrole_typo = 1\n`)).toEqual(['tutti.toml:8:1: agent #2.name: required key is missing (expected a string)']);
		expect(printedIssues(`${head}[[agent]]\nname = "a"\ndepends_on = ["zz"]\n`)).toEqual(['tutti.toml:7:15: agent "a".depends_on #1: unknown agent "zz"']);
	});

	it('global config errors are located too', () => {
		const error = errorOf(() => parseGlobalConfig('[dashboard]\nport = "x"\n', 'config.toml'));
		expect(error.message).toContain('config.toml:2:8: dashboard.port: expected a number, got "x"');
	});
});

describe('a misspelled table', () => {
	it('is named as the likely meaning of the missing one, at its line', () => {
		expect(printedIssues('# team\n[workspce]\nname = "x"\n')).toEqual([
			'tutti.toml:2:1: workspace: required key is missing (expected a table; did you mean "workspace" where you wrote "workspce"?)',
		]);
	});

	it('a misspelled required key inside a table gets the same', () => {
		expect(printedIssues(`${head}[[agent]]\nnmae = "a"\n`)).toEqual(['tutti.toml:6:1: agent #1.name: required key is missing (expected a string; did you mean "name" where you wrote "nmae"?)']);
	});
});

describe('an unterminated string', () => {
	it('is reported as such at its opening quote, not as a control character', () => {
		const error = errorOf(() => parseWorkspaceConfig('[workspace]\nname = "x\n[defaults]\n', 'tutti.toml'));
		expect(error.code).toBe('ERR_CONFIG_SYNTAX');
		expect(error.message.split('\n')).toEqual(['tutti.toml:2:8: unterminated string: no closing " before the end of line 2', '2 | name = "x', '           ^']);
		expect(error.details).toMatchObject({line: 2, column: 8});
		expect(error.message).not.toContain('control characters');
	});

	it('covers literal strings, an escaped quote, and multi-line strings left open', () => {
		expect(errorOf(() => parseWorkspaceConfig("[workspace]\nname = 'x\n", 't.toml')).message).toMatch(/^t\.toml:2:8: unterminated string: no closing ' before the end of line 2\n/);
		expect(errorOf(() => parseWorkspaceConfig('[workspace]\nname = "x" # "\ndescription = "a\\"\n', 't.toml')).message).toMatch(/^t\.toml:3:15: unterminated string: no closing " /);
		expect(errorOf(() => parseWorkspaceConfig('[workspace]\nname = "x"\ndescription = """abc\n', 't.toml')).message).toMatch(/^t\.toml:3:15: unterminated string: no closing """ before the end of the file\n/);
	});

	it('a real control character inside a string keeps its own message', () => {
		expect(errorOf(() => parseWorkspaceConfig('[workspace]\nname = "x\u0001y"\n', 't.toml')).message).toMatch(/^t\.toml:2:\d+: control characters are not allowed/);
	});
});

describe('TomlPositions', () => {
	it('is not fooled by comments, quoted keys and brackets inside strings', () => {
		const text = ['a = """', '[not.a.table]', 'x = 1"""', '"quoted key".b = 2 # [c]', '[t] # comment', "k = 'v # not a comment'", '[[arr]]', 'n = 1', '[[arr]]', 'n = 2', '[arr.sub]', 'm = 3'].join('\n');
		const positions = new TomlPositions(text);
		expect(positions.find(['a'])).toEqual({line: 1, column: 5});
		expect(positions.find(['not'])).toBeUndefined();
		expect(positions.find(['quoted key', 'b'])).toEqual({line: 4, column: 18});
		expect(positions.find(['t', 'k'])).toEqual({line: 6, column: 5});
		expect(positions.find(['arr', 1, 'n'])).toEqual({line: 10, column: 5});
		expect(positions.find(['arr', 1, 'sub', 'm'])).toEqual({line: 12, column: 5});
		expect(positions.find(['arr', 1, 'missing'])).toEqual({line: 9, column: 1});
	});
});
