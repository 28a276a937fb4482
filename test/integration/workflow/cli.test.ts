import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {workflowWorld} from './harness.js';

const toml = `[workspace]
name = "cli-wf"

[defaults]
worktree = true
runtime = "demo"

[[agent]]
name = "builder"

[[agent]]
name = "reviewer"

[[workflow]]
name = "checks"
description = "lint and test"

[[workflow.step]]
type = "command"
id = "lint"
run = "echo 'lint ok' && printf '{\\"ok\\": true}' > lint.json"
output_json = "lint.json"

[[workflow.step]]
type = "command"
run = "test -n {{output.lint.path}} && echo tested"
cwd = "agent_worktree"
agent = "builder"
depends_on = [3]

[[workflow.step]]
type = "land"
agent = "builder"
depends_on = [1]

[[workflow.step]]
type = "review"
agent = "builder"
reviewer = "reviewer"
depends_on = [3]

[[workflow]]
name = "fails"

[[workflow.step]]
type = "command"
run = "echo broken >&2; exit 4"
fail_mode = "closed"
`;

describe('tt run / tt runs / tt verify on the command line', () => {
	const world = workflowWorld('wf-cli', toml);
	afterAll(() => world.cleanup());

	it('--list prints the workflows', async () => {
		const json = await world.run(['run', '--list', '--json']);
		expect(JSON.parse(json.stdout)).toEqual([
			{name: 'checks', description: 'lint and test', schedule: null, steps: 4, step_types: ['command', 'command', 'land', 'review']},
			{name: 'fails', description: null, schedule: null, steps: 1, step_types: ['command']},
		]);
		const text = await world.run(['run', '--list']);
		expect(text.stdout).toMatch(/^Workflow\s+Steps\s+Schedule\s+Description\nchecks\s+4\s+lint and test\nfails\s+1\n$/);
	});

	it('--dry-run --json: the reference §8.13 shape with literal commands, waves and --agent applied', async () => {
		const result = await world.run(['run', 'checks', '--dry-run', '--json', '--agent', 'reviewer']);
		expect(result.code, result.stderr).toBe(0);
		const plan = JSON.parse(result.stdout);
		expect(plan).toMatchObject({workflow: 'checks', description: 'lint and test', strict: false, agent_scope: 'reviewer', errors: []});
		expect(plan.steps).toEqual([
			{type: 'command', index: 1, id: 'lint', depends_on: [], wave: 1, agent: 'reviewer', cwd: world.repo, fail_mode: 'open', command: `echo 'lint ok' && printf '{"ok": true}' > lint.json`, summary: `echo 'lint ok' && printf '{"ok": true}' > lint.json`, timeout_secs: 900},
			{type: 'command', index: 2, id: null, depends_on: [3], wave: 3, agent: 'builder', cwd: path.join(world.repo, '.tutti', 'worktrees', 'builder'), fail_mode: 'open', command: 'test -n {{output.lint.path}} && echo tested', summary: 'test -n {{output.lint.path}} && echo tested', timeout_secs: 900},
			{type: 'land', index: 3, id: null, depends_on: [1], wave: 2, agent: 'reviewer', pr: false, force: false, fail_mode: 'closed', queue: null, verify: null},
			{type: 'review', index: 4, id: null, depends_on: [3], wave: 3, agent: 'reviewer', reviewer: 'reviewer', fail_mode: 'closed'},
		]);
		expect(plan.warnings).toEqual([`step 2: the worktree of builder does not exist yet (${path.join(world.repo, '.tutti', 'worktrees', 'builder')}); it is created when the agent starts`]);
		const strict = JSON.parse((await world.run(['run', 'checks', '--dry-run', '--json', '--strict'])).stdout);
		expect(strict.steps.map((step: {fail_mode: string}) => step.fail_mode)).toEqual(['closed', 'closed', 'closed', 'closed']);
	});

	it('bad input: usage errors exit 2 with a hint; unknown names are suggested', async () => {
		const unknown = await world.run(['run', 'chekcs']);
		expect(unknown.code).toBe(2);
		expect(unknown.stderr).toBe('error[usage]: unknown workflow "chekcs"\n  hint: Did you mean "checks"?\n');
		expect((await world.run(['run'])).stderr).toContain('workflow name is required unless --list or --resume is set');
		expect((await world.run(['run', 'checks', '--resume', 'x'])).stderr).toContain('give either a workflow name or --resume <run_id>, not both');
		expect((await world.run(['run', '--list', '--strict'])).code).toBe(2);
		const noRun = await world.run(['run', '--resume', '1-1']);
		expect(noRun.stderr).toBe('error[usage]: no run "1-1" in this workspace\n  hint: List runs with tt runs list.\n');
		const agent = await world.run(['run', 'checks', '--agent', 'buildr']);
		expect(agent.stderr).toContain('error[agent]: unknown agent "buildr"');
	});

	it('a failed run exits 1, prints the table and how to resume; tt runs show explains it', async () => {
		const result = await world.run(['run', 'fails']);
		expect(result.code).toBe(1);
		const runId = /Run ID:\s+(\S+)/.exec(result.stdout)?.[1];
		expect(runId).toBeDefined();
		expect(result.stdout).toContain('▶ 1/1 command');
		expect(result.stdout).toMatch(/✗ 1\/1 command\s+\S+ +command failed \(exit 4\): echo broken >&2; exit 4/);
		expect(result.stdout).toContain('Result: failed (steps: [1])');
		expect(result.stdout).toContain(`tt run --resume ${runId}`);
		const show = await world.run(['runs', 'show', runId!, '--json']);
		expect(JSON.parse(show.stdout)).toMatchObject({run_id: runId, workflow: 'fails', status: 'failed', next_action: `tt run --resume ${runId}`, steps: [{index: 1, step_type: 'command', status: 'failed', attempts: 1, message: 'command failed (exit 4): echo broken >&2; exit 4'}]});
		const text = await world.run(['runs', 'show', runId!]);
		expect(text.stdout).toContain(`Next: tt run --resume ${runId}`);
		// Times in local time and how long ago, as tt health says them (ISO only in --json).
		expect(text.stdout).toMatch(/\nStarted \d\d:\d\d:\d\d, (?:just now|\d+s ago), finished \d\d:\d\d:\d\d, (?:just now|\d+s ago)\n/);
		expect((await world.run(['runs'])).stdout).toMatch(/ failed +0\/1 +run +\d\d:\d\d:\d\d, (?:just now|\d+s ago) +\d\d:\d\d:\d\d, /);
	});

	it('runs a DAG with a land and a review, --json prints only the ExecutionResult', async () => {
		const result = await world.run(['run', 'checks', '--json']);
		expect(result.code, result.stderr).toBe(0);
		const execution = JSON.parse(result.stdout);
		expect(Object.keys(execution).sort()).toEqual(['agent_scope', 'failed_steps', 'finished_at', 'hooks', 'origin', 'output_files', 'resumed', 'run_id', 'started_at', 'step_results', 'strict', 'success', 'workflow_name'].sort());
		expect(execution.step_results.map((step: {index: number; status: string}) => [step.index, step.status])).toEqual([
			[1, 'success'],
			[2, 'success'],
			[3, 'success'],
			[4, 'success'],
		]);
		expect(execution.step_results[1].stdout).toBe('tested\n');
		expect(execution.step_results[3].message).toBe('no changes to review for builder');
		const list = JSON.parse((await world.run(['runs', 'list', '--json'])).stdout) as Array<{run_id: string; workflow: string; status: string; started_at: string; finished_at: string | null}>;
		expect(list.map((run) => [run.workflow, run.status])).toEqual([
			['checks', 'success'],
			['fails', 'failed'],
		]);
		expect(Date.parse(list[0]!.started_at)).toBeGreaterThanOrEqual(Date.parse(list[1]!.started_at));
		// `tt runs` alone lists them (not a usage error).
		const bare = await world.run(['runs', '--json']);
		expect(bare.code, bare.stderr).toBe(0);
		expect(JSON.parse(bare.stdout)).toEqual(list);
	});

	it('tt verify: non-strict turns command failures into warnings; --strict exits 1', async () => {
		writeFileSync(path.join(world.repo, 'tutti.toml'), `${toml}\n[[workflow]]\nname = "verify"\n\n[[workflow.step]]\ntype = "command"\nrun = "exit 1"\nfail_mode = "closed"\n`);
		const lenient = await world.run(['verify']);
		expect(lenient.code, lenient.stderr).toBe(0);
		expect(lenient.stdout).toContain('Result: success with 1 warning(s)');
		const strict = await world.run(['verify', '--strict', '--json']);
		expect(strict.code).toBe(1);
		expect(JSON.parse(strict.stdout)).toMatchObject({success: false, strict: true, origin: 'verify'});
		expect(JSON.parse((await world.run(['verify', '--last', '--json'])).stdout)).toMatchObject({found: true, summary: {workflow_name: 'verify', success: false, strict: true}});
		expect((await world.run(['verify', '--last', '--strict'])).code).toBe(2);
	});

	it('an invalid workflow is refused before anything runs, naming the workflow, the step and the key', async () => {
		writeFileSync(path.join(world.repo, 'tutti.toml'), toml.replace('output_json = "lint.json"', 'output_json = "../lint.json"'));
		const escape = await world.run(['run', 'checks']);
		expect(escape.code).toBe(1);
		expect(escape.stderr).toMatch(/tutti\.toml:\d+:\d+: workflow "checks" step 1\.output_json: /);
		expect(escape.stderr).toContain(': workflow "checks" step 1.output_json: expected a path relative to the project without ".." (or an {{output.<id>.path}} template), got "../lint.json" (it has a ".." component)');
		writeFileSync(path.join(world.repo, 'tutti.toml'), toml.replace('reviewer = "reviewer"\ndepends_on = [3]', 'reviewer = "reviewer"\ndepends_on = [3, 9]'));
		const range = await world.run(['run', 'checks']);
		expect(range.code).toBe(1);
		expect(range.stderr).toMatch(/tutti\.toml:\d+:\d+: workflow "checks" step 4: depends_on: /);
		expect(range.stderr).toContain(': workflow "checks" step 4: depends_on: step 9 does not exist (steps are numbered 1 to 4)');
		writeFileSync(path.join(world.repo, 'tutti.toml'), toml);
	});
});
