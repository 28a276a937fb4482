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

	it('F lists the agent\'s packets newest first; Enter starts it over with the one picked; Esc keeps it', async () => {
		const {frame, press, h} = await mountApp([{name: 'planner', role: 'planner'}], {width: 120, height: 40});
		harness = h;
		h.observer.setState('planner', 'idle');
		await waitFor(() => frame().includes('planner'), {timeoutMs: 2000, what: 'the floor'});
		await press('F');
		await waitFor(() => frame().includes('with which packet?'), {timeoutMs: 2000, what: `the picker in:\n${frame()}`});
		const shown = frame();
		expect(shown.indexOf('planner-handoff-20261207-101500.md')).toBeGreaterThan(-1);
		expect(shown.indexOf('planner-handoff-20261207-101500.md')).toBeLessThan(shown.indexOf('planner-emergency-20261207-090000.md'));
		expect(shown).toContain('emergency (login failed)');
		await press('\u001b');
		await waitFor(() => !frame().includes('with which packet?'), {timeoutMs: 2000, what: 'the picker to close'});
		expect(h.calls.filter((call) => call.startsWith('freshFromHandoff'))).toEqual([]);
		await press('F');
		await waitFor(() => frame().includes('with which packet?'), {timeoutMs: 2000, what: 'the picker again'});
		await press('\u001b[B');
		await press('\r');
		await waitFor(() => h.calls.includes('freshFromHandoff shop/planner planner-emergency-20261207-090000.md'), {timeoutMs: 2000, what: `the fresh start with the older packet: ${h.calls.join(', ')}`});
	});
});
