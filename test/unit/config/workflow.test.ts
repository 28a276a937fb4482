import {describe, expect, it} from 'vitest';
import {checkSchedule, parseWorkspaceConfig} from '../../../src/core/config/index.js';
import {minimal} from './fixtures.js';
import {issuesOf} from './helpers.js';

const agents = '[[agent]]\nname = "planner"\n[[agent]]\nname = "builder"\n[[agent]]\nname = "reviewer"\n';

/** A workflow "ship" with the given steps (TOML bodies of `[[workflow.step]]`). */
function ship(steps: string[], extra = ''): string {
	return minimal(`${agents}[[workflow]]\nname = "ship"\n${extra}${steps.map((step) => `[[workflow.step]]\n${step}\n`).join('')}`);
}

const prompt = (more = '', text = 'plan it') => `type = "prompt"\nagent = "planner"\ntext = ${JSON.stringify(text)}\n${more}`;
const command = (more = '', run = 'make') => `type = "command"\nrun = ${JSON.stringify(run)}\n${more}`;

describe('workflow rules (reference §8.1), each naming workflow, step and key', () => {
	it('workflow names are unique and there is at least one step', () => {
		expect(issuesOf(minimal(`${agents}[[workflow]]\nname = "ship"\n[[workflow.step]]\n${command()}\n[[workflow]]\nname = "ship"\n[[workflow.step]]\n${command()}\n`))).toEqual([
			'tutti.toml: workflow #2.name: duplicate workflow name "ship" (first defined as workflow #1)',
		]);
		expect(issuesOf(minimal('[[workflow]]\nname = "empty"\n'))).toEqual(['tutti.toml: workflow "empty".step: required key is missing (expected an array)']);
		expect(issuesOf(minimal('[[workflow]]\nname = "empty"\nstep = []\n'))).toEqual(['tutti.toml: workflow "empty".step: expected at least 1 entry, got an empty array']);
	});

	it('prompt: known agent and non-empty text', () => {
		expect(issuesOf(ship(['type = "prompt"\nagent = "planer"\ntext = "  "']))).toEqual([
			'tutti.toml: workflow "ship" step 1: agent: unknown agent "planer" (did you mean "planner"?)',
			'tutti.toml: workflow "ship" step 1: text: the prompt text is empty',
		]);
	});

	it('prompt: wait_timeout_secs / startup_grace_secs need wait_for_idle or an artifact_glob', () => {
		expect(issuesOf(ship([prompt('wait_timeout_secs = 60\nstartup_grace_secs = 5')]))).toEqual([
			'tutti.toml: workflow "ship" step 1: wait_timeout_secs is only allowed with wait_for_idle = true or an artifact_glob',
			'tutti.toml: workflow "ship" step 1: startup_grace_secs is only allowed with wait_for_idle = true or an artifact_glob',
		]);
		expect(() => parseWorkspaceConfig(ship([prompt('wait_for_idle = true\nwait_timeout_secs = 60')]))).not.toThrow();
	});

	it('a queued land step: known agents, each once; verify only with queue; no force', () => {
		const land = (more: string) => `type = "land"\nagent = "planner"\n${more}`;
		expect(() => parseWorkspaceConfig(ship([land('queue = ["builder"]\nverify = "npm test"')]))).not.toThrow();
		expect(() => parseWorkspaceConfig(ship([land('queue = true')]))).not.toThrow();
		expect(issuesOf(ship([land('queue = ["bulder", "planner"]')]))).toEqual([
			'tutti.toml: workflow "ship" step 1: queue[0]: unknown agent "bulder" (did you mean "builder"?)',
			'tutti.toml: workflow "ship" step 1: queue: agent "planner" is queued twice',
		]);
		expect(issuesOf(ship([land('verify = "npm test"')]))).toEqual(['tutti.toml: workflow "ship" step 1: verify: only a queued land verifies; set `queue = true` (or a list of agents)']);
		expect(issuesOf(ship([land('queue = true\nforce = true')]))).toEqual(['tutti.toml: workflow "ship" step 1: force: the merge queue lands only committed work from a clean project; remove `force`']);
	});

	it('output_json requires an id (prompt and command)', () => {
		expect(issuesOf(ship([command(), command(), prompt('output_json = "out.json"')]))).toEqual(['tutti.toml: workflow "ship" step 3: output_json requires an id']);
		expect(issuesOf(ship([command('output_json = "out.json"')]))).toEqual(['tutti.toml: workflow "ship" step 1: output_json requires an id']);
	});

	it('ids are unique per workflow and are file names when they name outputs', () => {
		expect(issuesOf(ship([command('id = "a"'), command('id = "a"')]))).toEqual(['tutti.toml: workflow "ship" step 2: id: "a" is already used by step 1']);
		expect(issuesOf(ship([command('id = "a b"\noutput_json = "o.json"')]))).toEqual(['tutti.toml: workflow "ship" step 1: id: expected letters, digits, "-" and "_", got "a b"']);
		const {warnings} = parseWorkspaceConfig(ship([command('id = "a.b"')]));
		expect(warnings.map((warning) => warning.message)).toEqual(['workflow "ship" step 1: id: expected letters, digits, "-" and "_", got "a.b"; it cannot name an output']);
	});

	it('artifact_glob and artifact_name go together, need an id and a plain name', () => {
		expect(issuesOf(ship([prompt('id = "d"\nartifact_glob = "*.md"')]))).toEqual(['tutti.toml: workflow "ship" step 1: artifact_glob and artifact_name must be set together']);
		expect(issuesOf(ship([prompt('artifact_glob = "*.md"\nartifact_name = "design doc"')]))).toEqual([
			'tutti.toml: workflow "ship" step 1: artifact_glob requires an id',
			'tutti.toml: workflow "ship" step 1: artifact_name: expected letters, digits, "-" and "_", got "design doc"',
		]);
	});

	it('command: non-empty run, known agent', () => {
		expect(issuesOf(ship(['type = "command"\nrun = " "\nagent = "nobody"']))).toEqual([
			'tutti.toml: workflow "ship" step 1: run: the command is empty',
			'tutti.toml: workflow "ship" step 1: agent: unknown agent "nobody"',
		]);
		expect(parseWorkspaceConfig(ship([command('cwd = "agent_worktree"')])).warnings.map((warning) => warning.message)).toEqual([
			'workflow "ship" step 1: cwd = "agent_worktree" needs an agent: set `agent`, or run the workflow with --agent',
		]);
		expect(issuesOf(ship([command('cwd = "home"')]))[0]).toBe(
			'tutti.toml: workflow "ship" step 1.cwd: expected one of the allowed values, got "home" (allowed: workspace, agent_worktree)',
		);
		expect(issuesOf(ship([command('fail_mode = "closd"')]))[0]).toBe(
			'tutti.toml: workflow "ship" step 1.fail_mode: expected one of the allowed values, got "closd" (allowed: open, closed; did you mean "closed"?)',
		);
	});

	it('ensure_running / land / review: agents known; reviewer known when given', () => {
		expect(
			issuesOf(ship(['type = "ensure_running"\nagent = "x1"', 'type = "land"\nagent = "x2"', 'type = "review"\nagent = "builder"\nreviewer = "revewer"'])),
		).toEqual([
			'tutti.toml: workflow "ship" step 1: agent: unknown agent "x1"',
			'tutti.toml: workflow "ship" step 2: agent: unknown agent "x2"',
			'tutti.toml: workflow "ship" step 3: reviewer: unknown agent "revewer" (did you mean "reviewer"?)',
		]);
		const noReviewer = minimal('[[agent]]\nname = "builder"\n[[workflow]]\nname = "ship"\n[[workflow.step]]\ntype = "review"\nagent = "builder"\n');
		expect(parseWorkspaceConfig(noReviewer).warnings.map((warning) => warning.code)).toEqual(['reference']);
	});

	it('nested workflows exist, and do not call themselves or each other in a loop', () => {
		expect(issuesOf(ship(['type = "workflow"\nworkflow = "verfy"']))).toEqual(['tutti.toml: workflow "ship" step 1: workflow: unknown workflow "verfy"']);
		expect(issuesOf(ship(['type = "workflow"\nworkflow = "ship"']))).toEqual(['tutti.toml: workflow "ship" step 1: workflow: a workflow cannot run itself']);
		const loop = minimal(`[[workflow]]\nname = "a"\n[[workflow.step]]\ntype = "workflow"\nworkflow = "b"\n[[workflow]]\nname = "b"\n[[workflow.step]]\ntype = "workflow"\nworkflow = "a"\n`);
		expect(issuesOf(loop)).toEqual(['tutti.toml: workflow "a": nested workflows call each other in a loop: a → b → a']);
	});

	it('depends_on is allowed on every step type: 1-based, in range, not self, no duplicates, acyclic', () => {
		expect(() => parseWorkspaceConfig(ship([prompt(), command('depends_on = [1]'), 'type = "land"\nagent = "builder"\ndepends_on = [1, 2]']))).not.toThrow();
		expect(issuesOf(ship([command('depends_on = [0]'), command('depends_on = [2]'), command('depends_on = [1, 1, 4]')]))).toEqual([
			'tutti.toml: workflow "ship" step 1: depends_on: step 0 does not exist (steps are numbered 1 to 3)',
			'tutti.toml: workflow "ship" step 2: depends_on: a step cannot depend on itself',
			'tutti.toml: workflow "ship" step 3: depends_on: step 1 is listed twice',
			'tutti.toml: workflow "ship" step 3: depends_on: step 4 does not exist (steps are numbered 1 to 3)',
		]);
		expect(issuesOf(ship([command('depends_on = [3]'), command('depends_on = [1]'), command('depends_on = [2]')]))).toEqual([
			'tutti.toml: workflow "ship" step 1: depends_on: cycle between steps 1 → 3 → 2 → 1',
		]);
		expect(issuesOf(ship([command('depends_on = [1.5]')]))[0]).toBe('tutti.toml: workflow "ship" step 1.depends_on #1: expected an integer, got 1.5');
	});

	it('output templates name an earlier step that has an output', () => {
		expect(issuesOf(ship([prompt('', 'see {{output.plan.path}}')]))).toEqual(['tutti.toml: workflow "ship" step 1: text: {{output.plan.path}} names no step of this workflow']);
		expect(issuesOf(ship([command('', 'cat {{output.plan.json}}'), prompt('id = "plan"\noutput_json = "plan.json"')]))).toEqual([
			'tutti.toml: workflow "ship" step 1: run: {{output.plan.json}} refers to step 2, which does not run before this step (add it to depends_on)',
		]);
		expect(issuesOf(ship([command('id = "x"'), prompt('inject_files = ["{{output.x.path}}"]')]))).toEqual([
			'tutti.toml: workflow "ship" step 2: inject_files: {{output.x.path}} refers to step 1, which has no output_json or artifact',
		]);
		expect(issuesOf(ship([command('', 'echo {{output.x.size}}')]))).toEqual([
			'tutti.toml: workflow "ship" step 1: run: {{output.x.size}} is not a valid template (use {{output.<id>.path}} or {{output.<id>.json}})',
		]);
		expect(issuesOf(ship([prompt('', 'see {{output.plan.path')]))).toEqual(['tutti.toml: workflow "ship" step 1: text: unterminated {{output.…}} template']);
		const viaDependsOn = ship([prompt('id = "plan"\noutput_json = "plan.json"'), command(), prompt('inject_files = ["{{output.plan.path}}"]\ndepends_on = [1]')]);
		expect(() => parseWorkspaceConfig(viaDependsOn)).not.toThrow();
		const artifact = ship([prompt('id = "design"\nartifact_glob = "~/.gstack/*.md"\nartifact_name = "design_doc"'), prompt('', 'read {{output.design.path}}')]);
		expect(() => parseWorkspaceConfig(artifact)).not.toThrow();
	});

	it('schedule: exactly five cron fields that parse', () => {
		expect(issuesOf(ship([command()], 'schedule = "0 9 * *"\n'))).toEqual([
			'tutti.toml: workflow "ship": schedule must have exactly 5 fields (minute hour day-of-month month day-of-week), got 4 in "0 9 * *"',
		]);
		expect(issuesOf(ship([command()], 'schedule = "0 0 9 * * *"\n'))[0]).toContain('got 6');
		expect(issuesOf(ship([command()], 'schedule = "61 * * * *"\n'))[0]).toMatch(/^tutti\.toml: workflow "ship": schedule "61 \* \* \* \*" is not a valid cron expression: /);
		expect(parseWorkspaceConfig(ship([command()], 'schedule = "*/15 9-17 * * MON-FRI"\n')).warnings).toEqual([]);
	});

	it('schedule: warns about numeric weekdays and dates that never come', () => {
		expect(checkSchedule('0 9 * * 1-5').warning).toContain('numeric day of week');
		expect(checkSchedule('0 0 30 2 *').warning).toContain('never fires');
		expect(checkSchedule('@daily').error).toContain('exactly 5 fields');
	});
});
