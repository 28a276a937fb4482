import {describe, expect, it} from 'vitest';
import {customScreenRules} from '../../../src/adapters/custom/index.js';
import {classifyScreen} from '../../../src/core/state/classify.js';

describe('customScreenRules', () => {
	it('nothing declared: no rules', () => {
		expect(customScreenRules(undefined)).toEqual([]);
		expect(customScreenRules({})).toEqual([]);
	});

	it('turns config regexes into bottom-region rules with stable ids and the shared priorities', () => {
		const rules = customScreenRules({idle: ['^my> $', 'ready'], working: ['thinking…'], needs_input: ['\\[y/N\\]'], auth_failed: ['^AUTH ERROR']});
		expect(rules.map((rule) => [rule.id, rule.state, rule.region, rule.rows, rule.priority])).toEqual([
			['custom/needs_input.1', 'needs_input', 'bottom', 8, 10],
			['custom/auth_failed.1', 'auth_failed', 'bottom', 8, 20],
			['custom/working.1', 'working', 'bottom', 8, 30],
			['custom/idle.1', 'idle', 'bottom', 8, 50],
			['custom/idle.2', 'idle', 'bottom', 8, 50],
		]);
		expect(classifyScreen(rules, {lines: ['output', 'thinking…', 'my> ']})?.rule.id).toBe('custom/working.1');
		expect(classifyScreen(rules, {lines: ['Overwrite? [y/N]']})?.state).toBe('needs_input');
		expect(classifyScreen(rules, {lines: ['SYSTEM READY']})?.rule.id).toBe('custom/idle.2');
	});

	it('a pattern that does not compile is a config error naming it', () => {
		expect(() => customScreenRules({working: ['ok', '(unclosed']})).toThrow(/screen\.working\[1\]: invalid regular expression "\(unclosed"/);
	});
});
