import xterm from '@xterm/headless';
import {describe, expect, it} from 'vitest';
import {terminalNotification} from '../../../src/core/notify/terminal.js';
import {attentionNotice} from '../../../src/tui/notify.js';

/** Feeds bytes to a headless xterm.js (a real terminal parser) and reports what it was told. */
async function parse(bytes: string): Promise<{bells: number; osc9: string[]; osc777: string[]; screen: string}> {
	const term = new xterm.Terminal({cols: 80, rows: 5, allowProposedApi: true});
	const seen = {bells: 0, osc9: [] as string[], osc777: [] as string[]};
	term.onBell(() => seen.bells++);
	term.parser.registerOscHandler(9, (data) => (seen.osc9.push(data), true));
	term.parser.registerOscHandler(777, (data) => (seen.osc777.push(data), true));
	await new Promise<void>((resolve) => term.write(bytes, resolve));
	const screen = term.buffer.active.getLine(0)?.translateToString(true) ?? '';
	term.dispose();
	return {...seen, screen};
}

describe('terminal notifications (bell, OSC 9, OSC 777)', () => {
	it('a terminal parses one bell, an OSC 9 and an OSC 777 notify, and prints nothing', async () => {
		const parsed = await parse(terminalNotification('tutti', 'dev needs you: needs input — Allow edit?', {insideTmux: false}));
		expect(parsed).toEqual({bells: 1, osc9: ['tutti: dev needs you: needs input — Allow edit?'], osc777: ['notify;tutti;dev needs you: needs input — Allow edit?'], screen: ''});
	});

	it('control characters in the text cannot end the sequence early or reach the screen', async () => {
		const parsed = await parse(terminalNotification('a;b', 'evil\u0007\u001B]0;owned\u0007 text\nnext', {insideTmux: false}));
		expect(parsed).toEqual({bells: 1, osc9: ['a;b: evil ]0;owned  text next'], osc777: ['notify;a,b;evil ]0;owned  text next'], screen: ''});
	});

	it('inside tmux the OSC sequences go through tmux passthrough, ESC doubled', () => {
		const bytes = terminalNotification('tutti', 'hi', {insideTmux: true});
		expect(bytes).toBe('\u0007\u001BPtmux;\u001B\u001B]9;tutti: hi\u0007\u001B\\\u001BPtmux;\u001B\u001B]777;notify;tutti;hi\u0007\u001B\\');
	});

	it('tt watch says nothing about the agent it shows in focus mode', () => {
		const agent = {key: 'w/dev', name: 'dev', state: 'needs_input' as const, detail: 'Allow edit?'};
		expect(attentionNotice(agent, {view: 'floor', focused: undefined})).toBe('dev needs you: needs input — Allow edit?');
		expect(attentionNotice(agent, {view: 'focus', focused: 'w/dev'})).toBeUndefined();
		expect(attentionNotice(agent, {view: 'focus', focused: 'w/ops'})).toBe('dev needs you: needs input — Allow edit?');
	});
});
