import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import type {ActionResult, Effects} from '../../../src/adapters/demo/program/actions.js';
import {DemoApp, type TurnLog} from '../../../src/adapters/demo/program/app.js';
import type {KeyEvent} from '../../../src/adapters/demo/program/input.js';
import type {SignalState, TitleState} from '../../../src/adapters/demo/program/render.js';
import type {Output, View} from '../../../src/adapters/demo/program/screen.js';

class FakeOutput implements Output {
	transcript: string[] = [];
	views: View[] = [];
	signals: string[] = [];
	titles: TitleState[] = [];
	closed = false;
	print(lines: readonly string[]): void {
		this.transcript.push(...lines);
	}
	view(view: View): void {
		this.views.push(structuredClone(view));
	}
	signal(state: SignalState, kind?: string): void {
		this.signals.push(kind ? `${state}:${kind}` : state);
	}
	title(state: TitleState): void {
		this.titles.push(state);
	}
	close(): void {
		this.closed = true;
	}
	get lastView(): View | undefined {
		return this.views[this.views.length - 1];
	}
}

function setup(options: {lineMode?: boolean} = {}) {
	const output = new FakeOutput();
	const calls: string[] = [];
	const log: TurnLog = {
		user: (prompt) => calls.push(`user:${prompt}`),
		interrupted: () => calls.push('interrupted'),
		assistant: (_prompt, text, tools) => calls.push(`assistant:${text}:${tools.map((tool) => tool.name).join(',')}`),
		apiError: (_text, error) => calls.push(`apiError:${error}`),
	};
	const exits: number[] = [];
	const written: string[] = [];
	const effects: Effects = {
		write: (_cwd, path, text, mode): ActionResult => {
			written.push(`${mode}:${path}:${text}`);
			return {ok: true, answer: `Wrote ${path}`, tool: {name: 'Write', label: path, input: {}, result: 'ok'}};
		},
		commit: (_cwd, message) => ({ok: true, answer: `Committed abc1234: ${message}`}),
	};
	const app = new DemoApp({
		agent: 'alice',
		cwd: '/w',
		workMs: 1000,
		startupMs: 300,
		output,
		log,
		exit: (code) => exits.push(code),
		effects,
		...options,
	});
	const type = (...keys: KeyEvent[]) => {
		for (const key of keys) app.handleKey(key);
	};
	const prompt = (text: string) => type({type: 'paste', text}, {type: 'enter'});
	return {app, output, calls, exits, written, type, prompt};
}

beforeEach(() => {
	vi.useFakeTimers();
});
afterEach(() => {
	vi.useRealTimers();
});

describe('DemoApp', () => {
	it('starts with a banner and a starting screen, then the idle prompt', () => {
		const {app, output} = setup();
		app.start();
		expect(output.transcript).toEqual(['demo agent · alice · /w']);
		expect(output.lastView).toEqual({kind: 'starting'});
		vi.advanceTimersByTime(300);
		expect(app.state).toBe('idle');
		expect(output.titles).toEqual(['idle']);
		expect(output.signals).toEqual(['idle']);
		expect(output.lastView).toEqual({kind: 'prompt', input: ''});
	});

	it('runs a turn: working spinner, tool lines, answer, done, log', async () => {
		const {app, output, calls, type} = setup();
		app.start();
		await vi.advanceTimersByTimeAsync(300);
		type({type: 'text', text: 'hello worx'}, {type: 'backspace'}, {type: 'text', text: 'ld'});
		expect(output.lastView).toEqual({kind: 'prompt', input: 'hello world'});
		type({type: 'enter'});
		expect(app.state).toBe('working');
		expect(output.signals.at(-1)).toBe('working');
		expect(output.titles.at(-1)).toBe('working');
		expect(output.lastView).toMatchObject({kind: 'working', frame: 0});
		await vi.advanceTimersByTimeAsync(500);
		expect(output.lastView).toMatchObject({kind: 'working', frame: 5});
		await vi.advanceTimersByTimeAsync(500);
		expect(app.state).toBe('idle');
		expect(output.transcript).toContain('> hello world');
		expect(output.transcript).toContain('⏺ Done: looked into "hello world" — no changes needed.');
		expect(output.transcript.some((line) => /^⏺ (Read|Search|Bash)\(/.test(line))).toBe(true);
		expect(output.signals.slice(-2)).toEqual(['working', 'done']);
		expect(calls[0]).toBe('user:hello world');
		expect(calls[1]).toMatch(/^assistant:Done: .*:Read/);
		// done stays until the next key, then becomes idle
		type({type: 'text', text: 'x'});
		expect(output.signals.at(-1)).toBe('idle');
	});

	it('interrupts with Esc', async () => {
		const {app, output, calls, prompt, type} = setup();
		app.start();
		await vi.advanceTimersByTimeAsync(300);
		prompt('sleep 60');
		await vi.advanceTimersByTimeAsync(200);
		type({type: 'escape'});
		await vi.advanceTimersByTimeAsync(0);
		expect(app.state).toBe('idle');
		expect(output.transcript.at(-1)).toBe('  ⎿ Interrupted by user');
		expect(output.signals.at(-1)).toBe('idle');
		expect(calls).toEqual(['user:sleep 60', 'interrupted']);
	});

	it('asks for permission in a dialog; arrows move, Enter picks', async () => {
		const {app, output, calls, prompt, type} = setup();
		app.start();
		await vi.advanceTimersByTimeAsync(300);
		prompt('ask Delete the database?');
		await vi.advanceTimersByTimeAsync(500);
		expect(app.state).toBe('dialog');
		expect(output.titles.at(-1)).toBe('needs-input');
		expect(output.signals.at(-1)).toBe('blocked:permission');
		expect(output.lastView).toEqual({kind: 'dialog', question: 'Delete the database?', selected: 0});
		type({type: 'down'});
		expect(output.lastView).toEqual({kind: 'dialog', question: 'Delete the database?', selected: 1});
		type({type: 'enter'});
		await vi.advanceTimersByTimeAsync(0);
		expect(output.transcript.at(-1)).toBe('⏺ Declined: Delete the database?');
		expect(output.signals.slice(-2)).toEqual(['working', 'done']);
		prompt('ask Again?');
		await vi.advanceTimersByTimeAsync(500);
		type({type: 'text', text: 'y'});
		await vi.advanceTimersByTimeAsync(0);
		expect(output.transcript.at(-1)).toBe('⏺ Approved: Again?');
		expect(calls.filter((call) => call.startsWith('assistant:'))).toEqual([
			'assistant:Declined: Delete the database?:',
			'assistant:Approved: Again?:',
		]);
	});

	it('fails like an API error and logs it', async () => {
		const {app, output, calls, prompt} = setup();
		app.start();
		await vi.advanceTimersByTimeAsync(300);
		prompt('fail auth');
		await vi.advanceTimersByTimeAsync(500);
		expect(output.transcript.at(-1)).toMatch(/^ {2}⎿ API Error: 401 .*authentication_error.* · Please run \/login$/);
		expect(output.signals.at(-1)).toBe('error');
		expect(calls.at(-1)).toBe('apiError:authentication_failed');
	});

	it('takes a pasted multi-line prompt as one prompt', async () => {
		const {app, output, calls, type} = setup();
		app.start();
		await vi.advanceTimersByTimeAsync(300);
		type({type: 'paste', text: 'echo line1\nline2 "$(x)"'});
		expect(app.state).toBe('idle');
		type({type: 'enter'});
		await vi.advanceTimersByTimeAsync(1000);
		expect(output.transcript.slice(-2)).toEqual(['⏺ line1', '  line2 "$(x)"']);
		expect(calls[0]).toBe('user:echo line1\nline2 "$(x)"');
	});

	it('writes files through the effects and queues prompts sent while working', async () => {
		const {app, written, prompt, output} = setup();
		app.start();
		prompt('write a.txt early');
		await vi.advanceTimersByTimeAsync(300);
		expect(app.state).toBe('working');
		prompt('commit add a');
		expect(output.lastView).toMatchObject({kind: 'working', queued: ['commit add a']});
		await vi.advanceTimersByTimeAsync(2000);
		expect(written).toEqual(['write:a.txt:early']);
		expect(output.transcript).toContain('⏺ Committed abc1234: add a');
		expect(app.state).toBe('idle');
	});

	it('does chained commands in one turn and stops at the first that fails, ending the turn with an error', async () => {
		const {app, written, prompt, output, calls} = setup();
		app.start();
		await vi.advanceTimersByTimeAsync(300);
		prompt('append a.txt one && commit add a');
		await vi.advanceTimersByTimeAsync(2000);
		expect(written).toEqual(['append:a.txt:one']);
		expect(output.transcript).toContain('⏺ Committed abc1234: add a');
		expect(calls.find((call) => call.startsWith('assistant:'))).toMatch(/^assistant:Wrote a.txt\nCommitted abc1234: add a:.*Write/);
		expect(output.signals.at(-1)).toBe('done');
		prompt('write ../x no && commit never');
		await vi.advanceTimersByTimeAsync(2000);
		expect(output.transcript.some((line) => line.includes('Committed abc1234: never'))).toBe(false);
		expect(output.signals.at(-1)).toBe('error');
		expect(app.state).toBe('idle');
	});

	it('exits on exit <code>, on Ctrl-C twice, and on Ctrl-D with an empty line', async () => {
		const first = setup();
		first.app.start();
		await vi.advanceTimersByTimeAsync(300);
		first.prompt('exit 3');
		expect(first.output.transcript.at(-1)).toBe('Bye.');
		expect(first.exits).toEqual([3]);
		expect(first.output.signals.at(-1)).toBe('clear');

		const second = setup();
		second.app.start();
		await vi.advanceTimersByTimeAsync(300);
		second.type({type: 'ctrl-c'});
		expect(second.output.lastView).toEqual({kind: 'prompt', input: '', hint: '  Press Ctrl-C again to exit'});
		await vi.advanceTimersByTimeAsync(2500);
		expect(second.output.lastView).toEqual({kind: 'prompt', input: ''});
		second.type({type: 'ctrl-c'}, {type: 'ctrl-c'});
		expect(second.exits).toEqual([0]);

		const third = setup();
		third.app.start();
		await vi.advanceTimersByTimeAsync(300);
		third.type({type: 'text', text: 'a'}, {type: 'ctrl-d'});
		expect(third.exits).toEqual([]);
		third.type({type: 'ctrl-u'}, {type: 'ctrl-d'});
		expect(third.exits).toEqual([0]);
	});

	it('in line mode answers a dialog with the next line and exits at end of input', async () => {
		const {app, output, exits} = setup({lineMode: true});
		app.start();
		app.submit('ask Ship it?');
		app.submit('n');
		app.submit('echo after');
		app.endOfInput();
		await vi.advanceTimersByTimeAsync(5000);
		expect(output.transcript).toContain('⏺ Declined: Ship it?');
		expect(output.transcript.at(-1)).toBe('⏺ after');
		expect(exits).toEqual([0]);
	});
});
