import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {createCore} from '../../../src/cli/core.js';
import {WorkspaceContext} from '../../../src/core/agents/context.js';
import {loadWorkspaceConfig} from '../../../src/core/config/index.js';
import {Store} from '../../../src/core/store/store.js';
import {Scheduler} from '../../../src/core/workflow/index.js';
import {ttBin} from '../../helpers/tt.js';
import {demoPrompts, demoTeam, tally, workflowWorld, type WorkflowWorld} from './harness.js';
import {commitSubjects, expectedPrompts, sdlcWorkflow} from './sdlc-workflow.js';

/**
 * The SDLC workflow where each change is appended and committed in one turn (`append … && commit
 * …`), and the commit steps only echo: run twice at once, each run really changes the files and
 * commits its own change, so both runs can truthfully succeed. (With a change and its commit in
 * two steps, one run's commit can take the other's change too, leaving the other run's commit
 * nothing to commit: that run fails — as it should.)
 */
function appendAndCommit(workflow: string): {workflow: string; prompts: string[]} {
	let result = workflow;
	const texts: string[] = [];
	for (let index = 0; index < expectedPrompts.length; index += 2) {
		const change = expectedPrompts[index] ?? '';
		const commit = expectedPrompts[index + 1] ?? '';
		const chained = `${change.replace(/^write /, 'append ')} && ${commit}`;
		const echoed = `echo ${commit}`;
		result = result.replace(`text = ${JSON.stringify(change)}`, `text = ${JSON.stringify(chained)}`).replace(`text = ${JSON.stringify(commit)}`, `text = ${JSON.stringify(echoed)}`);
		texts.push(chained, echoed);
	}
	return {workflow: result, prompts: texts};
}
const {workflow: appendingWorkflow, prompts: appendingPrompts} = appendAndCommit(sdlcWorkflow);

function contextOf(world: WorkflowWorld): WorkspaceContext {
	return new WorkspaceContext(loadWorkspaceConfig(world.repo), createCore({env: world.env, socket: world.socket, tuttiBin: ttBin}));
}

type RunRecord = {run_id: string; status: string; origin: string};

function records(world: WorkflowWorld) {
	const store = new Store(path.join(world.repo, '.tutti', 'state', 'tutti.db'));
	const runs = store.db.prepare('SELECT run_id, status, origin FROM wf_runs ORDER BY rowid').all() as RunRecord[];
	const steps = store.db.prepare('SELECT run_id, step_index, status, attempt FROM wf_steps').all() as Array<{run_id: string; status: string; attempt: number}>;
	const events = store.eventsAfter(0, {limit: 100_000});
	const ticks = store.db.prepare('SELECT * FROM wf_ticks').all() as Array<{run_id: string | null; note: string | null}>;
	store.close();
	return {runs, steps, events, ticks};
}

/** Each run: 11 steps recorded once and succeeded, one completion event per step, one end event. */
function checkRun(world: WorkflowWorld, runId: string): void {
	const {steps, events} = records(world);
	const mine = steps.filter((step) => step.run_id === runId);
	expect(mine.map((step) => step.status)).toEqual(Array(11).fill('success'));
	const completed = events.filter((event) => event.correlation_id === runId && event.event === 'workflow.step.completed').map((event) => event.data?.['step_index']);
	expect([...completed].sort((a, b) => Number(a) - Number(b))).toEqual([...Array(11).keys()]);
	expect(events.filter((event) => event.correlation_id === runId && (event.event === 'workflow.completed' || event.event === 'workflow.failed')).map((event) => event.event)).toEqual(['workflow.completed']);
}

describe('concurrent runs of one workflow in one workspace', () => {
	const worlds: WorkflowWorld[] = [];
	afterAll(() => {
		for (const world of worlds) world.cleanup();
	});

	it('two tt run at once: both succeed, agents take turns, no record lost or doubled', async () => {
		const world = workflowWorld('wf-conc', demoTeam('conc', appendingWorkflow));
		worlds.push(world);
		const [first, second] = await Promise.all([world.run(['run', 'ship', '--json']), world.run(['run', 'ship', '--json'])]);
		// On failure the run's own JSON (its failed step and why) is in stdout: show both.
		expect(first.code, `${first.stderr}\n${first.stdout}`).toBe(0);
		expect(second.code, `${second.stderr}\n${second.stdout}`).toBe(0);
		const ids = [JSON.parse(first.stdout).run_id as string, JSON.parse(second.stdout).run_id as string];
		expect(new Set(ids).size).toBe(2);
		expect(records(world).runs.map((run) => run.status)).toEqual(['success', 'success']);
		for (const id of ids) checkRun(world, id);
		// Each run delivered each prompt once: every text arrived exactly twice.
		const received = tally(demoPrompts(world.repo));
		for (const text of appendingPrompts) expect(received[text], text).toBe(2);
		const subjects = world.git('log', '--format=%s', 'main').trim().split('\n');
		// Each run committed its own change and landed it once: every subject twice, never more.
		for (const subject of commitSubjects) expect(subjects.filter((line) => line === subject)).toHaveLength(2);
		// The agents were stopped by whichever run ended last.
		const status = JSON.parse((await world.tt(['status', '--json'], {cwd: world.repo})).stdout) as Array<{running: boolean}>;
		expect(status.every((agent) => !agent.running)).toBe(true);
	}, 300_000);

	it('a scheduled tick while a manual run is going: both recorded, the tick claimed once across two schedulers', async () => {
		const world = workflowWorld('wf-tick', demoTeam('tick', appendingWorkflow.replace('description = "plan, implement and test in parallel, review, land"', 'schedule = "* * * * *"')));
		worlds.push(world);
		const manual = world.run(['run', 'ship', '--json']);
		const one = contextOf(world);
		const two = contextOf(world);
		try {
			await new Promise((resolve) => setTimeout(resolve, 1500));
			const tick = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 1000);
			const schedulers = [new Scheduler(one), new Scheduler(two)];
			const started = schedulers.flatMap((scheduler) => scheduler.runDue(tick));
			expect(started).toEqual(['ship']);
			await Promise.all(schedulers.map((scheduler) => scheduler.idle()));
			const result = await manual;
			expect(result.code, `${result.stderr}\n${result.stdout}`).toBe(0);
			const {runs, ticks, events} = records(world);
			const failures = events.filter((event) => event.event.endsWith('.failed')).map((event) => JSON.stringify(event.data));
			expect(runs.map((run) => [run.origin, run.status]), failures.join('\n')).toEqual([
				['run', 'success'],
				['observe_cycle', 'success'],
			]);
			expect(ticks).toHaveLength(1);
			expect(ticks[0]?.run_id).toBe(runs[1]?.run_id);
			for (const run of runs) checkRun(world, run.run_id);
		} finally {
			one.close();
			two.close();
		}
	}, 300_000);
});
