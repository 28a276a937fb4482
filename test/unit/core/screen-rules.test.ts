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

describe('wraps', () => {
	const busy: ScreenRule = {id: 't/busy', state: 'working', pattern: String.raw`^\s{0,2}[⠙.]\s+\S.*\(\d+s · esc to cancel\)`, region: 'bottom', rows: 6, priority: 5, wraps: 2};
	const input = '>   Type your message';
	it.each<[string, string[], string | undefined]>([
		['one row, not wrapped', ['  ⠙  Thinking… (2s · esc to cancel)', input], 't/busy'],
		['wrapped inside the parenthesis', ['  ⠙  Why did the computer go to therapy? (2s · esc to', '                  cancel)', input], 't/busy'],
		['wrapped before the parenthesis', ['  .  A long witty phrase that fills the row', '       (2s · esc to cancel)', input], 't/busy'],
		['over three rows', ['  ⠙  A long witty', '       phrase (2s ·', '       esc to cancel)', input], 't/busy'],
		['more continuation rows than allowed', ['  ⠙  A', '       long', '       witty', '       (2s · esc to cancel)', input], 't/idle'],
		['a row at the margin is not a continuation', ['  ⠙  Thinking… (2s · esc to', 'cancel)', input], 't/idle'],
		['a continuation alone does not match the anchor', ['✦ the log said', '     ⠙  Thinking… (2s · esc to cancel)', input], 't/idle'],
	])('%s', (_name, lines, expected) => {
		expect(matchScreenRules([busy, {...idle, pattern: '^>'}], {lines})[0]?.rule.id).toBe(expected);
	});
});
