import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {Store} from '../../../src/core/store/store.js';
import {demoPrompts, demoTeam, tally, workflowWorld} from './harness.js';
import {commitSubjects, expectedPrompts, sdlcWorkflow} from './sdlc-workflow.js';

describe('tt run: plan → implement ∥ test → review → land on three demo agents (real tmux and git)', () => {
	const world = workflowWorld('wf-sdlc', demoTeam('sdlc', sdlcWorkflow));
	afterAll(() => world.cleanup());

	it('runs to success, lands every commit once on main, and records it all', async () => {
		const result = await world.run(['run', 'ship', '--json']);
		expect(result.code, `${result.stderr}\n${result.stdout}`).toBe(0);
		const execution = JSON.parse(result.stdout) as {run_id: string; success: boolean; step_results: Array<{index: number; status: string; message: string; stdout: string}>};
		expect(execution.success).toBe(true);
		expect(execution.step_results.map((step) => step.status)).toEqual(Array(11).fill('success'));
		expect(execution.step_results[6]?.stdout.trim()).toBe('feat: add greet()');

		// The landed commits are on the main branch, once each.
		const subjects = world.git('log', '--format=%s', 'main').trim().split('\n');
		for (const subject of commitSubjects) expect(subjects.filter((line) => line === subject)).toHaveLength(1);
		expect(world.git('show', 'main:src/greet.js')).toContain('Hello, ${name}!');

		// Every prompt reached its agent exactly once; the review prompt too.
		const received = tally(demoPrompts(world.repo));
		for (const text of expectedPrompts) expect(received[text], text).toBe(1);
		expect(Object.keys(received).filter((text) => text.startsWith('Read the review packet'))).toHaveLength(1);

		// Events arrive in order: run started first, each step started before it completed and
		// after its dependencies completed, run completed last.
		const store = new Store(path.join(world.repo, '.tutti', 'state', 'tutti.db'));
		const events = store.eventsAfter(0, {limit: 10_000}).filter((event) => event.correlation_id === execution.run_id && event.event.startsWith('workflow.'));
		store.close();
		expect(events[0]?.event).toBe('workflow.started');
		expect(events.at(-1)?.event).toBe('workflow.completed');
		const position = (name: string, index: number) => events.findIndex((event) => event.event === name && event.data?.['step_index'] === index);
		const deps: Record<number, number[]> = {2: [1], 4: [1], 6: [3], 7: [5, 6]};
		for (let index = 0; index < 11; index++) {
			expect(position('workflow.step.started', index)).toBeLessThan(position('workflow.step.completed', index));
			for (const dep of deps[index] ?? [index - 1].filter((value) => value >= 0)) expect(position('workflow.step.completed', dep)).toBeLessThan(position('workflow.step.started', index));
		}
		// Implementation and tests overlapped (both waited only for the plan).
		expect(position('workflow.step.started', 4)).toBeLessThan(position('workflow.step.completed', 2));

		// The ledger is what tt runs reads.
		const list = JSON.parse((await world.run(['runs', 'list', '--json'])).stdout) as Array<{run_id: string; workflow: string; status: string; started_at: string; finished_at: string}>;
		expect(list[0]).toMatchObject({run_id: execution.run_id, workflow: 'ship', status: 'success'});
		expect(list[0]?.finished_at).toBeTruthy();

		// Agents the run started (none is persistent) were stopped at its end.
		const sessions = await world.tt(['status', '--json'], {cwd: world.repo});
		const statuses = JSON.parse(sessions.stdout) as Array<{name: string; running: boolean}>;
		expect(statuses.map((status) => [status.name, status.running])).toEqual([
			['planner', false],
			['implementer', false],
			['tester', false],
		]);
	}, 240_000);
});
