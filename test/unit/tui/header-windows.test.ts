import {mkdirSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {windowsCache} from '../../../src/cli/usage-source.js';
import {GlobalConfigSchema} from '../../../src/core/config/schema-global.js';
import {fittingHeaderRow} from '../../../src/tui/screens/floor/Header.js';
import {WatchStore} from '../../../src/tui/store.js';
import {writeWindowLogs} from '../../fixtures/usage/windows.js';
import {makeTempDir} from '../../helpers/sandbox.js';
import {waitFor} from '../../helpers/tt.js';
import {FakeObserver, makeWorkspace} from './fixtures.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
	for (const cleanup of cleanups.splice(0)) cleanup();
});

const text = (row: {left: ReadonlyArray<{text: string}>; right?: ReadonlyArray<{text: string}> | undefined}) => [...row.left, ...(row.right ?? [])].map((part) => part.text).join('');
const totals = {total: 3, working: 1, waiting: 0, blocked: 0, stopped: 0, idle: 2, attention: 0, unread: 0};

describe('plan windows in the tt watch header', () => {
	it('reads each profile\'s windows from its account\'s logs and shows them left of the clock, dropped first when the line is too narrow', async () => {
		const temp = makeTempDir('tutti-header-windows-');
		cleanups.push(temp.cleanup);
		const claudeDir = path.join(temp.dir, 'claude');
		const now = Date.now();
		writeWindowLogs(claudeDir, now);
		mkdirSync(path.join(temp.dir, 'home'), {recursive: true});
		const global = GlobalConfigSchema.parse({profile: [{name: 'work', provider: 'anthropic', command: 'claude', plan: 'max', weekly_hours: 40, env: {CLAUDE_CONFIG_DIR: claudeDir}}]});
		const windows = windowsCache(global, {HOME: path.join(temp.dir, 'home')});

		const {ctx, cleanup} = makeWorkspace('w', [{name: 'a'}]);
		const store = new WatchStore([{ctx, observer: new FakeObserver()}], {batchMs: 5, eventPollMs: 20, probe: async () => undefined, windows});
		cleanups.push(() => store.stop(), cleanup);
		expect(store.getSnapshot().windows).toEqual([]);
		store.start();
		await waitFor(() => store.getSnapshot().windows.length === 1, {timeoutMs: 10_000});
		const [entry] = store.getSnapshot().windows;
		expect(entry).toMatchObject({profile: 'work', plan: 'max', block: {active: true}, week: {capacity_hours: 40}});

		const props = {workspaces: ['w'], totals, filter: 'all' as const, clock: '18:40', notice: undefined, windows: store.getSnapshot().windows, now};
		const wide = text(fittingHeaderRow(props, 200));
		expect(wide).toMatch(/○ 2 idle.*work MAX 5h \d+% ↻[1-5]h\d\dm · wk \d+% ↻\d+(d\d\dh|h\d\dm|m)\s+18:40$/);
		// At 80 columns the counts lose their words first; at 60 the windows go, the counts and clock stay.
		const eighty = text(fittingHeaderRow(props, 80));
		expect(eighty).toContain('work MAX 5h');
		expect(eighty).not.toContain('idle');
		const narrow = text(fittingHeaderRow(props, 60));
		expect(narrow).not.toContain('work MAX');
		expect(narrow).toMatch(/○ 2.*18:40$/);
		// The time to reset counts down from the clock, not from the scan.
		const later = text(fittingHeaderRow({...props, now: Date.parse(entry!.block.end!) - 5 * 60_000}, 200));
		expect(later).toContain('↻5m');
	}, 30_000);
});
