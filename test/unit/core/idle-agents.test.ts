import {describe, expect, it} from 'vitest';
import {idleAgents} from '../../../src/core/actions/hibernate.js';

const now = Date.parse('2026-12-07T12:00:00Z');
const ago = (ms: number) => new Date(now - ms).toISOString();

describe('idleAgents (tt down --idle, hibernate_idle_after)', () => {
	it('picks running agents idle at least that long, longest first, and says for how long', () => {
		const picked = idleAgents(
			[
				{name: 'short', state: 'idle', running: true, since: ago(10_000)},
				{name: 'long', state: 'idle', running: true, since: ago(3_600_000)},
				{name: 'due', state: 'idle', running: true, since: ago(1_800_000)},
				{name: 'busy', state: 'working', running: true, since: ago(7_200_000)},
				{name: 'asking', state: 'needs_input', running: true, since: ago(7_200_000)},
				{name: 'gone', state: 'idle', running: false, since: ago(7_200_000)},
				{name: 'never', state: 'idle', running: true, since: null},
			],
			1_800_000,
			now,
		);
		expect(picked).toEqual([
			{agent: 'long', idleMs: 3_600_000},
			{agent: 'due', idleMs: 1_800_000},
		]);
	});

	it('counts an idle agent\'s silence from its last output when nothing recorded the idle state sooner', () => {
		// No recorder ran: the first command to look recorded `idle` a moment ago, but the pane has been quiet for 40 min.
		const quiet = {name: 'quiet', state: 'idle', running: true, since: ago(1000), last_output_at: ago(2_400_000)};
		expect(idleAgents([quiet], 1_800_000, now)).toEqual([{agent: 'quiet', idleMs: 2_400_000}]);
		// Output after the idle state began (a redraw) does not shorten what was recorded.
		expect(idleAgents([{...quiet, since: ago(2_400_000), last_output_at: ago(1000)}], 1_800_000, now)).toEqual([{agent: 'quiet', idleMs: 2_400_000}]);
		// A working agent's old output makes it no candidate.
		expect(idleAgents([{...quiet, state: 'working'}], 1_800_000, now)).toEqual([]);
	});
});
