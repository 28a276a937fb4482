import {chmodSync, mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {parse, stringify} from 'smol-toml';
import {afterAll, describe, expect, it} from 'vitest';
import {loadTemplate, renderTemplate} from '../../../src/core/init/index.js';
import {demoPrompts, workflowWorld, type WorkflowWorld} from './harness.js';
import {demoScript} from '../../../src/cli/demo-script.js';

/** A `tt init` template rendered for a project, with every agent on the demo runtime. */
function onDemo(name: string, project: string): string {
	const config = parse(renderTemplate(loadTemplate(name, process.cwd()), {projectName: project})) as Record<string, unknown> & {
		roles?: Record<string, string>;
		defaults?: Record<string, unknown>;
		agent?: Array<Record<string, unknown>>;
		workspace: Record<string, unknown>;
	};
	for (const role of Object.keys(config.roles ?? {})) config.roles![role] = 'demo';
	config.defaults = {...config.defaults, runtime: 'demo'};
	for (const agent of config.agent ?? []) if (agent['runtime'] !== undefined) agent['runtime'] = 'demo';
	config.workspace['env'] = {git_name: 'Demo Agent', git_email: 'demo@example.com'};
	return stringify(config);
}

/** Fake `cargo` (the Rust templates' checks) and gstack's `gstack-slug`, on the world's PATH and HOME. */
function fakeTools(world: WorkflowWorld): NodeJS.ProcessEnv {
	const bin = path.join(world.dir, 'bin');
	mkdirSync(bin, {recursive: true});
	writeFileSync(path.join(bin, 'cargo'), '#!/bin/sh\necho "cargo $* (fake): test result: ok"\n');
	chmodSync(path.join(bin, 'cargo'), 0o755);
	const slug = path.join(world.home, '.claude', 'skills', 'gstack', 'bin', 'gstack-slug');
	mkdirSync(path.dirname(slug), {recursive: true});
	writeFileSync(slug, '#!/bin/sh\necho "SLUG=demo-project"\n');
	chmodSync(slug, 0o755);
	return {PATH: `${bin}:${world.env['PATH'] ?? ''}`};
}

/**
 * Stands in for gstack's interactive skills: once the demo planner has received `/office-hours`
 * (`/plan-eng-review`), a design doc (test plan) appears where the skill would write it.
 */
function simulateGstack(world: WorkflowWorld): () => void {
	const dir = path.join(world.home, '.gstack', 'projects', 'demo-project');
	const written = new Set<string>();
	const timer = setInterval(() => {
		const prompts = demoPrompts(world.repo);
		for (const [skill, file] of [['/office-hours', '20260101-design-greeting.md'], ['/plan-eng-review', '20260101-test-plan-greeting.md']] as const) {
			if (!written.has(skill) && prompts.includes(skill)) {
				mkdirSync(dir, {recursive: true});
				writeFileSync(path.join(dir, file), `# ${skill} output\n\nGreet people by name.\n`);
				written.add(skill);
			}
		}
	}, 200);
	return () => clearInterval(timer);
}

describe('tt init templates run end to end on demo agents', () => {
	const worlds: WorkflowWorld[] = [];
	afterAll(() => {
		for (const world of worlds) world.cleanup();
	});

	it('gstack-startup: sdlc-gstack with artifacts captured by polling and injected', async () => {
		const world = workflowWorld('wf-gstack', onDemo('gstack-startup', 'gstack-demo'), {'Cargo.toml': '[package]\nname = "x"\n'});
		worlds.push(world);
		const env = fakeTools(world);
		const stop = simulateGstack(world);
		try {
			const result = await world.run(['run', 'sdlc-gstack', '--json'], {env});
			expect(result.code, `${result.stderr}\n${result.stdout}`).toBe(0);
			const execution = JSON.parse(result.stdout) as {step_results: Array<{status: string; message: string}>; output_files: Record<string, string>};
			expect(execution.step_results.map((step) => step.status)).toEqual(Array(9).fill('success'));
			expect(execution.step_results[3]?.message).toMatch(/^captured .*20260101-design-greeting\.md via polling after \d+s$/);
			expect(Object.keys(execution.output_files).sort()).toEqual(['design', 'design_doc', 'eng_review', 'test_plan']);
			const implement = demoPrompts(world.repo).find((text) => text.startsWith('Implement the design'));
			expect(implement).toBe('Implement the design in .tutti/artifacts/design_doc.raw and satisfy the test plan in .tutti/artifacts/test_plan.raw. Commit when the tests pass.');
		} finally {
			stop();
		}
	}, 300_000);

	it('rust-cli: verify (cargo test + clippy) as a workflow and as tt verify', async () => {
		const world = workflowWorld('wf-rust', onDemo('rust-cli', 'rust-demo'), {'Cargo.toml': '[package]\nname = "x"\n', 'src/main.rs': 'fn main() {}\n'});
		worlds.push(world);
		const env = fakeTools(world);
		const run = await world.run(['run', 'verify', '--json'], {env});
		expect(run.code, run.stderr).toBe(0);
		expect((JSON.parse(run.stdout) as {step_results: Array<{stdout: string}>}).step_results.map((step) => step.stdout.trim())).toEqual(['cargo test --quiet (fake): test result: ok', 'cargo clippy -- -D warnings (fake): test result: ok']);
		const verify = await world.run(['verify', '--strict', '--json'], {env});
		expect(verify.code, verify.stderr).toBe(0);
		const last = JSON.parse((await world.run(['verify', '--last', '--json'])).stdout) as {found: boolean; summary: {success: boolean; strict: boolean}};
		expect(last).toMatchObject({found: true, summary: {success: true, strict: true}});
	}, 300_000);

	it('demo (tt demo): ship lands the plan, the code and the test on main', async () => {
		const world = workflowWorld('wf-demo', onDemo('demo', 'demo-demo'), {'src/index.js': "export const main = () => 'ready';\n"});
		worlds.push(world);
		const result = await world.run(['run', 'ship', '--json']);
		expect(result.code, `${result.stderr}\n${result.stdout}`).toBe(0);
		expect((JSON.parse(result.stdout) as {step_results: Array<{status: string}>}).step_results.map((step) => step.status)).toEqual(Array(11).fill('success'));
		expect(world.git('log', '--format=%s', 'main').trim().split('\n').slice(0, 3)).toEqual(['test: cover greet()', 'feat: add greet()', 'plan: outline the greeting feature']);
	}, 300_000);

	it('demo: after the tt demo script, ship still makes and lands a real change; run again it fails, naming the step', async () => {
		const world = workflowWorld('wf-demo2', onDemo('demo', 'demo-again'), {'src/index.js': "export const main = () => 'ready';\n"});
		worlds.push(world);
		for (const [agent, prompts] of Object.entries(demoScript)) {
			for (const prompt of prompts) expect((await world.run(['send', agent, '--auto-up', '--wait', '--timeout-secs', '120', prompt])).code).toBe(0);
		}
		const first = await world.run(['run', 'ship', '--json']);
		expect(first.code, `${first.stderr}\n${first.stdout}`).toBe(0);
		// Landing brings every unlanded commit of the agents' branches: the demo round's and ship's.
		expect(world.git('log', '--format=%s', 'main').trim().split('\n')).toEqual(expect.arrayContaining(['plan: outline the greeting feature', 'feat: add greet()', 'test: cover greet()', 'docs: team notes', 'feat: add version', 'test: cover version']));
		// The same prompts again: every commit finds nothing to commit. The agent says its turn failed,
		// so the run fails — exit 1, naming the step — instead of reporting success.
		const again = await world.run(['run', 'ship', '--json']);
		expect(again.code).toBe(1);
		const result = JSON.parse(again.stdout) as {success: boolean; failed_steps: number[]; step_results: Array<{status: string; message: string}>};
		expect(result.success).toBe(false);
		expect(result.failed_steps[0]).toBe(2);
		expect(result.step_results[1]?.message).toMatch(/agent "planner" ended its turn with an error: Error: git commit failed: nothing to commit/);
	}, 300_000);

	it('minimal: check asks both agents in parallel, then prints the git status', async () => {
		const world = workflowWorld('wf-min', onDemo('minimal', 'min-demo'));
		worlds.push(world);
		const list = await world.run(['run', '--list', '--json']);
		expect(list.code, list.stderr).toBe(0);
		expect((JSON.parse(list.stdout) as Array<{name: string}>).map((workflow) => workflow.name)).toEqual(['check']);
		const result = await world.run(['run', 'check', '--json']);
		expect(result.code, `${result.stderr}\n${result.stdout}`).toBe(0);
		expect((JSON.parse(result.stdout) as {step_results: Array<{status: string}>}).step_results.map((step) => step.status)).toEqual(Array(5).fill('success'));
		const prompts = demoPrompts(world.repo);
		expect(prompts.filter((text) => text.startsWith('Summarize what you changed'))).toHaveLength(2);
	}, 300_000);
});
