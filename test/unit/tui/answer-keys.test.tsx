import {afterEach, describe, expect, it} from 'vitest';
import {TuttiError} from '../../../src/core/errors.js';
import {waitFor} from '../../helpers/tt.js';
import {mountApp, type Harness} from './fixtures.js';

const team = [
	{name: 'planner', role: 'planner'},
	{name: 'implementer', role: 'implementer'},
];
let harness: Harness | undefined;
afterEach(() => harness?.cleanup());

async function mount(width = 100) {
	const mounted = await mountApp(team, {width, height: 40});
	harness = mounted.h;
	mounted.h.observer.setState('planner', 'idle');
	mounted.h.observer.setState('implementer', 'needs_input', {detail: 'Ship it?'});
	await waitFor(() => mounted.frame().includes('✋ needs input'), {timeoutMs: 2000, what: 'the needs input card'});
	return mounted;
}

const footer = (frame: string) => frame.split('\n').at(-1) ?? '';

describe('approve and deny in tt watch', () => {
	it('Y approves the dialog of the selected agent; the footer offers it only while that agent needs input', async () => {
		const {frame, press, h} = await mount();
		expect(footer(frame())).not.toContain('approve');
		await press('\t');
		await waitFor(() => footer(frame()).includes('Y approve  N deny'), {timeoutMs: 2000, what: 'approve and deny in the footer'});
		await press('Y');
		await waitFor(() => h.calls.includes('answer shop/implementer approve'), {timeoutMs: 2000, what: 'the approve action'});
		await waitFor(() => footer(frame()).includes('answer done'), {timeoutMs: 2000, what: 'the toast'});
		expect(h.calls).toEqual(['answer shop/implementer approve']);
	});

	it('N denies it from focus mode; lower-case y and n answer nothing', async () => {
		const {frame, press, h} = await mount();
		await press('\t', '\r');
		await waitFor(() => frame().includes('◂ Esc'), {timeoutMs: 2000, what: 'focus mode'});
		expect(footer(frame())).toContain('Y approve  N deny');
		await press('y', 'n');
		expect(h.calls.filter((call) => call.startsWith('answer'))).toEqual([]);
		await press('N');
		await waitFor(() => h.calls.includes('answer shop/implementer deny'), {timeoutMs: 2000, what: 'the deny action'});
	});

	it('shows the core\'s refusal as a toast with the next step in this view\'s keys', async () => {
		// Wide enough for the whole toast (a narrower footer cuts it with …).
		const {frame, press, h} = await mount(220);
		h.services.actions.answer = async () => {
			throw new TuttiError('ERR_AGENT_NOT_ASKING', 'agent "planner" is not waiting for an answer (it is idle): nothing to approve', {hint: 'See what it is doing: tt peek planner', remedy: {action: 'inspect', agent: 'planner'}});
		};
		await press('Y');
		await waitFor(() => footer(frame()).includes('approving planner\'s dialog failed: agent "planner" is not waiting for an answer (it is idle): nothing to approve — select planner and press p to see its screen'), {timeoutMs: 2000, what: 'the refusal toast'});
	});

	it('the help overlay lists both keys', async () => {
		const {frame, press} = await mount();
		await press('?');
		await waitFor(() => frame().includes('keys · any key closes this help'), {timeoutMs: 2000, what: 'the help'});
		expect(frame()).toMatch(/\bY\s+approve, once, what the agent's/);
		expect(frame()).toMatch(/\bN\s+deny what the agent's dialog asks/);
	});

	it('the event ticker words an answer', async () => {
		const {frame, h} = await mountApp(team, {width: 100, height: 30, events: [{event: 'agent.answered', workspace: 'shop', agent: 'implementer', correlation_id: 'answer-1', data: {answer: 'deny', rule: 'demo/answer.permission', keys: ['Escape']}}]});
		harness = h;
		await waitFor(() => frame().includes('implementer: dialog denied'), {timeoutMs: 2000, what: 'the ticker line'});
	});
});
