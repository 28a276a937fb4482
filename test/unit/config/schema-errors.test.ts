import {describe, expect, it} from 'vitest';
import {MAX_LISTED_ISSUES, parseWorkspaceConfig} from '../../../src/core/config/index.js';
import {minimal} from './fixtures.js';
import {errorOf, issuesOf} from './helpers.js';

describe('schema errors', () => {
	it('give the dotted key path, what was expected and what was found', () => {
		const issues = issuesOf(
			minimal('[[agent]]\nname = "implementer"\npersistent = "yes"\n\n[[workflow]]\nname = "ship"\n[[workflow.step]]\ntype = "command"\nrun = "make"\ntimeout_secs = "5"\n'),
		);
		expect(issues).toEqual([
			'tutti.toml: agent "implementer".persistent: expected true or false, got "yes"',
			'tutti.toml: workflow "ship" step 1.timeout_secs: expected a number, got "5"',
		]);
	});

	it('list the allowed values of enums, with a suggestion', () => {
		const issues = issuesOf(minimal('[launch]\nmode = "atuo"\npolicy = "open"\n'));
		expect(issues[0]).toBe('tutti.toml: launch.mode: expected one of the allowed values, got "atuo" (allowed: safe, auto, unattended; did you mean "auto"?)');
		expect(issues[1]).toBe('tutti.toml: launch.policy: expected one of the allowed values, got "open" (allowed: constrained, bypass)');
	});

	it('list step types for an unknown or missing step type', () => {
		const issues = issuesOf(minimal('[[agent]]\nname = "a"\n[[workflow]]\nname = "w"\n[[workflow.step]]\ntype = "promt"\n[[workflow.step]]\nagent = "a"\n'));
		expect(issues[0]).toContain('workflow "w" step 1.type: expected one of the allowed values, got "promt" (allowed: prompt, command, ensure_running, workflow, review, land; did you mean "prompt"?)');
		expect(issues[1]).toContain('workflow "w" step 2.type: required key is missing (allowed: prompt, command');
	});

	it('reject unknown runtimes, listing the runtime ids', () => {
		const issues = issuesOf(minimal('[[agent]]\nname = "a"\nruntime = "cluade-code"\n'));
		expect(issues[0]).toMatch(/^tutti\.toml: agent "a"\.runtime: expected a runtime name, got "cluade-code" \(allowed: claude-code, codex, gemini-cli, .*custom, demo; did you mean "claude-code"\?\)$/);
	});

	it('accept runtime aliases and normalise them', () => {
		const {config} = parseWorkspaceConfig(minimal('[[agent]]\nname = "a"\nruntime = "Claude"\n[[agent]]\nname = "b"\nruntime = "gemini"\n'));
		expect(config.agent.map((agent) => agent.runtime)).toEqual(['claude-code', 'gemini-cli']);
	});

	it('report missing required keys', () => {
		const issues = issuesOf('[defaults]\nworktree = true\n[[agent]]\nruntime = "codex"\n');
		expect(issues).toContain('tutti.toml: workspace: required key is missing (expected a table)');
		expect(issues).toContain('tutti.toml: agent #1.name: required key is missing (expected a string)');
	});

	it('check numbers, ranges and integers', () => {
		const issues = issuesOf(minimal('[handoff]\nthreshold = 1.5\n[observe]\nport = 70000\n[budget]\nwarn_threshold_pct = 0\nworkspace_weekly_tokens = 1.5\n'));
		expect(issues).toEqual([
			'tutti.toml: handoff.threshold: expected a number < 1, got 1.5',
			'tutti.toml: observe.port: expected a number ≤ 65535, got 70000',
			'tutti.toml: budget.warn_threshold_pct: expected a number > 0, got 0',
			'tutti.toml: budget.workspace_weekly_tokens: expected an integer, got 1.5',
		]);
	});

	it('list at most five issues and count the rest', () => {
		const agents = Array.from({length: 7}, (_, index) => `[[agent]]\nname = "a${index}"\npersistent = 1\n`).join('');
		const error = errorOf(() => parseWorkspaceConfig(minimal(agents), 'tutti.toml'));
		expect(error.code).toBe('ERR_CONFIG_INVALID');
		expect(error.message.split('\n').filter((line) => line.startsWith('  tutti.toml:'))).toHaveLength(MAX_LISTED_ISSUES);
		expect(error.message).toContain('… and 2 more');
		expect(error.message).toContain('(7 problems)');
		expect(error.hint).toContain('docs/config.md');
		expect((error.details?.['issues'] as unknown[]).length).toBe(7);
	});

	it('check env names, regexes and time zones', () => {
		const issues = issuesOf(
			minimal('[workspace.env]\n"MY VAR" = "x"\n[[agent]]\nname = "a"\nmodel = 3\n[agent.screen]\nidle = ["(unclosed"]\n', '[defaults]\nruntime = "codex"\n').replace('name = "demo"', 'name = "demo"\ntimezone = "Mars/Olympus"'),
		);
		expect(issues).toHaveLength(4);
		expect(issues).toContain('tutti.toml: workspace.timezone: expected an IANA time zone name such as "UTC" or "Europe/Paris", got "Mars/Olympus"');
		expect(issues[0]).toMatch(/^tutti\.toml: workspace\.env\."MY VAR": expected an environment variable name .*, got key "MY VAR"$/);
		expect(issues).toContain('tutti.toml: agent "a".model: expected a string, got 3');
		expect(issues[2]).toMatch(/^tutti\.toml: agent "a"\.screen\.idle #1: expected a valid regular expression, got "\(unclosed" \(.*\)$/);
	});

	it('check the workspace name', () => {
		expect(issuesOf('[workspace]\nname = "a/b"\n')[0]).toContain('workspace.name: expected a non-empty name of at most 64 characters without "/" or control characters, got "a/b"');
		expect(issuesOf('[workspace]\nname = ""\n')[0]).toContain('workspace.name:');
		expect(issuesOf(`[workspace]\nname = "${'x'.repeat(65)}"\n`)[0]).toContain('workspace.name:');
	});

	it('accept command as a string or an argv array, not an empty one', () => {
		const {config} = parseWorkspaceConfig(minimal('[[agent]]\nname = "a"\nruntime = "custom"\ncommand = "my-cli --fast"\n'));
		expect(config.agent[0]?.command).toBe('my-cli --fast');
		expect(issuesOf(minimal('[[agent]]\nname = "a"\ncommand = []\n'))[0]).toBe('tutti.toml: agent "a".command: expected at least 1 entry, got an empty array');
		expect(issuesOf(minimal('[[agent]]\nname = "a"\ncommand = 5\n'))[0]).toBe('tutti.toml: agent "a".command: expected a string or an array, got 5');
	});
});

describe('hostile names and paths', () => {
	it.each([['a;rm -rf ~'], ['../x'], ['x y'], ['-flag'], ['']])('rejects agent name %j naming agent[n].name', (name) => {
		const issues = issuesOf(minimal(`[[agent]]\nname = "ok"\n[[agent]]\nname = ${JSON.stringify(name)}\n`));
		expect(issues[0]).toBe(
			`tutti.toml: agent #2.name: expected a name of letters, digits, "-" and "_" that starts with a letter or digit (at most 63 characters), got ${JSON.stringify(name)}`,
		);
	});

	it('rejects a 64-character agent name', () => {
		expect(issuesOf(minimal(`[[agent]]\nname = "${'a'.repeat(64)}"\n`))[0]).toContain('agent #1.name: expected a name');
	});

	it.each([['../secret'], ['/etc/passwd'], ['notes/../../x'], ['~/x'], ['']])('rejects memory %j', (memory) => {
		const issues = issuesOf(minimal(`[[agent]]\nname = "a"\nmemory = ${JSON.stringify(memory)}\n`));
		expect(issues[0]).toMatch(/^tutti\.toml: agent "a"\.memory: expected a path relative to the project without "\.\.", got .* \(it (has a "\.\." component|is absolute|is empty)\)$/);
	});

	it.each([['a b'], ['a..b'], ['-x'], ['x.lock'], ['a/'], ['x~1'], ['a:b'], ['.hidden'], ['@']])('rejects branch %j', (branch) => {
		const issues = issuesOf(minimal(`[[agent]]\nname = "a"\nbranch = ${JSON.stringify(branch)}\n`));
		expect(issues[0]).toMatch(/^tutti\.toml: agent "a"\.branch: expected a valid git branch name, got .* \(.+\)$/);
	});

	it('accepts ordinary branches', () => {
		const {config} = parseWorkspaceConfig(minimal('[[agent]]\nname = "a"\nbranch = "feature/a-1_b.c"\n'));
		expect(config.agent[0]?.branch).toBe('feature/a-1_b.c');
	});

	it('checks inject_files, output_json and subdir paths, allowing output templates', () => {
		const workflow = (step: string) => minimal(`[[agent]]\nname = "a"\n[[workflow]]\nname = "w"\n[[workflow.step]]\n${step}\n`);
		expect(issuesOf(workflow('type = "prompt"\nagent = "a"\ntext = "x"\ninject_files = ["ok.md", "../up.md"]'))[0]).toMatch(
			/^tutti\.toml: workflow "w" step 1\.inject_files #2: expected a path relative to the project without "\.\." \(or an \{\{output\.<id>\.path\}\} template\), got "\.\.\/up\.md"/,
		);
		expect(issuesOf(workflow('type = "prompt"\nagent = "a"\ntext = "x"\nid = "s"\noutput_json = "/tmp/out.json"'))[0]).toContain('workflow "w" step 1.output_json: expected a path relative');
		expect(issuesOf(workflow('type = "command"\nrun = "x"\nsubdir = "../elsewhere"'))[0]).toContain('workflow "w" step 1.subdir: expected a path relative');
		expect(issuesOf(workflow('type = "prompt"\nagent = "a"\ntext = "x"\ninject_files = ["{{output.x.json}}"]'))[0]).toContain('it has a template other than {{output.<id>.path}}');
	});
});
