import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {sendPrompt} from '../../../src/core/agents/send.js';
import {ensureWorktree, land} from '../../../src/core/git/index.js';
import type {NewEvent} from '../../../src/core/store/store.js';
import {errorLine} from '../../../src/tui/actions.js';
import {tickerItem} from '../../../src/tui/data/events.js';
import {waitFor} from '../../helpers/tt.js';
import {makeProject} from '../../integration/git/repo.js';
import type {appHarness} from './fixtures.js';
import { mountApp, makeWorkspace, type Harness} from './fixtures.js';

// Colours at a fixed depth (chalk reads this when Ink first loads it), so styles can be checked.
vi.hoisted(() => {
	process.env['FORCE_COLOR'] = '3';
});

const team = [
	{name: 'planner', role: 'planner'},
	{name: 'implementer', role: 'implementer'},
];
const plain = (text: string) => text.replaceAll(/\u001B\[[\d;]*m/g, '');
let harness: Harness | undefined;
afterEach(() => harness?.cleanup());

async function mount(width: number, height: number, options: Parameters<typeof appHarness>[1] = {}) {
	const mounted = await mountApp(team, {width, height, ...options});
	harness = mounted.h;
	return mounted;
}

describe('runs strip', () => {
	it('shows runs that print the same line once, with a count, and how long ago each moved', async () => {
		const at = (secondsAgo: number) => new Date(Date.now() - secondsAgo * 1000).toISOString();
		const run = (id: string, secondsAgo: number): NewEvent[] =>
			[
				['workflow.started', {workflow_name: 'ship', run_id: id, total_steps: 1}, null],
				['workflow.step.started', {workflow_name: 'ship', run_id: id, step_index: 0, total_steps: 1, step_type: 'prompt'}, 'planner'],
				['workflow.completed', {workflow_name: 'ship', run_id: id}, null],
			].map(([event, data, agent]) => ({event: event as string, workspace: 'shop', agent: agent as string | null, correlation_id: id, data: data as Record<string, unknown>, timestamp: at(secondsAgo)}));
		const {frame} = await mount(120, 45, {events: [...run('r1', 900), ...run('r2', 600), ...run('r3', 125)]});
		const strip = plain(frame()).split('\n').filter((line) => line.includes('✓ ship'));
		expect(strip).toHaveLength(1);
		expect(strip[0]).toContain('✓ ship ×3');
		expect(strip[0]).toMatch(/2m ago\s*$/);
	});
});

describe('agent cards', () => {
	it('shows the question of a dialog an agent waits on, not the dialog\'s last option', async () => {
		const {frame, h} = await mount(120, 30);
		await h.observer.print('implementer', ['> ask Ship it?', '╭────────────────────────────╮', '│ Permission required        │', '│ Ship it?                   │', '│ Do you want to proceed?    │', '│ ❯ 1. Yes                   │', '│   2. No                    │', '╰────────────────────────────╯', '  Esc to cancel'].join('\r\n'));
		h.observer.setState('implementer', 'needs_input', {detail: 'Esc to cancel'});
		await waitFor(() => plain(frame()).includes('Ship it?'), {timeoutMs: 2000, what: 'the question on the card'});
		expect(plain(frame())).not.toContain('2. No');
		// Once answered, the card follows the screen again.
		h.observer.setState('implementer', 'working');
		await h.observer.print('implementer', '\u001B[2J\u001B[H⠙ Working… (1s · esc to interrupt)');
		await waitFor(() => plain(frame()).includes('Working… (1s'), {timeoutMs: 2000, what: 'activity after the dialog'});
	});
});

describe('header', () => {
	it('never runs the counts into the clock: words while the line fits, glyphs and numbers when it does not', async () => {
		for (const width of [80, 100, 160]) {
			const {frame, h} = await mount(width, 24);
			h.observer.setState('planner', 'needs_input', {detail: 'Ship it?'});
			await waitFor(() => plain(frame()).includes('⚑ 1 needs you'), {timeoutMs: 2000, what: `the attention count at ${width}`});
			const header = plain(frame().split('\n')[0] ?? '');
			expect(header, `${width} columns`).toMatch(/⚑ 1 needs you {2,}\d\d:\d\d$/);
			expect(header).not.toContain('…');
			if (width >= 160) expect(header).toContain('✋ 1 waiting for you');
			harness?.cleanup();
			harness = undefined;
		}
	});
});

describe('focus mode', () => {
	it('marks the panel toggles on and off without relying on colour', async () => {
		const {frame, press} = await mount(120, 30, {theme: 'no-color'});
		await press('\r');
		const header = () => frame().split('\n')[0] ?? '';
		await waitFor(() => header().includes('◂ Esc'), {timeoutMs: 2000, what: 'focus mode'});
		expect(plain(header())).toMatch(/□ 1 usage □ 2 diff □ 3 events\s*$/);
		await press('1', '3');
		expect(plain(header())).toMatch(/■ 1 usage □ 2 diff ■ 3 events\s*$/);
		// Reverse video for on, plain for off: visible in the no-color theme too.
		expect(header()).toMatch(/\u001B\[7m(?:\u001B\[1m)?■ 1 usage/);
		expect(header()).not.toMatch(/\u001B\[7m(?:\u001B\[1m)?□ 2 diff/);
	});
});

describe('hints', () => {
	it('names the keys of tt watch, not the CLI\'s commands and flags, when an agent is not running', async () => {
		const {ctx, cleanup} = makeWorkspace('shop', team);
		try {
			Object.assign(ctx.services, {tmux: {paneInfo: async () => undefined}});
			const error = await sendPrompt(ctx, 'implementer', 'review this').then(() => undefined, (caught: unknown) => caught);
			const line = errorLine(error);
			expect(line).toContain('agent "implementer" is not running');
			expect(line).toContain('select implementer and press u to start it');
			expect(line).not.toMatch(/--auto-up|tt up/);
		} finally {
			cleanup();
		}
	});

	it('a land refused for a dirty checkout says to tidy up and press L again, not to pass --force', async () => {
		const project = makeProject();
		try {
			const dir = (await ensureWorktree({root: project.root, agent: 'coder', branch: 'tutti/coder'})).path;
			project.commit('work', {'work.ts': 'w\n'}, dir);
			writeFileSync(path.join(project.root, 'README.md'), 'edited by hand\n');
			const error = await land({root: project.root, agent: 'coder', branch: 'tutti/coder', includeUncommitted: true}).then(() => undefined, (caught: unknown) => caught);
			const line = errorLine(error);
			expect(line).toMatch(/^the project root has 1 uncommitted change to tracked files \(M README\.md\) — commit or stash them, then press L again$/);
			expect(line).not.toMatch(/--force|tt land/);
		} finally {
			project.cleanup();
		}
	});

	it('words a deleted worktree in the ticker with the key that recreates it', () => {
		const item = tickerItem({id: 1, event: 'agent.worktree_missing', workspace: 'shop', agent: 'tester', timestamp: new Date().toISOString(), correlation_id: 'c1', data: {path: '/p/.tutti/worktrees/tester', problem: 'its worktree /p/.tutti/worktrees/tester was deleted; `tt up tester` recreates it and restarts the agent'}});
		expect(item.text).toBe('tester: its worktree /p/.tutti/worktrees/tester was deleted · press u on tester to recreate it and restart it');
		expect(item.level).toBe('attention');
	});
});
