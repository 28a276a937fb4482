import {appendFileSync, mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {builtinAdapters} from '../../../src/adapters/index.js';
import {claudeStatusFor} from '../../../src/adapters/claude-code/status-file.js';
import {processStart} from '../../../src/core/process/start-time.js';
import {combine, Hysteresis, SupersededErrors} from '../../../src/core/state/combine.js';
import type {StateVerdict} from '../../../src/core/state/types.js';
import {parseOsc7501} from '../../../src/core/state/native-osc.js';
import {SignalTail} from '../../../src/core/state/signal-tail.js';
import {makeTempDir} from '../../helpers/sandbox.js';

/** What the runtime's adapter says a hook means (what `tt hook` appends). */
const stateFromHook = (runtime: string, event: string, payload: Record<string, unknown>) => builtinAdapters.find((adapter) => adapter.id === runtime)?.signals?.hookState?.(event, payload);

describe('native signals', () => {
	it('maps Claude hooks to states (StopFailure by its error)', () => {
		expect(stateFromHook('claude-code', 'UserPromptSubmit', {})?.state).toBe('working');
		expect(stateFromHook('claude-code', 'PermissionRequest', {tool_name: 'Bash'})).toEqual({state: 'needs_input', detail: 'permission: Bash'});
		expect(stateFromHook('claude-code', 'Stop', {})?.state).toBe('idle');
		expect(stateFromHook('claude-code', 'StopFailure', {error: 'authentication_failed'})?.state).toBe('auth_failed');
		expect(stateFromHook('claude-code', 'StopFailure', {error: 'rate_limit'})?.state).toBe('rate_limited');
		expect(stateFromHook('claude-code', 'StopFailure', {error: 'server_error'})?.state).toBe('provider_down');
		expect(stateFromHook('claude-code', 'Notification', {notification_type: 'permission_prompt'})).toBeUndefined();
		expect(stateFromHook('gemini-cli', 'Notification', {notification_type: 'ToolPermission', message: 'Confirm'})?.state).toBe('needs_input');
		expect(stateFromHook('gemini-cli', 'AfterAgent', {})?.state).toBe('turn_ended');
	});

	it("each adapter declares its own signal sources: Qwen Code's hooks are Claude Code's, Codex has none", () => {
		expect(stateFromHook('qwen-code', 'UserPromptSubmit', {})?.state).toBe('working');
		expect(stateFromHook('qwen-code', 'Stop', {})?.state).toBe('idle');
		expect(stateFromHook('qwen-code', 'StopFailure', {error: 'rate_limit'})?.state).toBe('rate_limited');
		expect(stateFromHook('qwen-code', 'BeforeAgent', {})).toBeUndefined();
		expect(stateFromHook('codex', 'Stop', {})).toBeUndefined();
		expect(stateFromHook('claude-code', 'BeforeAgent', {})).toBeUndefined();
		const withStatusFile = builtinAdapters.filter((adapter) => adapter.signals?.statusFile).map((adapter) => adapter.id);
		expect(withStatusFile).toEqual(['claude-code']);
	});

	it('parses OSC 7501 states; error and clear hand over to the other layers', () => {
		expect(parseOsc7501('state=working:app=codex', 1)).toMatchObject({state: 'working', rule: 'osc7501.working'});
		expect(parseOsc7501('state=blocked:app=codex:kind=permission', 1)).toMatchObject({state: 'needs_input', detail: 'codex (permission)'});
		expect(parseOsc7501('state=done:app=codex', 1)).toMatchObject({state: 'idle'});
		expect(parseOsc7501('state=error:app=codex', 1)).toBe('clear');
		expect(parseOsc7501('garbage', 1)).toBeUndefined();
	});

	it('combines layers: a dead pane, then dialogs and errors on screen, then the CLI, then the screen', () => {
		const screen = (state: 'idle' | 'working' | 'needs_input' | 'stopped' | 'rate_limited') => ({state, source: 'screen' as const, rule: `s.${state}`, detail: undefined});
		const native = {state: 'working' as const, rule: 'hook.x', at: 1};
		expect(combine(screen('idle'), native).state).toBe('working');
		expect(combine(screen('needs_input'), native).state).toBe('needs_input');
		expect(combine(screen('rate_limited'), {...native, state: 'idle'}).state).toBe('rate_limited');
		expect(combine({...screen('stopped'), source: 'pane'}, native).state).toBe('stopped');
		expect(combine(screen('working'), undefined).state).toBe('working');
	});

	it("a CLI's word that its turn ended: the screen says what it ended in, and its idle needs no debounce", () => {
		const screen = (state: 'idle' | 'working' | 'auth_failed' | 'unknown') => ({state, source: 'screen' as const, rule: `s.${state}`, detail: undefined});
		const ended = {state: 'idle' as const, rule: 'hook.gemini-cli.AfterAgent', at: 1, endsTurn: true};
		expect(combine(screen('idle'), ended)).toMatchObject({state: 'idle', source: 'native', rule: 'hook.gemini-cli.AfterAgent'});
		// The hook came ~50 ms before the CLI redrew: still working until the screen catches up.
		expect(combine(screen('working'), ended)).toMatchObject({state: 'working', source: 'screen'});
		// A 401 also ends the turn (Gemini CLI's AfterAgent with no response): the error shows.
		expect(combine(screen('auth_failed'), ended).state).toBe('auth_failed');
		expect(combine(screen('unknown'), ended).state).toBe('unknown');
		const h = new Hysteresis({idleDebounceMs: 1000});
		expect(h.offer(combine(screen('working'), ended), 0).report?.state).toBe('working');
		expect(h.offer(combine(screen('idle'), ended), 40).report?.state).toBe('idle');
	});

	it('debounces busy → idle but reports dialogs at once', () => {
		const h = new Hysteresis({idleDebounceMs: 1000});
		const v = (state: 'idle' | 'working' | 'needs_input') => ({state, source: 'screen' as const, rule: undefined, detail: undefined});
		expect(h.offer(v('working'), 0).report?.state).toBe('working');
		expect(h.offer(v('idle'), 100)).toEqual({report: undefined, recheckAt: 1100});
		expect(h.offer(v('working'), 500).report).toBeUndefined();
		expect(h.offer(v('idle'), 600).recheckAt).toBe(1600);
		expect(h.offer(v('idle'), 1600).report?.state).toBe('idle');
		expect(h.offer(v('needs_input'), 1700).report?.state).toBe('needs_input');
	});

	it('holds the last known state over a brief unknown frame; a lasting unknown is reported', () => {
		const h = new Hysteresis({idleDebounceMs: 1000, unknownHoldMs: 1000});
		const v = (state: 'idle' | 'working' | 'unknown' | 'starting') => ({state, source: 'screen' as const, rule: undefined, detail: undefined});
		// opencode's first prompt: idle, ~0.5 s of a view no rule knows, then working.
		expect(h.offer(v('idle'), 0).report?.state).toBe('idle');
		expect(h.offer(v('unknown'), 100)).toEqual({report: undefined, recheckAt: 1100});
		expect(h.offer(v('unknown'), 600)).toEqual({report: undefined, recheckAt: 1100});
		expect(h.offer(v('working'), 650).report?.state).toBe('working');
		expect(h.reported?.state).toBe('working');
		// A new unknown starts a new hold; one that outlasts it is reported.
		expect(h.offer(v('unknown'), 2000)).toEqual({report: undefined, recheckAt: 3000});
		expect(h.offer(v('unknown'), 3000).report?.state).toBe('unknown');
		// Nothing known to hold over: starting → unknown is reported at once.
		const fresh = new Hysteresis({unknownHoldMs: 1000});
		expect(fresh.offer(v('starting'), 0).report?.state).toBe('starting');
		expect(fresh.offer(v('unknown'), 10).report?.state).toBe('unknown');
	});

	it('an unknown frame inside a pending idle edge neither reports nor restarts the debounce', () => {
		const h = new Hysteresis({idleDebounceMs: 1000, unknownHoldMs: 1000});
		const v = (state: 'idle' | 'working' | 'unknown') => ({state, source: 'screen' as const, rule: undefined, detail: undefined});
		expect(h.offer(v('working'), 0).report?.state).toBe('working');
		expect(h.offer(v('idle'), 100)).toEqual({report: undefined, recheckAt: 1100});
		expect(h.offer(v('unknown'), 300).report).toBeUndefined();
		expect(h.offer(v('idle'), 1100).report?.state).toBe('idle');
	});

	it('reports idle at once when the CLI itself says the turn ended; the screen alone is debounced', () => {
		const h = new Hysteresis({idleDebounceMs: 1000});
		const working = {state: 'working' as const, source: 'screen' as const, rule: undefined, detail: undefined};
		expect(h.offer(working, 0).report?.state).toBe('working');
		expect(h.offer({state: 'idle', source: 'native', rule: 'osc7501.done', detail: undefined}, 10)).toEqual({report: expect.objectContaining({state: 'idle', source: 'native'}) as unknown, recheckAt: undefined});
		expect(h.offer(working, 20).report?.state).toBe('working');
		expect(h.offer(combine({...working, state: 'idle'}, {state: 'idle', rule: 'hook.claude-code.Stop', at: 30}), 30).report?.state).toBe('idle');
		expect(h.offer(working, 40).report?.state).toBe('working');
		expect(h.offer({...working, state: 'idle'}, 50)).toEqual({report: undefined, recheckAt: 1050});
	});

	it('tails the signals file: only new whole lines, survives truncation and torn lines', () => {
		const temp = makeTempDir();
		const file = path.join(temp.dir, 'signals.jsonl');
		writeFileSync(file, '{"t":1,"agent":"old","runtime":"x","event":"Stop","state":"idle"}\n');
		const tail = new SignalTail(file);
		expect(tail.read()).toEqual([]);
		appendFileSync(file, '{"t":2,"agent":"a","runtime":"claude-code","event":"Stop","state":"idle"}\n{"t":3,"agent":"a"');
		expect(tail.read().map((line) => line.t)).toEqual([2]);
		appendFileSync(file, ',"runtime":"claude-code","event":"UserPromptSubmit","state":"working"}\nnot json\n');
		expect(tail.read().map((line) => line.state)).toEqual(['working']);
		writeFileSync(file, '{"t":9,"agent":"a","runtime":"c","event":"Stop","state":"idle"}\n');
		expect(tail.read().map((line) => line.t)).toEqual([9]);
		temp.cleanup();
	});

	it('reads Claude status files, ignoring dead or reused pids', () => {
		const temp = makeTempDir();
		const sessions = path.join(temp.dir, 'sessions');
		mkdirSync(sessions);
		const start = processStart(process.pid);
		expect(start).toMatch(/^\d+$/);
		writeFileSync(path.join(sessions, `${process.pid}.json`), JSON.stringify({pid: process.pid, cwd: '/work/x', procStart: start, status: 'waiting', waitingFor: 'permission prompt', updatedAt: 5, statusUpdatedAt: 5}));
		writeFileSync(path.join(sessions, '999999.json'), JSON.stringify({pid: 999_999, cwd: '/work/x', status: 'idle', updatedAt: 9}));
		writeFileSync(path.join(sessions, 'reused.json'), JSON.stringify({pid: process.pid, cwd: '/work/x', procStart: '1', status: 'idle', updatedAt: 10}));
		expect(claudeStatusFor(temp.dir, '/work/x')?.signal).toMatchObject({state: 'needs_input', detail: 'permission prompt', rule: 'claude.status.waiting'});
		expect(claudeStatusFor(temp.dir, '/elsewhere')).toBeUndefined();
		temp.cleanup();
	});
});

describe('SupersededErrors', () => {
	const verdict = (state: StateVerdict['state'], detail?: string): StateVerdict => ({state, source: 'screen', rule: `r.${state}`, detail});
	it('an old error box redrawn after the agent moved on is stale until the next turn starts', () => {
		const errors = new SupersededErrors();
		const old = verdict('auth_failed', '✕ [API Error: 401]');
		errors.reported(verdict('working'), old);
		expect(errors.stale(old)).toBe(false);
		errors.reported(old, verdict('idle'));
		expect(errors.stale(old)).toBe(true);
		// Another error, or the same state with another line, is news.
		expect(errors.stale(verdict('auth_failed', '✕ [API Error: 403]'))).toBe(false);
		expect(errors.stale(verdict('rate_limited', '✕ [API Error: 401]'))).toBe(false);
		// A new turn: the same error again is reported again.
		errors.reported(verdict('idle'), verdict('working'));
		expect(errors.stale(old)).toBe(false);
	});
});
