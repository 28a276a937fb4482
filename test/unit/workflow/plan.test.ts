import {describe, expect, it} from 'vitest';
import {parseWorkspaceConfig} from '../../../src/core/config/index.js';
import {formatDuration, ProgressModel, progressLines} from '../../../src/core/workflow/progress.js';
import {resolveWorkflow} from '../../../src/core/workflow/plan.js';

const toml = `[workspace]
name = "plan"
[defaults]
runtime = "demo"
[[agent]]
name = "a"
[[agent]]
name = "b"
[[agent]]
name = "reviewer"
[[workflow]]
name = "w"
[[workflow.step]]
type = "prompt"
id = "p"
agent = "a"
text = "hi"
[[workflow.step]]
type = "command"
run = "make"
[[workflow.step]]
type = "command"
run = "make lint"
agent = "b"
fail_mode = "closed"
depends_on = [1]
[[workflow.step]]
type = "review"
agent = "a"
[[workflow.step]]
type = "land"
agent = "a"
fail_mode = "open"
[[workflow.step]]
type = "workflow"
workflow = "other"
[[workflow]]
name = "other"
[[workflow.step]]
type = "ensure_running"
agent = "a"
`;

describe('resolving a workflow for a run (reference §8.1, §8.2)', () => {
	const {config} = parseWorkspaceConfig(toml);
	const workflow = config.workflow[0]!;

	it('decides fail modes: prompts closed, commands open by default, strict closes, verify opens commands', () => {
		const modes = (options: {strict: boolean; origin: 'run' | 'verify'}) => resolveWorkflow(config, workflow, options).steps.map((step) => step.failMode);
		expect(modes({strict: false, origin: 'run'})).toEqual(['closed', 'open', 'closed', 'closed', 'open', 'closed']);
		expect(modes({strict: true, origin: 'run'})).toEqual(['closed', 'closed', 'closed', 'closed', 'closed', 'closed']);
		expect(modes({strict: false, origin: 'verify'})).toEqual(['closed', 'open', 'open', 'closed', 'open', 'closed']);
	});

	it('applies --agent to agent steps, commands without an agent and nested workflows', () => {
		const steps = resolveWorkflow(config, workflow, {agent: 'b', strict: false, origin: 'run'}).steps;
		expect(steps.map((step) => [step.type, step.agent, 'agent' in step.config ? step.config.agent : undefined])).toEqual([
			['prompt', 'b', 'b'],
			['command', 'b', 'b'],
			['command', 'b', 'b'],
			['review', 'reviewer', 'b'],
			['land', 'b', 'b'],
			['workflow', undefined, 'b'],
		]);
		expect(() => resolveWorkflow(config, workflow, {agent: 'nobody', strict: false, origin: 'run'})).toThrow('unknown agent "nobody"');
	});

	it('gives each step its dependencies (0-based) and a record key', () => {
		const steps = resolveWorkflow(config, workflow, {strict: false, origin: 'run'}).steps;
		expect(steps.map((step) => [step.key, step.deps])).toEqual([
			['001-p', []],
			['002-command', [0]],
			['003-command', [0]],
			['004-review', [2]],
			['005-land', [3]],
			['006-workflow', [4]],
		]);
	});
});

describe('progress model', () => {
	it('shows running steps with a spinner and elapsed time, and the run footer', () => {
		const {config} = parseWorkspaceConfig(toml);
		const resolved = resolveWorkflow(config, config.workflow[0]!, {strict: false, origin: 'run'});
		const model = new ProgressModel();
		model.apply({kind: 'run', runId: '1-2', workflow: 'w', total: 6, resumed: false, done: []}, 1000);
		model.apply({kind: 'step', runId: '1-2', step: resolved.steps[0]!, total: 6}, 1000);
		const lines = progressLines(model, {now: 3500, frame: 1, width: 100});
		expect(lines).toEqual(['⠙ 1/6 prompt         a               2.5s  hi', '  w · run 1-2 · 0/6 done · 2.5s']);
		expect(formatDuration(61_000)).toBe('1m01s');
	});
});
