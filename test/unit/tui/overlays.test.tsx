import {afterEach, describe, expect, it} from 'vitest';
import {helpLayout} from '../../../src/tui/components/HelpOverlay.js';
import {helpSections} from '../../../src/tui/keys/help.js';
import {plainWidth} from '../../../src/tui/paint/width.js';
import {waitFor} from '../../helpers/tt.js';
import {mountApp, tick, type Harness, type TeamAgent} from './fixtures.js';

const team: TeamAgent[] = [
	{name: 'planner', role: 'planner'},
	{name: 'implementer', role: 'implementer'},
	{name: 'rev', role: 'reviewer'},
];
const pageDown = '\u001B[6~';
const pageUp = '\u001B[5~';
let harness: Harness | undefined;
afterEach(() => harness?.cleanup());

async function mount(width: number, height: number, agents = team) {
	const mounted = await mountApp(agents, {width, height});
	harness = mounted.h;
	return mounted;
}

describe('help overlay', () => {
	it.each([
		[80, 22],
		[160, 37],
	])('keeps every description whole at %i columns: wrapped, never cut', (width, rows) => {
		const {pages, columnWidth, keyWidth} = helpLayout(rows, width);
		const lines = pages.flat(2);
		for (const line of lines) if (line.kind === 'row') expect(plainWidth(line.text)).toBeLessThanOrEqual(columnWidth - keyWidth);
		const shown = lines.filter((line) => line.kind === 'row');
		for (const {rows: commands} of helpSections()) {
			for (const command of commands) {
				const parts = shown.filter((line) => line.id.startsWith(`${command.command}#`)).map((line) => line.text);
				expect(parts.join(' ')).toBe(command.description);
			}
		}
		for (const page of pages) for (const column of page) expect(column.length).toBeLessThanOrEqual(rows);
	});

	it.each([
		[80, 24],
		[160, 40],
	])('shows no cut text at %ix%i', async (width, height) => {
		const {frame, press} = await mount(width, height);
		await press('?');
		expect(frame()).toContain('open Agent Focus Mode');
		const pages = helpLayout(height - 4, width).pages.length;
		for (let page = 0; page < pages; page++) {
			expect(frame()).not.toContain('…');
			await press(pageDown);
		}
	});

	it('offers a next page only before the last page and a previous page only after the first', async () => {
		const {frame, press} = await mount(80, 24);
		const pages = helpLayout(24 - 4, 80).pages.length;
		expect(pages).toBeGreaterThan(2);
		await press('?');
		const title = () => frame().split('\n')[1] ?? '';
		expect(title()).toContain(`page 1/${pages}`);
		expect(title()).toContain('PgDn next page');
		expect(title()).not.toContain('previous');
		await press(pageDown);
		// A middle page offers both ways.
		expect(title()).toContain(`page 2/${pages}`);
		expect(title()).toContain('PgUp previous page');
		expect(title()).toContain('PgDn next page');
		for (let page = 2; page < pages; page++) await press(pageDown);
		expect(title()).toContain(`page ${pages}/${pages}`);
		expect(title()).toContain('PgUp previous page');
		expect(title()).not.toContain('next page');
		// Paging stops at the last page instead of wrapping round to the first.
		await press(pageDown);
		expect(title()).toContain(`page ${pages}/${pages}`);
		for (let page = pages; page > 1; page--) await press(pageUp);
		expect(title()).toContain(`page 1/${pages}`);
		await press(pageUp);
		expect(title()).toContain(`page 1/${pages}`);
	});
});

describe('dialogs', () => {
	it('draws a confirm dialog over the floor, the cards visible around it', async () => {
		const {frame, press} = await mount(100, 30);
		await press('d');
		expect(frame()).toContain('Stop planner?');
		expect(frame()).toContain('PLANNER (1)');
		expect(frame()).toContain('REVIEWER (1)');
		expect(frame()).toContain('no runs');
		expect(frame()).toContain('events');
	});

	it('the land dialog says what lands: commits, and uncommitted files only when there are some', async () => {
		const probe = async (_ctx: unknown, agent: string) => (agent === 'planner' ? {ahead: 1, changes: 0} : agent === 'implementer' ? {ahead: 2, changes: 3} : {ahead: 0, changes: 0});
		const mounted = await mountApp(team, {width: 100, height: 30, probe});
		harness = mounted.h;
		for (const agent of team) mounted.h.observer.setState(agent.name, 'idle');
		await waitFor(() => mounted.frame().includes('↑2'), {timeoutMs: 3000, what: 'the worktree counts on the cards'});
		await mounted.press('L');
		expect(mounted.frame()).toContain('Land planner');
		expect(mounted.frame()).toContain('1 commit to land.');
		expect(mounted.frame()).not.toContain('checkpoint');
		await mounted.press('n', 'l', 'L');
		expect(mounted.frame().replace(/[\s│]+/g, ' ')).toContain('2 commits to land; 3 uncommitted files are committed first as a checkpoint and landed too.');
		await mounted.press('n', 'l', 'L');
		expect(mounted.frame().replace(/[\s│]+/g, ' ')).toContain('Nothing to land: no commits ahead of your branch, nothing uncommitted.');
	});

	it('hides the cards under a picker: its empty cells are blank, not the floor showing through', async () => {
		const many = Array.from({length: 30}, (_, index) => ({name: `agent${index}`, role: ['plan', 'build', 'test'][index % 3] as string}));
		const {frame, press, h} = await mount(80, 24, many);
		for (const agent of many) h.observer.setState(agent.name, 'working');
		await tick();
		await press('R');
		const lines = frame().split('\n');
		const top = lines.findIndex((line) => line.includes('Who reviews agent0?'));
		expect(top).toBeGreaterThan(0);
		const left = lines[top]?.indexOf('│') ?? -1;
		const right = lines[top]?.lastIndexOf('│') ?? -1;
		const bottom = lines.findIndex((line) => line.includes('Esc cancel'));
		expect(bottom).toBeGreaterThan(top + 3);
		// Inside the box each row holds only the picker's text: its padding and the room after
		// the text are blank, with no card, stage rule or state word of the floor below.
		for (const line of lines.slice(top, bottom + 1)) {
			const inside = [...line].slice(left + 1, right).join('');
			expect(inside.startsWith(' ')).toBe(true);
			expect(inside.endsWith(' ')).toBe(true);
			expect(inside).not.toMatch(/working|tok|CTX|[─╭╮╰╯║]/u);
		}
		// Around it, the floor is still there.
		expect(lines.slice(0, top).join('\n')).toMatch(/agent\d+/);
	});

	it('shows a reviewer\'s role beside its name only when they differ', async () => {
		const {frame, press} = await mount(100, 30);
		await press('R');
		expect(frame()).toContain('Who reviews planner?');
		expect(frame()).toMatch(/rev {2}reviewer · demo/);
		expect(frame()).toMatch(/implementer {2}demo/);
		expect(frame()).not.toMatch(/implementer {2}implementer/);
	});
});
