import {afterEach, describe, expect, it} from 'vitest';
import {focusGeometry} from '../../../src/tui/screens/focus/Focus.js';
import {waitFor} from '../../helpers/tt.js';
import {mountApp, type Harness} from './fixtures.js';

let harness: Harness | undefined;
afterEach(() => harness?.cleanup());

const allPanels = {usage: true, events: true, diff: true};
const twoFiles = {worktree: '/w', from: 'worktree', branch: 'tutti/implementer', base: 'b', commits: [], status: [], committed: {diff: '', files: [], insertions: 0, deletions: 0}, uncommitted: {diff: '', files: [], insertions: 0, deletions: 0}, diff: 'diff --git a/src/greet.js b/src/greet.js\n+one\n+two\n+three\n+four\n', files: [{path: 'src/greet.js', insertions: 1, deletions: 0}, {path: 'src/version.js', insertions: 1, deletions: 0}], insertions: 2, deletions: 0};

describe('focus mode panels', () => {
	it('never get a single row (a bare title), and fill exactly the body, at every size', () => {
		for (const width of [80, 100, 160]) {
			for (let height = 8; height <= 60; height++) {
				const {terminal, side, below} = focusGeometry(width, height, allPanels);
				for (const rows of [side.usage, side.events, side.diff]) expect(rows === 0 || rows >= 2, `${width}×${height}`).toBe(true);
				if (below) expect(terminal.height + side.usage + side.events + side.diff).toBe(height);
			}
		}
	});

	it('at 100×30 the events panel shows its newest event, and no event is drawn over the diff or the prompt bar', async () => {
		const events = Array.from({length: 6}, (_, index) => ({event: 'agent.prompt_sent' as const, workspace: 'shop', agent: 'implementer', correlation_id: `sent-${index}`, data: {chars: 50 + index}}));
		const mounted = await mountApp([{name: 'planner', role: 'planner'}, {name: 'implementer', role: 'implementer'}], {width: 100, height: 30, events});
		harness = mounted.h;
		mounted.h.services.actions.diff = async () => twoFiles as never;
		await mounted.h.observer.print('implementer', 'hello from implementer\r\n$ ');
		await mounted.press('l', '\r', '1', '2', '3');
		await waitFor(() => mounted.frame().includes('src/version.js'), {timeoutMs: 3000, what: 'the diff panel'});
		const rows = mounted.frame().split('\n');
		const eventsTitle = rows.findIndex((row) => row.startsWith('─ events '));
		expect(rows[eventsTitle + 1]).toMatch(/^\d\d:\d\d:\d\d prompt sent \(55 chars\)/);
		const below = rows.slice(eventsTitle + 2);
		expect(below.filter((row) => row.includes('chars)'))).toEqual([]);
		expect(below.find((row) => row.startsWith('src/version.js'))?.trimEnd()).toBe('src/version.js  +1 −0');
		expect(rows.length).toBeLessThanOrEqual(30);
	});
});
