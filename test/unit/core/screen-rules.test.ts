import {describe, expect, it} from 'vitest';
import {matchScreenRules, type ScreenRule} from '../../../src/core/state/screen-rules.js';

const error: ScreenRule = {id: 't/error', state: 'auth_failed', pattern: String.raw`^✕ API Error 401`, region: 'bottom', rows: 8, priority: 1, supersededBelow: {pattern: String.raw`^> `, count: 2}};
const idle: ScreenRule = {id: 't/idle', state: 'idle', pattern: String.raw`^> `, region: 'bottom', rows: 3, priority: 9};

describe('supersededBelow', () => {
	it.each<[string, string[], string | undefined]>([
		['an error with only the input box under it is live', ['> fix it', '✕ API Error 401', '> '], 't/error'],
		['with text typed into the box, still live', ['✕ API Error 401', '', '> try again'], 't/error'],
		['a later prompt echo and the input box under it: history', ['✕ API Error 401', '> try again', 'done.', '> '], 't/idle'],
		['an older copy above a superseded one does not count either', ['✕ API Error 401', '> a', '✕ API Error 401', '> b', '> '], 't/idle'],
		['without the option, the rule matches wherever it is in range', ['✕ API Error 401', '> a', '> '], 't/error'],
	])('%s', (name, lines, expected) => {
		const rules = name.startsWith('without') ? [{...error, supersededBelow: undefined}, idle] : [error, idle];
		expect(matchScreenRules(rules, {lines})[0]?.rule.id).toBe(expected);
	});
});
