import {describe, expect, it} from 'vitest';
import {detectFromScreen} from '../../../src/core/state/detect.js';
import type {ScreenRule} from '../../../src/core/state/screen-rules.js';
import type {PaneInfo} from '../../../src/core/tmux/client.js';

const rules: ScreenRule[] = [
	{id: 't/idle', state: 'idle', pattern: '^│ ❯', region: 'bottom', rows: 4, priority: 50},
	{id: 't/busy', state: 'working', pattern: 'esc to interrupt', region: 'bottom', rows: 4, priority: 30},
	{id: 't/rate', state: 'rate_limited', pattern: '^⎿ API Error: Request rejected \\(429\\)', region: 'bottom', rows: 6, priority: 10},
	{id: 't/title-busy', state: 'working', pattern: '^⠂', region: 'title', priority: 35},
];

const pane = (extra: Partial<PaneInfo> = {}): PaneInfo => ({session: 's', paneId: '%1', pid: 1, dead: false, deadStatus: undefined, deadSignal: undefined, title: '', width: 80, height: 24, currentCommand: 'node', createdAt: 0, ...extra});

describe('detectFromScreen', () => {
	it('reports a missing session as stopped', () => {
		expect(detectFromScreen({pane: undefined, lines: [], rules}).state).toBe('stopped');
	});

	it('reports a dead pane with its exit status', () => {
		const verdict = detectFromScreen({pane: pane({dead: true, deadStatus: 3}), lines: [], rules});
		expect(verdict).toMatchObject({state: 'stopped', exitStatus: 3, detail: 'exited with status 3'});
		expect(detectFromScreen({pane: pane({dead: true, deadSignal: 9}), lines: [], rules}).exitStatus).toBe(137);
	});

	it('only looks at the live region: prose above the prompt does not count', () => {
		const lines = ['⏺ The API said: ⎿ API Error: Request rejected (429)', 'more', 'text', 'here', 'and', 'more', '╭──╮', '│ ❯ │', '╰──╯', 'footer'];
		expect(detectFromScreen({pane: pane(), lines, rules}).state).toBe('idle');
	});

	it('lets errors beat busy and busy beat idle', () => {
		expect(detectFromScreen({pane: pane(), lines: ['✻ Working… (esc to interrupt)', '│ ❯'], rules}).state).toBe('working');
		expect(detectFromScreen({pane: pane(), lines: ['⎿ API Error: Request rejected (429) · slow down', '│ ❯'], rules}).rule).toBe('t/rate');
	});

	it('uses the title as a signal', () => {
		expect(detectFromScreen({pane: pane({title: '⠂ demo: working'}), lines: ['│ ❯'], rules}).source).toBe('title');
	});

	it('a fresh pane with nothing recognisable is starting, an old one unknown', () => {
		const now = 1_000_000_000;
		expect(detectFromScreen({pane: pane({createdAt: now / 1000}), lines: ['loading'], rules, now}).state).toBe('starting');
		expect(detectFromScreen({pane: pane({createdAt: 0}), lines: ['loading'], rules, now}).state).toBe('unknown');
	});
});
