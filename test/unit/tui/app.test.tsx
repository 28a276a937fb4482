import {afterEach, describe, expect, it} from 'vitest';
import {waitFor} from '../../helpers/tt.js';
import type {appHarness} from './fixtures.js';
import { mountApp, type Harness} from './fixtures.js';

const team = [
	{name: 'planner', role: 'planner'},
	{name: 'implementer', role: 'implementer'},
	{name: 'tester', role: 'tester'},
];
let harness: Harness | undefined;
afterEach(() => harness?.cleanup());

async function mount(options: Parameters<typeof appHarness>[1] = {}, agents = team) {
	const mounted = await mountApp(agents, options);
	harness = mounted.h;
	return mounted;
}

describe('factory floor', () => {
	it('shows every agent as a card in its stage with state glyph and label, and the totals', async () => {
		const {frame, h} = await mount({width: 80, height: 24});
		h.observer.setState('planner', 'working');
		h.observer.setState('implementer', 'needs_input', {detail: 'Ship it?'});
		h.observer.setState('tester', 'idle');
		await waitFor(() => frame().includes('✋ needs input'), {timeoutMs: 2000, what: 'needs input card'});
		expect(frame()).toContain('PLANNER (1)');
		expect(frame()).toContain('● working');
		expect(frame()).toContain('○ idle');
		expect(frame()).toContain('⚑');
		expect(frame()).toMatch(/● 1 .*✋ 1 .*○ 1/);
		expect(frame()).toContain('no runs');
		expect(frame().split('\n').length).toBeLessThanOrEqual(23);
	});

	it('shows what an agent is doing from its screen', async () => {
		const {frame, h} = await mount({width: 120, height: 30});
		h.observer.setState('tester', 'working');
		await h.observer.print('tester', '⏺ Bash(npm test)\r\n⠙ Working… (2s · esc to interrupt)');
		await waitFor(() => frame().includes('Working… (2s'), {timeoutMs: 2000, what: 'activity line'});
	});

	it('moves the selection with keys and opens focus mode with Enter; Esc returns', async () => {
		const {frame, press, h} = await mount({width: 120, height: 30});
		await h.observer.print('implementer', 'hello from implementer\r\n$ ');
		await press('l');
		expect(h.ui.getSnapshot().selected).toBe('shop/implementer');
		await press('\r');
		await waitFor(() => frame().includes('hello from implementer'), {timeoutMs: 2000, what: 'focus terminal'});
		expect(frame()).toContain('◂ Esc');
		expect(frame()).toContain('prompt for implementer');
		await press('\u001B');
		await waitFor(() => frame().includes('PLANNER'), {timeoutMs: 2000, what: 'floor again'});
	});

	it('shows each running agent\'s memory and CPU on its card and in the focus header', async () => {
		const {frame, press, h} = await mount({width: 120, height: 30, resources: {implementer: {rss_bytes: 812 * 1024 * 1024, cpu_pct: 3}}});
		// The resources timer runs once the store is started (as tt watch does).
		h.store.start();
		h.observer.setState('implementer', 'working');
		h.observer.setState('planner', 'idle');
		await waitFor(() => frame().includes('812M 3%'), {timeoutMs: 2000, what: 'the implementer card with its memory and CPU'});
		// The planner's figures are unknown (no sample): its card shows none rather than a guess.
		expect(frame().match(/\d+M \d+%/g)).toEqual(['812M 3%']);
		await press('l', '\r');
		await waitFor(() => frame().includes('◂ Esc'), {timeoutMs: 2000, what: 'focus mode'});
		expect(frame().split('\n')[0]).toContain('812M 3%');
	});

	it('sends a prompt from the focus prompt bar, multi-line, and keeps history', async () => {
		const {frame, press, h} = await mount({width: 120, height: 30});
		await press('\r', 's', 'write a.txt hi', '\n', 'second line');
		expect(frame()).toContain('second line');
		await press('\r');
		await waitFor(() => h.calls.length > 0, {timeoutMs: 2000, what: 'send'});
		expect(h.calls).toEqual(['send shop/planner write a.txt hi\nsecond line']);
		await press('\u001B[A');
		expect(h.ui.getSnapshot().drafts['shop/planner']).toBe('write a.txt hi\nsecond line');
	});

	it('asks before stopping an agent and only then stops it', async () => {
		const {frame, press, h} = await mount({width: 100, height: 30});
		await press('d');
		expect(frame()).toContain('Stop planner?');
		await press('n');
		expect(h.calls).toEqual([]);
		await press('d', 'y');
		await waitFor(() => h.calls.includes('down shop/planner'), {timeoutMs: 2000, what: 'down'});
	});

	it('hands attach to the host, opens help, filters, switches theme, quits', async () => {
		const {frame, press, h} = await mount({width: 100, height: 30});
		await press('a');
		expect(h.control.attached).toEqual(['shop/planner']);
		await press('?');
		expect(frame()).toContain('open Agent Focus Mode');
		await press('x');
		expect(frame()).not.toContain('open Agent Focus Mode');
		await press('f');
		expect(frame()).toContain('filter: need you');
		await press('t');
		expect(h.ui.getSnapshot().theme).toBe('light');
		await press('q');
		expect(h.control.quit).toBe(1);
	});

	it('Tab jumps to the agent that needs you, and says so in plain words when none does', async () => {
		const {frame, press, h} = await mount({width: 100, height: 30});
		h.observer.setState('planner', 'idle');
		h.observer.setState('tester', 'needs_input', {detail: 'Ship it?'});
		await waitFor(() => frame().includes('✋ needs input'), {timeoutMs: 2000, what: 'tester needing input'});
		await press('\t');
		expect(h.ui.getSnapshot().selected).toBe('shop/tester');
		h.observer.setState('tester', 'idle');
		await waitFor(() => !frame().includes('✋ needs input'), {timeoutMs: 2000, what: 'tester idle'});
		await press('\t');
		await waitFor(() => frame().includes('no agent needs you'), {timeoutMs: 2000, what: 'the toast'});
	});

	it('opens the workflow picker, which says this view cannot start workflows without the engine', async () => {
		const {frame, press} = await mount({width: 100, height: 30, workflows: ['ship']});
		await press('w');
		expect(frame()).toContain('Workflows (this view cannot start them: use tt run)');
		expect(frame()).toContain('ship');
		await press('\r');
		expect(frame()).toContain('this view cannot start workflows; run tt run');
	});

	it('selects a card with a mouse click', async () => {
		const {press, h} = await mount({width: 120, height: 30});
		const card = h.services.refs.floor?.cards.find((candidate) => candidate.key === 'shop/tester');
		expect(card).toBeDefined();
		await press(`\u001B[<0;${(card?.x ?? 0) + 3};${(card?.y ?? 0) + h.services.refs.floorTop + 2}M`);
		expect(h.ui.getSnapshot().selected).toBe('shop/tester');
	});

	it('copes with zero agents and with fifty', async () => {
		const empty = await mount({width: 80, height: 24}, []);
		expect(empty.frame()).toContain('No agents in this workspace');
		harness?.cleanup();
		const many = Array.from({length: 50}, (_, index) => ({name: `agent${index}`, role: ['plan', 'build', 'test'][index % 3] as string}));
		const big = await mount({width: 80, height: 24}, many);
		expect(big.frame()).toContain('more');
		await big.press('G');
		expect(big.h.ui.getSnapshot().selected).toBe('shop/agent47');
		expect(big.frame()).toContain('agent47');
		expect(big.frame().split('\n').length).toBeLessThanOrEqual(23);
	});

	it('uses no colour escapes with the no-color theme', async () => {
		const {frame, h} = await mount({width: 100, height: 30, theme: 'no-color'});
		h.observer.setState('planner', 'working');
		await waitFor(() => frame().includes('● working'), {timeoutMs: 2000, what: 'working'});
		expect(frame()).not.toMatch(/\u001B\[(3|9)\dm/);
	});
});
