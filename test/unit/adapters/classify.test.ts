import {describe, expect, it} from 'vitest';
import {classifyScreen} from '../../../src/core/state/classify.js';
import type {ScreenRule} from '../../../src/core/state/screen-rules.js';

const rules: ScreenRule[] = [
	{id: 't/idle', state: 'idle', pattern: '^❯', region: 'bottom', rows: 3, priority: 50},
	{id: 't/working', state: 'working', pattern: 'esc to interrupt', region: 'bottom', rows: 3, priority: 30},
	{id: 't/dialog', state: 'needs_input', pattern: 'Do you want to proceed\\?', region: 'bottom', rows: 3, priority: 10},
	{id: 't/title', state: 'working', pattern: '^⠋', region: 'title', priority: 35},
	{id: 't/idle-again', state: 'idle', pattern: '^❯', region: 'bottom', rows: 3, priority: 50},
];

describe('classifyScreen', () => {
	it('returns undefined when no rule matches', () => {
		expect(classifyScreen(rules, {lines: ['hello', 'world']})).toBeUndefined();
		expect(classifyScreen([], {lines: ['❯']})).toBeUndefined();
	});

	it('picks the lowest priority number and reports the rule, line and row', () => {
		const verdict = classifyScreen(rules, {lines: ['answer', 'Do you want to proceed?', '❯ 1. Yes', '']});
		expect(verdict).toMatchObject({state: 'needs_input', line: 'Do you want to proceed?', lineIndex: 1});
		expect(verdict?.rule.id).toBe('t/dialog');
		expect(verdict?.matches.map((match) => match.rule.id)).toEqual(['t/dialog', 't/idle', 't/idle-again']);
	});

	it('busy beats idle, and ties go to the rule listed first', () => {
		expect(classifyScreen(rules, {lines: ['✻ Working… (esc to interrupt)', '❯']})?.rule.id).toBe('t/working');
		expect(classifyScreen(rules, {lines: ['❯']})?.rule.id).toBe('t/idle');
	});

	it('looks only at the live region, never at older rows', () => {
		const lines = ['Do you want to proceed?', 'esc to interrupt', 'a', 'b', '❯'];
		expect(classifyScreen(rules, {lines})?.state).toBe('idle');
	});

	it('matches titles with title rules only', () => {
		expect(classifyScreen(rules, {lines: ['❯'], title: '⠋ busy'})?.rule.id).toBe('t/title');
		expect(classifyScreen(rules, {lines: ['⠋ not a title'], title: undefined})).toBeUndefined();
	});
});
