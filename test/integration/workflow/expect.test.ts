import {afterAll, describe, expect, it} from 'vitest';
import {demoTeam, workflowWorld, type WorkflowWorld} from './harness.js';

const step = (agent: string, text: string, expectTable: string) =>
	`[[workflow.step]]\ntype = "prompt"\nagent = "${agent}"\ntext = ${JSON.stringify(text)}\nwait_for_idle = true\nwait_timeout_secs = 60\n[workflow.step.expect]\n${expectTable}\n`;

const workflows = `
[[workflow]]
name = "done"
${step('implementer', 'write greet.js export const greet = 1; && commit feat: greet', 'files = ["greet.js"]\ncommit = true\ncommand = "grep -q greet greet.js"')}
[[workflow]]
name = "forgot"
${step('implementer', 'write notes.md remember to commit', 'files = ["notes.md"]\ncommit = true')}
[[workflow]]
name = "lenient"
${step('tester', 'echo looked at it', 'files = ["REPORT.md"]\nfail_mode = "open"')}
[[workflow]]
name = "checked"
${step('tester', 'write out.txt 41', 'command = "test \\"$(cat out.txt)\\" = 42"')}
`;

type Result = {success: boolean; failed_steps: number[]; step_results: Array<{status: string; message: string}>};

describe('a prompt step checks what it was asked to do (expect)', () => {
	let world: WorkflowWorld;
	afterAll(() => world?.cleanup());

	it('succeeds only when the checks hold; a missing commit, file or failing command fails the step (or warns, when open)', async () => {
		world = workflowWorld('wf-expect', demoTeam('expect', workflows));
		const json = async (name: string) => {
			const result = await world.run(['run', name, '--json']);
			return {code: result.code, result: JSON.parse(result.stdout) as Result, stderr: result.stderr};
		};

		const done = await json('done');
		expect(done.code, done.stderr).toBe(0);
		expect(done.result.step_results[0]).toMatchObject({status: 'success'});

		// The turn ended without an error, but the agent never committed: the step fails, naming why.
		const forgot = await json('forgot');
		expect(forgot.code).toBe(1);
		expect(forgot.result).toMatchObject({success: false, failed_steps: [1]});
		expect(forgot.result.step_results[0]?.message).toMatch(/^the turn ended, but expected a new commit in .*worktrees\/implementer, but HEAD is still [0-9a-f]{12}$/);

		const checked = await json('checked');
		expect(checked.code).toBe(1);
		expect(checked.result.step_results[0]?.message).toContain(`expect.command 'test "$(cat out.txt)" = 42' exited with 1`);

		// Open: the run succeeds, with the unmet check as a warning — and says so.
		const lenient = await world.run(['run', 'lenient']);
		expect(lenient.code, lenient.stderr).toBe(0);
		expect(lenient.stdout).toContain('Result: success with 1 warning(s)');
		const lenientJson = await json('lenient');
		expect(lenientJson.result).toMatchObject({success: true, step_results: [{status: 'warning'}]});
		expect(lenientJson.result.step_results[0]?.message).toContain('warning: expected file REPORT.md does not exist');
	}, 240_000);

	it('is refused before anything runs when it cannot check anything', async () => {
		const bad = workflowWorld('wf-expect-bad', demoTeam('expect-bad', `[[workflow]]\nname = "x"\n[[workflow.step]]\ntype = "prompt"\nagent = "planner"\ntext = "hi"\n[workflow.step.expect]\ncommit = false\n`));
		try {
			const result = await bad.run(['run', 'x']);
			expect(result.code).toBe(1);
			expect(result.stderr).toContain('error[config]');
			expect(result.stderr).toContain('expect is only allowed with wait_for_idle = true');
			expect(result.stderr).toContain('expect: set command, files or commit = true (it checks nothing)');
		} finally {
			bad.cleanup();
		}
	});
});
