import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {policyDecisions} from '../../../src/core/store/policy-log.js';
import {listRuns, resumeRun, runWorkflow, showRun, verifyWorkflow, lastVerify} from '../../../src/core/workflow/index.js';
import {cmd, commandWorkspace, workflowToml, workspace} from './helpers.js';

const worlds: Array<{cleanup: () => void}> = [];
function world(...args: Parameters<typeof commandWorkspace>) {
	const created = commandWorkspace(...args);
	worlds.push(created);
	return created;
}
afterEach(() => {
	for (const each of worlds.splice(0)) each.cleanup();
});

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

describe('workflow engine: command steps, DAG, fail modes', () => {
	it('runs independent steps concurrently and dependent ones after them', async () => {
		// Proven by handshakes, not by the clock (a loaded machine stretches any timing).
		// Without depends_on a step runs after the one before it (reference §8.4): step 3 sees step 2's file…
		const {ctx, root: seqRoot} = world(workspace(workflowToml('seq', [cmd('true'), cmd('sleep 0.2; touch two.done'), cmd('test -e two.done && echo after > seq.txt')])));
		expect((await runWorkflow(ctx, {workflow: 'seq'})).success).toBe(true);
		expect(readFileSync(path.join(seqRoot, 'seq.txt'), 'utf8').trim()).toBe('after');
		// …while two steps that both depend only on step 1 run side by side: each waits (up to 10 s)
		// for the other to have started, which two steps run one after the other never do.
		const meet = (self: string, other: string) => `touch ${self}.started; i=0; while [ ! -e ${other}.started ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done; test -e ${other}.started && echo ${self} >> order.txt`;
		const {ctx: parallel, root} = world(
			workspace(
				workflowToml('par', [
					cmd('true'),
					cmd(meet('a', 'b'), 'depends_on = [1]'),
					cmd(meet('b', 'a'), 'depends_on = [1]'),
					cmd('echo c >> order.txt', 'depends_on = [2, 3]'),
				]),
			),
		);
		const result = await runWorkflow(parallel, {workflow: 'par'});
		expect(result.success).toBe(true);
		expect(readFileSync(path.join(root, 'order.txt'), 'utf8').trim().split('\n').sort()).toEqual(['a', 'b', 'c']);
		expect(readFileSync(path.join(root, 'order.txt'), 'utf8').trim().split('\n').at(-1)).toBe('c');
	});

	it('refuses a dependency cycle made with implicit dependencies (already when the config loads)', () => {
		expect(() => world(workspace(workflowToml('loop', [cmd('true'), cmd('true', 'depends_on = [4]'), cmd('true'), cmd('true')])))).toThrow(/workflow "loop" step \d+: depends_on: cycle between steps (2 → 4 → 3 → 2|3 → 2 → 4 → 3|4 → 3 → 2 → 4)/);
	});

	it('a closed failure starts nothing new but lets running steps finish; open failures are warnings', async () => {
		const {ctx, root} = world(
			workspace(
				workflowToml('stop', [
					cmd('true'),
					cmd('exit 3', 'fail_mode = "closed"\ndepends_on = [1]'),
					cmd('sleep 0.5; touch finished', 'depends_on = [1]'),
					cmd('touch never', 'depends_on = [2, 3]'),
					cmd('exit 1', 'depends_on = [1]'),
				]),
			),
		);
		const result = await runWorkflow(ctx, {workflow: 'stop'});
		expect(result.success).toBe(false);
		expect(result.failed_steps).toEqual([2]);
		expect(existsSync(path.join(root, 'finished'))).toBe(true);
		expect(existsSync(path.join(root, 'never'))).toBe(false);
		const byIndex = Object.fromEntries(result.step_results.map((step) => [step.index, step.status]));
		expect(byIndex).toEqual({1: 'success', 2: 'failed', 3: 'success', 5: 'warning'});
		expect(result.step_results.find((step) => step.index === 2)?.message).toBe('command failed (exit 3): exit 3');
	});

	it('--strict closes every command; a non-strict verify opens them all', async () => {
		const toml = workspace(workflowToml('verify', [cmd('exit 2', 'fail_mode = "closed"'), cmd('echo ok')]));
		const {ctx} = world(toml);
		const verify = await verifyWorkflow(ctx, {});
		expect(verify.success).toBe(true);
		expect(verify.step_results.map((step) => step.status)).toEqual(['warning', 'success']);
		expect(lastVerify(ctx)).toMatchObject({found: true, summary: {success: true, warnings: 1, workflow_name: 'verify'}});
		const strict = await runWorkflow(ctx, {workflow: 'verify', strict: true});
		expect(strict.failed_steps).toEqual([1]);
		expect(strict.step_results).toHaveLength(1);
	});

	it('retries a failing command with exponential backoff', async () => {
		const {ctx, root} = world(workspace(workflowToml('retry', [cmd('echo x >> tries; test $(wc -l < tries) -ge 3', 'fail_mode = "closed"')])), {
			global: {resilience: {retry_max_attempts: 3, retry_initial_backoff_ms: 50, retry_max_backoff_ms: 80}},
		});
		const result = await runWorkflow(ctx, {workflow: 'retry'});
		expect(result.success).toBe(true);
		expect(readFileSync(path.join(root, 'tries'), 'utf8').trim().split('\n')).toHaveLength(3);
		expect(result.step_results[0]).toMatchObject({attempts: 3, message: 'command succeeded (after 3 attempts)'});
	});

	it('times a command out and says so', async () => {
		const {ctx} = world(workspace(workflowToml('slow', [cmd('sleep 5', 'timeout_secs = 1\nfail_mode = "closed"')])));
		const started = Date.now();
		const result = await runWorkflow(ctx, {workflow: 'slow'});
		expect(Date.now() - started).toBeLessThan(4000);
		expect(result.step_results[0]).toMatchObject({status: 'failed', timed_out: true, message: 'command timed out after 1s: sleep 5'});
	});

	it('ends everything a timed-out command started, not just its shell', async () => {
		const {ctx, root} = world(workspace(workflowToml('slow', [cmd('sleep 30 & echo $! > sleeper.pid; wait', 'timeout_secs = 1\nfail_mode = "closed"')])));
		const result = await runWorkflow(ctx, {workflow: 'slow'});
		expect(result.step_results[0]).toMatchObject({status: 'failed', timed_out: true});
		const sleeper = Number(readFileSync(path.join(root, 'sleeper.pid'), 'utf8'));
		await expect.poll(() => alive(sleeper), {timeout: 3000}).toBe(false);
	});

	it('passes outputs between steps, shell-quoted in commands', async () => {
		const {ctx, root} = world(
			workspace(
				workflowToml('out', [
					cmd(`printf '%s' '{"name": "it'"'"'s; rm -rf x"}' > o.json`, 'id = "first"\noutput_json = "o.json"'),
					cmd('printf "%s\\n" {{output.first.json}} > seen.txt; cat {{output.first.path}} > copy.json'),
				]),
			),
		);
		const result = await runWorkflow(ctx, {workflow: 'out'});
		expect(result.success, JSON.stringify(result.step_results)).toBe(true);
		expect(readFileSync(path.join(root, 'seen.txt'), 'utf8')).toBe(`{"name":"it's; rm -rf x"}\n`);
		expect(result.output_files['first']).toBe(path.join(root, '.tutti', 'state', 'workflow-outputs', result.run_id, 'first.json'));
		expect(JSON.parse(readFileSync(path.join(root, 'copy.json'), 'utf8'))).toEqual({name: "it's; rm -rf x"});
	});

	it('runs in subdir and the agent worktree, refusing what leaves the project', async () => {
		const toml = workspace(`[[agent]]\nname = "dev"\nruntime = "demo"\n\n${workflowToml('dirs', [cmd('pwd > here', 'subdir = "pkg"'), cmd('pwd', 'subdir = "link"\nfail_mode = "closed"')])}`);
		const {ctx, root} = world(toml);
		mkdirSync(path.join(root, 'pkg'));
		const {symlinkSync} = await import('node:fs');
		symlinkSync('/tmp', path.join(root, 'link'));
		const result = await runWorkflow(ctx, {workflow: 'dirs'});
		expect(readFileSync(path.join(root, 'pkg', 'here'), 'utf8').trim()).toBe(path.join(root, 'pkg'));
		expect(result.step_results[1]?.message).toMatch(/workflow "dirs" step 2: subdir: refusing "link": a symbolic link leads outside the project/);
		const worktree = world(workspace(`[[agent]]\nname = "dev"\nruntime = "demo"\n\n${workflowToml('wt', [cmd('pwd', 'cwd = "agent_worktree"\nagent = "dev"\nfail_mode = "closed"')])}`));
		const missing = await runWorkflow(worktree.ctx, {workflow: 'wt'});
		expect(missing.step_results[0]?.message).toMatch(/agent "dev" has no worktree at .*\.tutti\/worktrees\/dev \(hint: Start it once with `tt up dev`/);
		mkdirSync(path.join(worktree.root, '.tutti', 'worktrees', 'dev'), {recursive: true});
		const found = await runWorkflow(worktree.ctx, {workflow: 'wt'});
		expect(found.step_results[0]?.stdout.trim()).toBe(path.join(worktree.root, '.tutti', 'worktrees', 'dev'));
	});

	it('applies [permissions] to commands', async () => {
		const {ctx} = world(workspace(workflowToml('policy', [cmd('echo allowed'), cmd('rm -rf build', 'fail_mode = "closed"')])), {global: {permissions: {allow: ['echo *', 'Read']}}});
		const result = await runWorkflow(ctx, {workflow: 'policy'});
		expect(result.step_results.map((step) => step.status)).toEqual(['success', 'failed']);
		expect(result.step_results[1]?.message).toBe("command blocked by permissions policy: 'rm -rf build' (hint: add allow rule 'rm -rf')");
		// Both decisions are on the policy log, with the run and step they belong to.
		const logged = policyDecisions(ctx.store).map((row) => [row.action, row.decision, row.data['command'], row.data['step_index']]);
		expect(logged).toEqual([
			['workflow_command', 'block', 'rm -rf build', 1],
			['workflow_command', 'allow', 'echo allowed', 0],
		]);
	});

	it('records events in order with the reference payloads', async () => {
		const {ctx, events} = world(workspace(workflowToml('ev', [cmd('true', 'id = "one"'), cmd('exit 1')])));
		const result = await runWorkflow(ctx, {workflow: 'ev'});
		const seen = events().map((event) => [event.event, event.data?.['step_index'] ?? null]);
		expect(seen).toEqual([
			['workflow.started', null],
			['workflow.step.started', 0],
			['workflow.step.completed', 0],
			['workflow.step.started', 1],
			['workflow.step.warning', 1],
			['workflow.completed', null],
		]);
		const all = events();
		expect(all.every((event) => event.correlation_id === result.run_id)).toBe(true);
		expect(all[0]?.data).toMatchObject({workflow_name: 'ev', origin: 'run', strict: false, resumed: false, total_steps: 2});
		expect(all[2]?.data).toMatchObject({workflow_name: 'ev', step_index: 0, step_type: 'command', total_steps: 2, timed_out: false, message: 'command succeeded'});
		expect(typeof all[2]?.data?.['duration_ms']).toBe('number');
		expect(all[5]?.data).toMatchObject({workflow_name: 'ev', origin: 'run', success: true, failed_steps: [], strict: false});
	});

	it('resumes a failed run: finished steps are kept, the failed one runs again', async () => {
		const {ctx, root} = world(workspace(workflowToml('fix', [cmd('echo once >> first.log'), cmd('test -f fixed', 'fail_mode = "closed"'), cmd('echo done > last.log')])));
		const failed = await runWorkflow(ctx, {workflow: 'fix'});
		expect(failed.failed_steps).toEqual([2]);
		writeFileSync(path.join(root, 'fixed'), '');
		const resumed = await resumeRun(ctx, failed.run_id, {});
		expect(resumed).toMatchObject({run_id: failed.run_id, success: true, resumed: true});
		expect(readFileSync(path.join(root, 'first.log'), 'utf8')).toBe('once\n');
		expect(existsSync(path.join(root, 'last.log'))).toBe(true);
		// Resuming a run that finished whole repeats nothing and reports what was recorded.
		const again = await resumeRun(ctx, failed.run_id, {});
		expect(again).toEqual(resumed);
		expect(readFileSync(path.join(root, 'first.log'), 'utf8')).toBe('once\n');
		const detail = showRun(ctx, failed.run_id);
		expect(detail.steps.map((step) => [step.status, step.attempts])).toEqual([['success', 1], ['success', 2], ['success', 1]]);
		expect(listRuns(ctx)[0]).toMatchObject({run_id: failed.run_id, status: 'success', steps_done: 3, total_steps: 3});
	});
});
