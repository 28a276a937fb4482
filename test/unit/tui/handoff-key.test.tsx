import {afterEach, describe, expect, it} from 'vitest';
import {waitFor} from '../../helpers/tt.js';
import {mountApp, type Harness} from './fixtures.js';

let harness: Harness | undefined;
afterEach(() => harness?.cleanup());

describe('handoff in tt watch', () => {
	it('H writes a handoff packet of the selected agent (h still moves left)', async () => {
		const {frame, press, h} = await mountApp([{name: 'planner', role: 'planner'}, {name: 'implementer', role: 'implementer'}], {width: 100, height: 40});
		harness = h;
		h.observer.setState('planner', 'idle');
		h.observer.setState('implementer', 'working');
		await waitFor(() => frame().includes('implementer'), {timeoutMs: 2000, what: 'the floor'});
		await press('h');
		expect(h.calls.filter((call) => call.startsWith('handoff'))).toEqual([]);
		await press('H');
		await waitFor(() => h.calls.some((call) => call.startsWith('handoff shop/')), {timeoutMs: 2000, what: 'the handoff action'});
		expect(h.calls.filter((call) => call.startsWith('handoff'))).toHaveLength(1);
	});

	it('F asks, then restarts the agent on a new conversation with its newest packet; n cancels', async () => {
		const {frame, press, h} = await mountApp([{name: 'planner', role: 'planner'}], {width: 100, height: 40});
		harness = h;
		h.observer.setState('planner', 'idle');
		await waitFor(() => frame().includes('planner'), {timeoutMs: 2000, what: 'the floor'});
		await press('F');
		await waitFor(() => frame().includes('newest handoff packet?'), {timeoutMs: 2000, what: `the question in:\n${frame()}`});
		await press('n');
		await waitFor(() => !frame().includes('newest handoff packet?'), {timeoutMs: 2000, what: 'the question to close'});
		expect(h.calls.filter((call) => call.startsWith('freshFromHandoff'))).toEqual([]);
		await press('F');
		await waitFor(() => frame().includes('newest handoff packet?'), {timeoutMs: 2000, what: 'the question again'});
		await press('y');
		await waitFor(() => h.calls.includes('freshFromHandoff shop/planner'), {timeoutMs: 2000, what: 'the fresh start'});
	});
});
