import {execFileSync} from 'node:child_process';
import {existsSync, readFileSync, symlinkSync} from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {demoPrompts, workflowWorld, writeProjectFile} from './harness.js';

const toml = `[workspace]
name = "prompt-wf"

[workspace.env]
git_name = "Demo Agent"
git_email = "demo@example.com"

[defaults]
worktree = true
runtime = "demo"

[[agent]]
name = "dev"

[[workflow]]
name = "features"

[[workflow.step]]
type = "prompt"
id = "spec"
agent = "dev"
text = 'write spec.json {"name": "greet", "args": ["name"]}'
output_json = "spec.json"
wait_for_idle = true
wait_timeout_secs = 60

[[workflow.step]]
type = "prompt"
id = "design"
agent = "dev"
text = "write out/greet-design.md # Design of {{output.spec.json}}"
artifact_glob = "out/*-design.md"
artifact_name = "design_doc"
wait_for_idle = true
wait_timeout_secs = 60

[[workflow.step]]
type = "prompt"
agent = "dev"
text = "append notes/brief.md read {{output.design.path}}"
inject_files = ["notes/brief.md", "{{output.design.path}}"]
wait_for_idle = true
wait_timeout_secs = 60

[[workflow.step]]
type = "command"
run = "cat {{output.design.path}}; echo {{output.spec.json}}"
fail_mode = "closed"

[[workflow.step]]
type = "prompt"
agent = "dev"
text = "sleep 2"

[[workflow]]
name = "auth"

[[workflow.step]]
type = "prompt"
agent = "dev"
text = "fail auth"
wait_for_idle = true
wait_timeout_secs = 60

[[workflow]]
name = "question"

[[workflow.step]]
type = "prompt"
agent = "dev"
text = "ask Deploy to production?"
wait_for_idle = true
wait_timeout_secs = 60

[[workflow]]
name = "blocked"

[[workflow.step]]
type = "prompt"
agent = "dev"
text = "ask Really?"

[[workflow.step]]
type = "command"
run = "sleep 2"

[[workflow.step]]
type = "prompt"
agent = "dev"
text = "echo after the question"

[[workflow]]
name = "escape"

[[workflow.step]]
type = "prompt"
agent = "dev"
text = "echo hi"
inject_files = ["docs/link/passwd"]
`;

describe('prompt steps on a demo agent: output_json, artifacts, inject_files, waiting', () => {
	const world = workflowWorld('wf-prompt', toml);
	afterAll(() => world.cleanup());

	it('collects output_json and artifacts, injects files, passes them on, and fires and forgets', async () => {
		writeProjectFile(world.repo, 'notes/brief.md', 'the brief\n');
		const started = Date.now();
		const result = await world.run(['run', 'features', '--json']);
		expect(result.code, `${result.stderr}\n${result.stdout}`).toBe(0);
		const execution = JSON.parse(result.stdout) as {run_id: string; step_results: Array<{status: string; message: string; stdout: string}>; output_files: Record<string, string>};
		const outputs = path.join(world.repo, '.tutti', 'state', 'workflow-outputs', execution.run_id);
		expect(execution.output_files).toEqual({spec: path.join(outputs, 'spec.json'), design_doc: path.join(outputs, 'design_doc.json'), design: path.join(outputs, 'design_doc.json')});
		expect(JSON.parse(readFileSync(path.join(outputs, 'spec.json'), 'utf8'))).toEqual({name: 'greet', args: ['name']});
		expect(readFileSync(path.join(outputs, 'design_doc.raw'), 'utf8')).toBe('# Design of {"name":"greet","args":["name"]}\n');
		// How each turn ended, in words (the detector's codes are for --json of tt send).
		expect(execution.step_results[0]?.message).toMatch(/^its turn ended: it worked, then went idle; /);
		expect(execution.step_results.map((step) => step.message).join('\n')).not.toMatch(/idle_after|wait_for_idle/);
		expect(execution.step_results[1]?.message).toMatch(/artifact design_doc captured from .*out\/greet-design\.md \(design_doc\.raw\)$/);
		// inject_files: a project file and the artifact copied into the agent's worktree; the text points at the copy.
		const worktree = path.join(world.repo, '.tutti', 'worktrees', 'dev');
		expect(readFileSync(path.join(worktree, 'notes', 'brief.md'), 'utf8')).toBe('the brief\nread .tutti/artifacts/design_doc.raw\n');
		expect(readFileSync(path.join(worktree, '.tutti', 'artifacts', 'design_doc.raw'), 'utf8')).toContain('# Design');
		expect(execution.step_results[3]?.stdout).toBe(`# Design of {"name":"greet","args":["name"]}\n{"name":"greet","args":["name"]}\n`);
		// Fire and forget: the last prompt (sleep 2) does not hold the run.
		expect(execution.step_results[4]).toMatchObject({status: 'success', message: 'prompt sent'});
		expect(demoPrompts(world.repo)).toContain('sleep 2');
		expect(Date.now() - started).toBeLessThan(60_000);
	}, 120_000);

	it('a prompt the agent cannot serve (auth failure) fails the run with the agent state', async () => {
		const result = await world.run(['run', 'auth', '--json']);
		expect(result.code).toBe(1);
		const execution = JSON.parse(result.stdout) as {step_results: Array<{status: string; message: string}>};
		expect(execution.step_results[0]).toMatchObject({status: 'failed'});
		expect(execution.step_results[0]?.message).toMatch(/^agent "dev" is failing authentication/);
	}, 120_000);

	it('waits through a question a human answers, and never types into an open question', async () => {
		const running = world.run(['run', 'question', '--json']);
		const session = 'tt-prompt-wf-dev';
		for (let tries = 0; tries < 200; tries++) {
			let screen = '';
			try {
				screen = execFileSync('tmux', ['-L', world.socket, 'capture-pane', '-p', '-t', `=${session}:`], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']});
			} catch {
				// The run has not started the agent yet.
			}
			if (screen.includes('Do you want to proceed?')) break;
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
		await new Promise((resolve) => setTimeout(resolve, 1500));
		execFileSync('tmux', ['-L', world.socket, 'send-keys', '-t', `=${session}:`, 'y']);
		const answered = await running;
		expect(answered.code, answered.stderr).toBe(0);
		const blocked = await world.run(['run', 'blocked', '--json']);
		expect(blocked.code).toBe(1);
		const steps = (JSON.parse(blocked.stdout) as {step_results: Array<{status: string; message: string}>}).step_results;
		expect(steps[0]?.status).toBe('success');
		expect(steps[2]?.message).toMatch(/^agent "dev" is waiting for an answer \(.*\), so the prompt was not typed \(hint: Answer it \(tt attach dev\), then continue with tt run --resume /);
		expect(demoPrompts(world.repo)).not.toContain('echo after the question');
	}, 120_000);

	it('refuses inject_files that lead out of the project through a symlink, before typing anything', async () => {
		writeProjectFile(world.repo, 'docs/.keep', '');
		symlinkSync('/etc', path.join(world.repo, 'docs', 'link'));
		const before = demoPrompts(world.repo).length;
		const result = await world.run(['run', 'escape', '--json']);
		expect(result.code).toBe(1);
		expect((JSON.parse(result.stdout) as {step_results: Array<{message: string}>}).step_results[0]?.message).toContain('workflow "escape" step 1: inject_files: refusing "docs/link/passwd": a symbolic link leads outside the project');
		expect(demoPrompts(world.repo)).toHaveLength(before);
		expect(existsSync(path.join(world.repo, '.tutti', 'worktrees', 'dev', 'docs', 'link'))).toBe(false);
	}, 120_000);
});
