import {EventEmitter} from 'node:events';
import {render, type Instance} from 'ink';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import type {StateVerdict} from '../../../src/core/state/types.js';
import {ScreenModel} from '../../../src/core/screen/screen-model.js';
import type {AgentUsage} from '../../../src/tui/types.js';
import {waitFor} from '../../helpers/tt.js';
import {appHarness, type Harness} from './fixtures.js';

// Screen snapshots: the whole app rendered at a fixed clock, its frame replayed into a headless
// terminal and written down row by row with its styles (`«1;32»` opens a run of bold green).
// They pin the look: a change to them is a visible change, to be reviewed.

// Colours at a fixed depth (chalk reads this when Ink first loads it).
vi.hoisted(() => {
	process.env['FORCE_COLOR'] = '3';
});

const roles = ['planner', 'implementer', 'tester', 'reviewer'];
const team16 = Array.from({length: 16}, (_, index) => ({name: `a${String(index + 1).padStart(2, '0')}`, role: roles[index % 4] as string}));
const usage = (input: number, contextPct: number | null): AgentUsage => ({input_tokens: input, output_tokens: 1200, cache_read_tokens: 0, cache_creation_tokens: 0, by_model: {}, model: null, context_pct: contextPct});
const started = Date.UTC(2025, 0, 15, 9, 30, 0);

let harness: Harness | undefined;
let instance: Instance | undefined;
beforeEach(() => {
	process.env['TZ'] = 'UTC';
	vi.useFakeTimers({toFake: ['Date'], now: started});
});
afterEach(() => {
	instance?.unmount();
	instance = undefined;
	harness?.cleanup();
	harness = undefined;
	vi.useRealTimers();
});

/** Mounts the app at a size into a fake terminal; `frame()` is the last full frame Ink wrote. */
function mount(agents: typeof team16, columns: number, rows: number, options: Parameters<typeof appHarness>[1] = {}) {
	harness = appHarness(agents, {width: columns, height: rows, ...options});
	let last = '';
	const stdout = Object.assign(new EventEmitter(), {
		columns,
		rows,
		isTTY: false,
		write(chunk: string) {
			last = chunk;
			return true;
		},
	});
	const stdin = Object.assign(new EventEmitter(), {isTTY: false, setRawMode() {}, setEncoding() {}, ref() {}, unref() {}, read: () => null});
	instance = render(harness.element, {stdout: stdout as unknown as NodeJS.WriteStream, stdin: stdin as unknown as NodeJS.ReadStream, debug: true, patchConsole: false, exitOnCtrlC: false});
	return {h: harness, frame: () => last};
}

async function grid(frame: string, columns: number, rows: number): Promise<string> {
	const model = new ScreenModel(columns, rows, {scrollback: 0});
	await model.write(frame.replaceAll('\n', '\r\n'));
	const lines = model.styledRows(0, rows, {width: columns, color: true}).map((line) => line.replaceAll(/\u001B\[0;?([\d;]*)m/g, (_, sgr: string) => `«${sgr}»`).replace(/«»$/, ''));
	model.dispose();
	while (lines.at(-1) === '') lines.pop();
	return `\n${lines.join('\n')}\n`;
}

/** A busy team: every state, usage, worktree counts, activity lines, a few events. */
async function busyFloor(columns: number, rows: number, theme = 'dark') {
	const states: Array<[string, StateVerdict['state'], Partial<StateVerdict>]> = [
		['a01', 'working', {}],
		['a02', 'needs_input', {detail: 'Ship it?'}],
		['a03', 'idle', {}],
		['a04', 'stopped', {exitStatus: 1, detail: 'exited with 1'}],
		['a05', 'rate_limited', {}],
		['a06', 'working', {}],
		['a07', 'auth_failed', {}],
		['a08', 'starting', {}],
		['a09', 'stalled', {}],
		['a10', 'provider_down', {}],
		['a11', 'working', {}],
		['a12', 'idle', {}],
		['a13', 'stopped', {rule: 'session.killed'}],
		['a14', 'working', {}],
		['a15', 'unknown', {}],
		['a16', 'working', {}],
	];
	const at = (seconds: number) => new Date(started - seconds * 1000).toISOString();
	const {h, frame} = mount(team16, columns, rows, {
		theme,
		usage: {a01: usage(950, 12), a02: usage(12_300, 64), a03: usage(4_100_000, 91), a06: usage(48_000, null)},
		probe: async (_ctx, agent) => (['a01', 'a06', 'a11'].includes(agent) ? {changes: agent === 'a01' ? 3 : 0, ahead: agent === 'a11' ? 2 : 0} : undefined),
		events: [
			{event: 'agent.working', workspace: 'shop', agent: 'a01', correlation_id: 'c1', data: {from: 'idle', to: 'working'}, timestamp: at(90)},
			{event: 'agent.needs_input', workspace: 'shop', agent: 'a02', correlation_id: 'c2', data: {from: 'working', to: 'needs_input', detail: 'Ship it?'}, timestamp: at(40)},
			{event: 'workflow.step.started', workspace: 'shop', agent: 'a06', correlation_id: 'c3', data: {workflow_name: 'ship', run_id: 'r1', step_index: 1, total_steps: 4, step_type: 'prompt'}, timestamp: at(30)},
			{event: 'agent.stopped', workspace: 'shop', agent: 'a04', correlation_id: 'c4', data: {from: 'working', to: 'stopped', detail: 'exited with 1'}, timestamp: at(5)},
		],
	});
	for (const [name, state, extra] of states) h.observer.setState(name, state, extra);
	for (const name of ['a01', 'a06', 'a11', 'a14', 'a16']) await h.observer.print(name, `⏺ Read(src/${name}.ts)\r\n⠙ Working… (12s · esc to interrupt)`);
	await h.observer.print('a03', '╭──────╮\r\n│ > a rather long line of text that an idle agent left on its screen, long enough to be cut │\r\n╰──────╯\r\n? for shortcuts');
	const settled = () => {
		const agents = h.store.getSnapshot().agents;
		return agents.filter((agent) => agent.activity.startsWith('Working…')).length === 5 && agents.filter((agent) => agent.hasWorktree).length === 3 && agents.some((agent) => agent.activity.endsWith('to be cut'));
	};
	await waitFor(settled, {timeoutMs: 3000, what: 'a settled floor'});
	h.ui.dispatch({type: 'select', key: 'shop/a06'});
	await new Promise((resolve) => setTimeout(resolve, 30));
	return {h, frame};
}

describe('screens', () => {
	it.each([
		[200, 50],
		[120, 30],
		[80, 24],
	])('the floor of a busy team at %ix%i', async (columns, rows) => {
		const {frame} = await busyFloor(columns, rows);
		expect(await grid(frame(), columns, rows)).toMatchSnapshot();
	});

	it('the floor of three agents side by side, with the no-color theme', async () => {
		const {h, frame} = mount(team16.slice(0, 3), 100, 30, {theme: 'no-color'});
		h.observer.setState('a01', 'working');
		h.observer.setState('a02', 'needs_input', {detail: 'Ship it?'});
		await waitFor(() => frame().includes('needs input'), {timeoutMs: 3000, what: 'states'});
		expect(await grid(frame(), 100, 30)).toMatchSnapshot();
	});

	it('the light theme, a filter and the send prompt', async () => {
		const {h, frame} = await busyFloor(200, 50, 'light');
		h.ui.dispatch({type: 'filter', filter: 'working'});
		h.ui.dispatch({type: 'overlay', overlay: {kind: 'send', key: 'shop/a06'}});
		h.ui.dispatch({type: 'draft', key: 'shop/a06', text: 'run the tests\nthen report'});
		await new Promise((resolve) => setTimeout(resolve, 30));
		expect(await grid(frame(), 200, 50)).toMatchSnapshot();
	});

	it.each([
		[200, 50],
		[100, 30],
	])('focus mode at %ix%i', async (columns, rows) => {
		const {h, frame} = await busyFloor(columns, rows);
		h.ui.dispatch({type: 'focus', key: 'shop/a01'});
		await waitFor(() => frame().includes('◂ Esc') && frame().includes('Read(src/a01.ts)'), {timeoutMs: 3000, what: 'focus'});
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(await grid(frame(), columns, rows)).toMatchSnapshot();
	});

	it('help over the floor', async () => {
		const {h, frame} = await busyFloor(120, 30);
		h.ui.dispatch({type: 'overlay', overlay: {kind: 'help', page: 0}});
		await new Promise((resolve) => setTimeout(resolve, 30));
		expect(await grid(frame(), 120, 30)).toMatchSnapshot();
	});
});
