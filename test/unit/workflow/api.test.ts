import {describe, expect, it} from 'vitest';
import type {WorkflowRunner} from '../../../src/server/types.js';
import {workflowEngine} from '../../../src/core/workflow/index.js';
import {cmd, commandWorkspace, workflowToml} from './helpers.js';

describe('the engine as tt serve sees it', () => {
	it('is a WorkflowRunner: run (and dry run), verify, the ledger, schedules', async () => {
		const runner: WorkflowRunner = workflowEngine;
		const world = commandWorkspace(`[workspace]\nname = "api"\n\n${workflowToml('verify', [cmd('exit 1')], 'schedule = "0 3 * * *"\n')}`);
		try {
			expect(await runner.run(world.ctx, {workflow: 'verify', agent: undefined, strict: false, dryRun: true})).toMatchObject({workflow: 'verify', steps: [{type: 'command', command: 'exit 1'}]});
			expect(await runner.run(world.ctx, {workflow: 'verify', agent: undefined, strict: true, dryRun: false})).toMatchObject({success: false, failed_steps: [1]});
			expect(await runner.verify!(world.ctx, {workflow: undefined, agent: undefined, strict: false})).toMatchObject({success: true, origin: 'verify'});
			expect((await runner.listRuns(world.ctx)).map((run) => (run as {origin: string}).origin)).toEqual(['verify', 'run']);
			const stop = runner.startSchedules!(world.ctx);
			stop();
		} finally {
			world.cleanup();
		}
	});
});
