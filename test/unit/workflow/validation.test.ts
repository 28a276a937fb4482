import {describe, expect, it} from 'vitest';
import {parseWorkspaceConfig} from '../../../src/core/config/index.js';
import {issuesOf} from '../config/helpers.js';

/**
 * Reference §8.1 rules not already covered by test/unit/config/workflow.test.ts and
 * schema-errors.test.ts: each error names the workflow, the step (1-based) and the key.
 */
const agents = '[workspace]\nname = "w"\n[[agent]]\nname = "dev"\nruntime = "demo"\n';
const wf = (steps: string[], head = 'name = "ship"') => `${agents}[[workflow]]\n${head}\n${steps.map((step) => `[[workflow.step]]\n${step}\n`).join('')}`;

describe('workflow validation (reference §8.1), the remaining rules', () => {
	it('a workflow name is not empty', () => {
		expect(issuesOf(wf(['type = "command"\nrun = "x"'], 'name = " "'))).toEqual(['tutti.toml: workflow #1.name: expected a non-empty name without control characters, got " "']);
	});

	it('a step has a known type', () => {
		expect(issuesOf(wf(['type = "shell"\nrun = "x"']))[0]).toBe('tutti.toml: workflow "ship" step 1.type: expected one of the allowed values, got "shell" (allowed: prompt, command, ensure_running, workflow, review, land)');
	});

	it('ids are not empty', () => {
		expect(issuesOf(wf(['type = "command"\nid = ""\nrun = "x"']))).toEqual(['tutti.toml: workflow "ship" step 1: id: must not be empty']);
	});

	it('artifact_glob is not empty', () => {
		expect(issuesOf(wf(['type = "prompt"\nid = "d"\nagent = "dev"\ntext = "x"\nartifact_glob = " "\nartifact_name = "doc"']))).toEqual(['tutti.toml: workflow "ship" step 1: artifact_glob: must not be empty']);
	});

	it('inject_files entries are not empty and not absolute', () => {
		expect(issuesOf(wf(['type = "prompt"\nagent = "dev"\ntext = "x"\ninject_files = [""]']))[0]).toBe(
			'tutti.toml: workflow "ship" step 1.inject_files #1: expected a path relative to the project without ".." (or an {{output.<id>.path}} template), got "" (it is empty)',
		);
		expect(issuesOf(wf(['type = "prompt"\nagent = "dev"\ntext = "x"\ninject_files = ["/etc/passwd"]']))[0]).toContain('step 1.inject_files #1: expected a path relative to the project without ".." (or an {{output.<id>.path}} template), got "/etc/passwd" (it is absolute)');
		expect(issuesOf(wf(['type = "prompt"\nagent = "dev"\ntext = "x"\ninject_files = ["~/.ssh/id_rsa"]']))[0]).toContain('got "~/.ssh/id_rsa" (it is absolute)');
	});

	it('subdir is not empty, not absolute', () => {
		expect(issuesOf(wf(['type = "command"\nrun = "x"\nsubdir = ""']))[0]).toBe('tutti.toml: workflow "ship" step 1.subdir: expected a path relative to the project without "..", got "" (it is empty)');
		expect(issuesOf(wf(['type = "command"\nrun = "x"\nsubdir = "/tmp"']))[0]).toContain('step 1.subdir: expected a path relative to the project without "..", got "/tmp" (it is absolute)');
	});

	it('timeouts are positive whole seconds', () => {
		expect(issuesOf(wf(['type = "command"\nrun = "x"\ntimeout_secs = 0']))[0]).toBe('tutti.toml: workflow "ship" step 1.timeout_secs: expected a number > 0, got 0');
		expect(issuesOf(wf(['type = "prompt"\nagent = "dev"\ntext = "x"\nwait_for_idle = true\nwait_timeout_secs = 1.5']))[0]).toBe('tutti.toml: workflow "ship" step 1.wait_timeout_secs: expected an integer, got 1.5');
	});

	it('a cycle closed by an implicit dependency is refused when the config loads', () => {
		expect(() => parseWorkspaceConfig(wf(['type = "command"\nrun = "a"', 'type = "command"\nrun = "b"\ndepends_on = [3]', 'type = "command"\nrun = "c"']))).toThrow(/workflow "ship" step \d+: depends_on: cycle between steps (2 → 3 → 2|3 → 2 → 3)/);
	});
});
