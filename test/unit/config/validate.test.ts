import {describe, expect, it} from 'vitest';
import {parseWorkspaceConfig} from '../../../src/core/config/index.js';
import {minimal} from './fixtures.js';
import {issuesOf} from './helpers.js';

describe('unknown keys', () => {
	it('are warnings with a did-you-mean, and are dropped from the config', () => {
		const {config, warnings} = parseWorkspaceConfig(minimal('[[agent]]\nname = "a"\nruntme = "codex"\n[agnet]\nx = 1\n'), 'tutti.toml');
		expect(warnings.map((warning) => warning.text)).toEqual([
			'tutti.toml:9:1: agent "a": unknown key "runtme" is ignored (did you mean "runtime"?)',
			'tutti.toml:10:1: unknown key "agnet" is ignored (did you mean "agent"?)',
		]);
		expect(warnings[0]).toMatchObject({code: 'unknown_key', where: 'agent "a"', message: 'agent "a": unknown key "runtme" is ignored (did you mean "runtime"?)', line: 9, column: 1});
		expect(config.agent[0]).not.toHaveProperty('runtme');
	});

	it('say which step type a misplaced step key belongs to', () => {
		const {warnings} = parseWorkspaceConfig(
			minimal('[[agent]]\nname = "a"\n[[workflow]]\nname = "w"\n[[workflow.step]]\ntype = "prompt"\nagent = "a"\ntext = "x"\nfail_mode = "open"\ntimout_secs = 3\n'),
		);
		expect(warnings.map((warning) => warning.message)).toEqual([
			'workflow "w" step 1: unknown key "fail_mode" is ignored (only for type = "command", "ensure_running", "workflow", "review", "land")',
			'workflow "w" step 1: unknown key "timout_secs" is ignored (did you mean "timeout_secs"? it is only for type = "command")',
		]);
	});

	it('reach nested tables and keys without a close match', () => {
		const {warnings} = parseWorkspaceConfig(minimal('[workspace.auth]\ndefault_profil = "x"\n[budget]\nmood = "warn"\n[launch]\nzzzzzz = 1\n'));
		expect(warnings.map((warning) => warning.message)).toEqual([
			'workspace.auth: unknown key "default_profil" is ignored (did you mean "default_profile"?)',
			'budget: unknown key "mood" is ignored',
			'launch: unknown key "zzzzzz" is ignored',
		]);
	});
});

describe('agents', () => {
	it('reject duplicate names', () => {
		expect(issuesOf(minimal('[[agent]]\nname = "a"\n[[agent]]\nname = "a"\n'))).toEqual(['tutti.toml: agent #2.name: duplicate agent name "a" (first defined as agent #1)']);
	});

	it('refuse network = "none" without a sandbox to hold it', () => {
		expect(issuesOf(minimal('[[agent]]\nname = "a"\nnetwork = "none"\n[[agent]]\nname = "b"\nnetwork = "none"\nsandbox = "bwrap"\n'))).toEqual([
			'tutti.toml: agent "a".network: network = "none" needs a sandbox to hold it: set sandbox = "bwrap" on the agent (or in [defaults])',
		]);
		const {config} = parseWorkspaceConfig(minimal('[[agent]]\nname = "a"\n', '[defaults]\nruntime = "claude-code"\nsandbox = "bwrap"\nnetwork = "none"\n'), 'tutti.toml');
		expect(config.defaults).toMatchObject({sandbox: 'bwrap', network: 'none'});
	});

	it('reject unknown and self dependencies', () => {
		expect(issuesOf(minimal('[[agent]]\nname = "builder"\n[[agent]]\nname = "b"\ndepends_on = ["buidler", "b"]\n'))).toEqual([
			'tutti.toml: agent "b".depends_on #1: unknown agent "buidler" (did you mean "builder"?)',
			'tutti.toml: agent "b".depends_on #2: an agent cannot depend on itself',
		]);
	});

	it('print dependency cycles as a path', () => {
		const issues = issuesOf(minimal('[[agent]]\nname = "a"\ndepends_on = ["c"]\n[[agent]]\nname = "b"\ndepends_on = ["a"]\n[[agent]]\nname = "c"\ndepends_on = ["b"]\n'));
		expect(issues).toEqual(['tutti.toml: agent "a".depends_on: dependency cycle: a → c → b → a']);
	});

	it('require roles to exist in [roles]', () => {
		expect(issuesOf(minimal('[roles]\nplanner = "codex"\n[[agent]]\nname = "a"\nrole = "planer"\n'))[0]).toBe(
			'tutti.toml: agent "a".role: role "planer" is not defined in [roles] (defined roles: planner); add `planer = "<runtime>"` under [roles]',
		);
	});

	it('require a resolvable runtime at load time', () => {
		const issues = issuesOf('[workspace]\nname = "x"\n[[agent]]\nname = "a"\n');
		expect(issues[0]).toMatch(/^tutti\.toml: agent "a": no runtime: set `runtime` on the agent, map its role in \[roles\], or set \[defaults\] runtime \(allowed: claude-code, /);
	});

	it('require command for the custom runtime', () => {
		expect(issuesOf(minimal('[[agent]]\nname = "a"\nruntime = "custom"\n'))).toEqual([
			'tutti.toml: agent "a": runtime "custom" requires `command` (the CLI to launch, e.g. command = ["my-agent", "--flag"])',
		]);
	});

	it('reject two worktree agents on one branch', () => {
		const text = minimal('[[agent]]\nname = "a"\nbranch = "shared"\n[[agent]]\nname = "b"\nbranch = "shared"\n', '[defaults]\nruntime = "codex"\nworktree = true\n');
		expect(issuesOf(text)).toEqual(['tutti.toml: agent "b".branch: branch "shared" is already used by agent "a"; each worktree needs its own branch']);
	});
});

describe('[defaults] quirk', () => {
	const warningText = 'no [defaults] table: agents run in the project root without their own worktree (as in tutti v0.8)';

	it('without [defaults], worktrees are off and a warning says so', () => {
		const {config, warnings} = parseWorkspaceConfig('[workspace]\nname = "x"\n[[agent]]\nname = "a"\nruntime = "codex"\n');
		expect(config.defaults).toEqual({worktree: false});
		expect(warnings).toHaveLength(1);
		expect(warnings[0]?.code).toBe('no_defaults_table');
		expect(warnings[0]?.message).toContain(warningText);
		expect(warnings[0]?.message).toContain('worktree = true');
	});

	it('with an empty [defaults], worktrees are on and there is no warning', () => {
		const {config, warnings} = parseWorkspaceConfig('[workspace]\nname = "x"\n[defaults]\n[[agent]]\nname = "a"\nruntime = "codex"\n');
		expect(config.defaults.worktree).toBe(true);
		expect(warnings).toEqual([]);
	});

	it('no warning when every agent says worktree explicitly', () => {
		const {warnings} = parseWorkspaceConfig('[workspace]\nname = "x"\n[[agent]]\nname = "a"\nruntime = "codex"\nworktree = true\n');
		expect(warnings).toEqual([]);
	});
});

describe('tool packs, hooks, webhooks, budget', () => {
	it('reject duplicate tool packs and empty entries', () => {
		expect(issuesOf(minimal('[[tool_pack]]\nname = "x"\n[[tool_pack]]\nname = "x"\nrequired_commands = [""]\n'))).toEqual([
			'tutti.toml: tool_pack "x" (#2).required_commands #1: expected a non-empty string, got ""',
		]);
		expect(issuesOf(minimal('[[tool_pack]]\nname = "x"\n[[tool_pack]]\nname = "x"\n'))).toEqual(['tutti.toml: tool_pack #2.name: duplicate tool_pack name "x" (first defined as tool_pack #1)']);
	});

	it('check hook references and shape', () => {
		const issues = issuesOf(
			minimal(
				'[[agent]]\nname = "a"\n[[workflow]]\nname = "verify"\n[[workflow.step]]\ntype = "command"\nrun = "x"\n' +
					'[[hook]]\nevent = "agent_stop"\nworkflow = "verfy"\nagent = "b"\nworkflow_source = "run"\n' +
					'[[hook]]\nevent = "workflow_complete"\nworkflow = "verify"\nrun = "echo"\n' +
					'[[hook]]\nevent = "agent_stop"\n',
			),
		);
		expect(issues).toEqual([
			'tutti.toml: hook #1.workflow_source: only allowed with event = "workflow_complete"',
			'tutti.toml: hook #1.workflow: unknown workflow "verfy" (did you mean "verify"?)',
			'tutti.toml: hook #1.agent: unknown agent "b"',
			'tutti.toml: hook #2: set exactly one of `workflow` or `run`',
			'tutti.toml: hook #3: set exactly one of `workflow` or `run`',
		]);
		expect(issuesOf(minimal('[[hook]]\nevent = "agent_start"\nrun = "x"\n'))[0]).toBe(
			'tutti.toml: hook #1.event: expected one of the allowed values, got "agent_start" (allowed: agent_stop, workflow_complete; did you mean "agent_stop"?)',
		);
	});

	it('check webhooks', () => {
		const issues = issuesOf(minimal('[[agent]]\nname = "a"\n[[webhook]]\nsource = "github"\n[[webhook]]\nsource = "x"\nworkflow = "nope"\nprompt = "p"\n[[webhook]]\nsource = ""\nagent = "a"\n'));
		expect(issues).toEqual(['tutti.toml: webhook #3.source: expected a non-empty string, got ""']);
		expect(issuesOf(minimal('[[agent]]\nname = "a"\n[[webhook]]\nsource = "github"\n[[webhook]]\nsource = "x"\nworkflow = "nope"\nprompt = "p"\n'))).toEqual([
			'tutti.toml: webhook #1: set exactly one of `workflow` or `agent`',
			'tutti.toml: webhook #2.prompt: `prompt` is only allowed together with `agent`',
			'tutti.toml: webhook #2.workflow: unknown workflow "nope"',
		]);
	});

	it('check budget agents and values', () => {
		expect(issuesOf(minimal('[[agent]]\nname = "a"\n[budget.agent_weekly_tokens]\nb = 10\n'))).toEqual(['tutti.toml: budget.agent_weekly_tokens.b: unknown agent "b"']);
		expect(issuesOf(minimal('[[agent]]\nname = "a"\n[budget.agent_weekly_tokens]\na = 0\n'))).toEqual(['tutti.toml: budget.agent_weekly_tokens.a: expected a number > 0, got 0']);
	});
});
