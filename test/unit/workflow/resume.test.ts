import {spawn} from 'node:child_process';
import {existsSync, mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import type {Store} from '../../../src/core/store/store.js';
import {Ledger} from '../../../src/core/store/ledger.js';
import {resumeRun, runWorkflow} from '../../../src/core/workflow/index.js';
import {cmd, commandWorkspace, workflowToml} from './helpers.js';

const worlds: Array<{cleanup: () => void}> = [];
afterEach(() => {
	for (const world of worlds.splice(0)) world.cleanup();
});

function world(body: string) {
	const created = commandWorkspace(`[workspace]\nname = "resume"\n\n${body}`);
	worlds.push(created);
	return created;
}

/** A run left behind by a process that died in step 1 while its command ran. */
function interrupted(store: Store, runId: string, dir: string) {
	const ledger = Ledger.of(store);
	ledger.createRun({run_id: runId, workflow: 'once', origin: 'run', strict: false, agent_scope: null, started_at: new Date().toISOString(), total_steps: 2, parent_run_id: null, parent_step: null, root_run_id: runId, hook_event: null, hook_agent: null, template: null, inline: null});
	ledger.beginStep(runId, {index: 0, id: undefined, type: 'command', agent: undefined, key: '001-command'}, {});
	ledger.markEffect(runId, 0, 'command', 'intent', {attempt: 1, dir, started_at: new Date().toISOString(), failures: 0});
	// The owner died: what another process's crash leaves in the store.
	store.db.prepare("UPDATE wf_runs SET owner = 'gone:999999', heartbeat_at = '2000-01-01T00:00:00.000Z' WHERE run_id = ?").run(runId);
}

describe('resume never repeats a completed command', () => {
	const body = workflowToml('once', [cmd('echo ran >> count.log; echo fresh'), cmd('echo second')]);

	it('adopts the result of a command that finished after its process died', async () => {
		const {ctx, root} = world(body);
		const dir = path.join(root, 'attempt');
		mkdirSync(dir);
		writeFileSync(path.join(dir, 'out'), 'adopted\n');
		writeFileSync(path.join(dir, 'exit'), '0');
		interrupted(ctx.store, '5-5', dir);
		const result = await resumeRun(ctx, '5-5', {});
		expect(result.success).toBe(true);
		expect(result.step_results[0]).toMatchObject({stdout: 'adopted\n', status: 'success'});
		expect(existsSync(path.join(root, 'count.log'))).toBe(false);
	});

	it('waits for a command still running from a dead process instead of starting it again', async () => {
		const {ctx, root} = world(body);
		const dir = path.join(root, 'attempt');
		mkdirSync(dir);
		const orphan = spawn('sh', ['-c', 'echo $$ > pid; sleep 1; echo late > out; printf 0 > exit'], {cwd: dir, detached: true, stdio: 'ignore'});
		orphan.unref();
		await new Promise((resolve) => setTimeout(resolve, 200));
		interrupted(ctx.store, '6-6', dir);
		const started = Date.now();
		const result = await resumeRun(ctx, '6-6', {});
		expect(Date.now() - started).toBeGreaterThan(500);
		expect(result.step_results[0]?.stdout).toBe('late\n');
		expect(existsSync(path.join(root, 'count.log'))).toBe(false);
	});

	it('runs a command again when its process died with it (it never completed)', async () => {
		const {ctx, root} = world(body);
		const dir = path.join(root, 'attempt');
		mkdirSync(dir);
		writeFileSync(path.join(dir, 'pid'), '999999');
		interrupted(ctx.store, '7-7', dir);
		const result = await resumeRun(ctx, '7-7', {});
		expect(result.step_results[0]?.stdout).toBe('fresh\n');
		expect(existsSync(path.join(root, 'count.log'))).toBe(true);
	});

	it('refuses to resume a run that a live process owns, or whose workflow changed', async () => {
		const {ctx, root} = world(body);
		interrupted(ctx.store, '8-8', path.join(root, 'none'));
		ctx.store.db.prepare("UPDATE wf_runs SET owner = ?, heartbeat_at = ? WHERE run_id = '8-8'").run(`${(await import('node:os')).hostname()}:${process.ppid}`, new Date().toISOString());
		await expect(resumeRun(ctx, '8-8', {})).rejects.toThrow(`run 8-8 is still running (process ${process.ppid})`);
		const changed = world(`[[agent]]\nname = "dev"\nruntime = "demo"\n\n${workflowToml('once', ['type = "ensure_running"\nagent = "dev"', cmd('x')])}`);
		interrupted(changed.ctx.store, '9-9', path.join(changed.root, 'none'));
		await expect(resumeRun(changed.ctx, '9-9', {})).rejects.toThrow('workflow "once" changed since run 9-9 started: step 1 was command and is now ensure_running (dev)');
		expect(Ledger.of(changed.ctx.store).run('9-9')?.owner).toBeNull();
	});
});

describe('nested workflows', () => {
	const body = `${workflowToml('parent', [cmd('echo p1'), 'type = "workflow"\nworkflow = "child"', cmd('echo p3')])}\n${workflowToml('child', [cmd('echo c1 >> child.log'), cmd('test -f ok', 'fail_mode = "closed"')])}`;

	it('run as child runs with their own id; a resumed parent resumes the same child', async () => {
		const {ctx, root} = world(body);
		const failed = await runWorkflow(ctx, {workflow: 'parent'});
		expect(failed.failed_steps).toEqual([2]);
		expect(failed.step_results[1]?.message).toBe(`workflow child failed at step 2 (run ${failed.run_id}-s2)`);
		writeFileSync(path.join(root, 'ok'), '');
		const resumed = await resumeRun(ctx, failed.run_id, {});
		expect(resumed.success).toBe(true);
		const runs = Ledger.of(ctx.store).runs();
		expect(runs.map((run) => [run.run_id, run.workflow, run.status, run.parent_run_id])).toEqual([
			[`${failed.run_id}-s2`, 'child', 'success', failed.run_id],
			[failed.run_id, 'parent', 'success', null],
		]);
		expect((await import('node:fs')).readFileSync(path.join(root, 'child.log'), 'utf8')).toBe('c1\n');
	});

	it('refuses a workflow that would run itself at run time too', async () => {
		const {ctx} = world(body);
		await expect(runWorkflow(ctx, {workflow: 'child', parent: {runId: 'x', stepIndex: 0, root: 'x', stack: ['parent', 'child']}})).rejects.toThrow('workflow "child" would run itself: parent → child → child');
	});
});
