import {Cron} from 'croner';
import {afterEach, describe, expect, it} from 'vitest';
import {Ledger} from '../../../src/core/store/ledger.js';
import {processOwner} from '../../../src/core/process/owner.js';
import {Scheduler} from '../../../src/core/workflow/index.js';
import type {RunWorkflowOptions} from '../../../src/core/workflow/types.js';
import {cmd, commandWorkspace, workflowToml} from './helpers.js';

const worlds: Array<{cleanup: () => void}> = [];
afterEach(() => {
	for (const world of worlds.splice(0)) world.cleanup();
});

function scheduled(timezone: string | undefined, schedules: Record<string, string>) {
	const toml = `[workspace]\nname = "sched"\n${timezone ? `timezone = "${timezone}"\n` : ''}\n${Object.entries(schedules)
		.map(([name, schedule]) => workflowToml(name, [cmd(`echo ${name} >> ticks.log`)], `schedule = "${schedule}"\n`))
		.join('\n')}`;
	const world = commandWorkspace(toml);
	worlds.push(world);
	return world;
}

describe('Scheduler (cron in the workspace time zone)', () => {
	it('evaluates five-field schedules in [workspace] timezone, else the local zone', () => {
		const from = new Date('2026-03-02T00:30:00Z');
		expect(new Scheduler(scheduled('Asia/Tokyo', {daily: '0 9 * * *'}).ctx).nextTicks(from)).toEqual([{workflow: 'daily', at: new Date('2026-03-03T00:00:00Z')}]);
		expect(new Scheduler(scheduled('UTC', {daily: '0 9 * * MON'}).ctx).nextTicks(from)).toEqual([{workflow: 'daily', at: new Date('2026-03-02T09:00:00Z')}]);
		const local = new Cron('0 9 * * *', {paused: true}).nextRun(from);
		expect(new Scheduler(scheduled(undefined, {daily: '0 9 * * *'}).ctx).nextTicks(from)[0]?.at).toEqual(local);
	});

	it('runs a tick once across two schedulers (two processes) and never waits for the run', async () => {
		const world = scheduled('UTC', {every: '* * * * *', other: '*/5 * * * *'});
		const starts: string[] = [];
		let release: () => void = () => undefined;
		const never = new Promise<void>((resolve) => (release = resolve));
		const start = async (_ctx: unknown, options: RunWorkflowOptions) => {
			starts.push(options.workflow);
			options.onProgress?.({kind: 'run', runId: `r-${options.workflow}`, workflow: options.workflow, total: 1, resumed: false, done: []});
			await never;
		};
		const tick = new Date('2026-03-02T10:05:00.200Z');
		const one = new Scheduler(world.ctx, {start});
		const two = new Scheduler(world.open(), {start});
		expect(one.runDue(tick)).toEqual(['every', 'other']);
		expect(two.runDue(tick)).toEqual([]);
		expect(starts).toEqual(['every', 'other']);
		expect(Ledger.of(world.ctx.store).ticks().map((row) => [row.workflow, row.tick, row.run_id, row.note])).toEqual([
			['every', '2026-03-02T10:05:00.000Z', 'r-every', 'started'],
			['other', '2026-03-02T10:05:00.000Z', 'r-other', 'started'],
		]);
		release();
		await one.idle();
	});

	it('skips (and records) a tick while the previous scheduled run of the workflow is still going', () => {
		const world = scheduled('UTC', {every: '* * * * *'});
		const ledger = Ledger.of(world.ctx.store);
		ledger.createRun({run_id: 'busy', workflow: 'every', origin: 'observe_cycle', strict: false, agent_scope: null, started_at: new Date().toISOString(), total_steps: 1, parent_run_id: null, parent_step: null, root_run_id: 'busy', hook_event: null, hook_agent: null, template: null, inline: null});
		expect(ledger.run('busy')?.owner).toBe(processOwner());
		const scheduler = new Scheduler(world.ctx, {start: () => Promise.resolve()});
		expect(scheduler.runDue(new Date('2026-03-02T10:06:00Z'))).toEqual([]);
		expect(ledger.ticks()[0]?.note).toBe('skipped: run busy of the previous tick is still running');
	});

	it('does not run ticks it noticed too late (the machine slept), nor ticks before the window', () => {
		const world = scheduled('UTC', {daily: '0 9 * * *'});
		const scheduler = new Scheduler(world.ctx, {start: () => Promise.resolve()});
		expect(scheduler.runDue(new Date('2026-03-02T09:30:00Z'), new Date('2026-03-02T08:00:00Z'))).toEqual([]);
		expect(scheduler.runDue(new Date('2026-03-02T09:00:30Z'), new Date('2026-03-02T09:00:10Z'))).toEqual([]);
		expect(scheduler.runDue(new Date('2026-03-02T09:00:30Z'), new Date('2026-03-02T08:59:30Z'))).toEqual(['daily']);
	});

	it('starts real runs with origin observe_cycle', async () => {
		const world = scheduled('UTC', {every: '* * * * *'});
		const scheduler = new Scheduler(world.ctx);
		expect(scheduler.runDue(new Date(Math.floor(Date.now() / 60_000) * 60_000 + 500))).toEqual(['every']);
		await scheduler.idle();
		const [run] = Ledger.of(world.ctx.store).runs();
		expect(run).toMatchObject({workflow: 'every', origin: 'observe_cycle', status: 'success'});
		expect(Ledger.of(world.ctx.store).ticks()[0]?.run_id).toBe(run?.run_id);
		scheduler.start();
		scheduler.stop();
	});
});
