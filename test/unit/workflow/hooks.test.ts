import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {Ledger} from '../../../src/core/store/ledger.js';
import {runAgentStopHooks, runWorkflow} from '../../../src/core/workflow/index.js';
import {cmd, commandWorkspace, workflowToml} from './helpers.js';

const worlds: Array<{cleanup: () => void}> = [];
afterEach(() => {
	for (const world of worlds.splice(0)) world.cleanup();
});

const base = `[workspace]\nname = "hooks"\n\n[[agent]]\nname = "dev"\nruntime = "demo"\n\n${workflowToml('build', [cmd('echo built')])}\n${workflowToml('notify', [cmd('echo "$TUTTI_WORKFLOW $TUTTI_AGENT" >> notified.log')])}\n${workflowToml('broken', [cmd('exit 3', 'fail_mode = "closed"')])}`;

function world(hooks: string) {
	const created = commandWorkspace(`${base}\n${hooks}`);
	worlds.push(created);
	return created;
}

describe('hooks (reference §8.11)', () => {
	it('workflow_complete runs after matching runs only, and never after its own runs (recursion guard)', async () => {
		const {ctx, root} = world(`[[hook]]\nevent = "workflow_complete"\nworkflow = "notify"\n\n[[hook]]\nevent = "workflow_complete"\nworkflow_name = "build"\nworkflow_source = "run"\nrun = "echo cmd-$TUTTI_WORKFLOW >> notified.log"\n`);
		const result = await runWorkflow(ctx, {workflow: 'build'});
		expect(result.hooks.map((hook) => [hook.target, hook.success])).toEqual([
			['notify', true],
			['run: echo cmd-$TUTTI_WORKFLOW >> notified.log', true],
		]);
		expect(readFileSync(path.join(root, 'notified.log'), 'utf8')).toBe('notify \ncmd-hook:workflow_complete:build\n');
		const verify = await runWorkflow(ctx, {workflow: 'build', origin: 'verify'});
		expect(verify.hooks.map((hook) => hook.target)).toEqual(['notify']);
		const runs = Ledger.of(ctx.store).runs();
		expect(runs.filter((run) => run.origin === 'hook_workflow_complete')).toHaveLength(3);
		expect(runs.filter((run) => run.hook_event === 'workflow_complete')).toHaveLength(3);
	});

	it('an open hook failure is only reported; a closed one fails the command', async () => {
		const {ctx} = world(`[[hook]]\nevent = "workflow_complete"\nworkflow_name = "build"\nworkflow = "broken"\n\n[[hook]]\nevent = "workflow_complete"\nworkflow_name = "build"\nrun = "exit 9"\nfail_mode = "closed"\n`);
		const result = await runWorkflow(ctx, {workflow: 'build'});
		expect(result.success).toBe(true);
		expect(result.hooks.map((hook) => [hook.fail_mode, hook.success])).toEqual([
			['open', false],
			['closed', false],
		]);
		const {exitCodeOf} = await import('../../../src/cli/commands/run.js');
		expect(exitCodeOf(result)).toBe(1);
	});

	it('agent_stop runs hooks for the stopped agent, with it as --agent; a closed failure throws after all ran', async () => {
		const {ctx, root} = world(`[[hook]]\nevent = "agent_stop"\nagent = "dev"\nworkflow = "notify"\n\n[[hook]]\nevent = "agent_stop"\nrun = "exit 2"\nfail_mode = "closed"\n`);
		await expect(runAgentStopHooks(ctx, 'dev')).rejects.toThrow('agent_stop hook for dev failed: run: exit 2 (failed at step 1)');
		expect(readFileSync(path.join(root, 'notified.log'), 'utf8')).toBe('notify dev\n');
		const runs = Ledger.of(ctx.store).runs();
		expect(runs.map((run) => [run.workflow, run.origin, run.hook_agent])).toEqual([
			['hook:agent_stop:dev', 'hook_agent_stop', 'dev'],
			['notify', 'hook_agent_stop', 'dev'],
		]);
	});

	it('hooks do not nest deeper than three levels (TUTTI_HOOK_DEPTH)', async () => {
		const created = commandWorkspace(`${base}\n[[hook]]\nevent = "agent_stop"\nworkflow = "notify"\n`, {env: {TUTTI_HOOK_DEPTH: '3'}});
		worlds.push(created);
		expect(await runAgentStopHooks(created.ctx, 'dev')).toEqual([]);
		expect(existsSync(path.join(created.root, 'notified.log'))).toBe(false);
	});
});
