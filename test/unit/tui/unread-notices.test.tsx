import {afterEach, describe, expect, it} from 'vitest';
import {openNotice, readNotices} from '../../../src/core/store/notices.js';
import {waitFor} from '../../helpers/tt.js';
import {mountApp, type Harness} from './fixtures.js';

let harness: Harness | undefined;
afterEach(() => harness?.cleanup());

describe('unread news in tt watch', () => {
	it('a ● on the card and a count in the header, from the shared store; gone when read anywhere; m marks all seen', async () => {
		const {frame, press, h} = await mountApp([{name: 'planner', role: 'planner'}, {name: 'tester', role: 'tester'}], {width: 120, height: 30});
		harness = h;
		// The event log poll (what tt watch starts): notices are re-read when events arrive.
		h.store.start();
		h.observer.setState('planner', 'idle');
		h.observer.setState('tester', 'needs_input');
		await waitFor(() => frame().includes('tester'), {timeoutMs: 2000, what: 'the floor'});
		expect(frame()).not.toContain('unread');
		const ctx = h.store.workspace('shop')!;
		// The recorder (here or in another process) opens the notice with the state change event.
		openNotice(ctx.store, {agent: 'tester', kind: 'needs_input', text: 'waiting for you', eventId: 1});
		ctx.emit('agent.needs_input', 'tester', {from: 'working', to: 'needs_input', source: 'screen', rule: null, detail: null});
		await waitFor(() => frame().includes('● 1 unread'), {timeoutMs: 3000, what: `the unread count in:\n${frame()}`});
		expect(frame()).toMatch(/● [^\n]*tester/);
		await press('m');
		await waitFor(() => h.calls.includes('mark-seen'), {timeoutMs: 2000, what: 'the mark-seen action'});
		// Read elsewhere (the dashboard, tt notices ack): one notice.read event, and the marks go.
		const read = readNotices(ctx.store, undefined, 'ack');
		ctx.emit('notice.read', null, {agents: read, by: 'ack'});
		await waitFor(() => !frame().includes('unread'), {timeoutMs: 3000, what: `the count to go in:\n${frame()}`});
		expect(frame()).not.toMatch(/● [^\n]*tester/);
	});
});
