import {describe, expect, it} from 'vitest';
import {agentBranch, agentUsesWorktree, findAgent, launchOrder, parseWorkspaceConfig, resolveAgentRuntime} from '../../../src/core/config/index.js';
import {FULL_CONFIG, minimal} from './fixtures.js';
import {errorOf} from './helpers.js';

describe('resolution helpers', () => {
	const {config} = parseWorkspaceConfig(FULL_CONFIG);
	const agent = (name: string) => findAgent(config, name);

	it('resolveAgentRuntime: agent runtime > [roles] > [defaults] runtime', () => {
		expect(resolveAgentRuntime(config, agent('reviewer'))).toBe('codex');
		expect(resolveAgentRuntime(config, agent('implementer'))).toBe('claude-code');
		expect(resolveAgentRuntime(config, agent('local-llm'))).toBe('custom');
		const plain = parseWorkspaceConfig(minimal('[roles]\nr = "codex"\n[[agent]]\nname = "a"\nrole = "r"\nruntime = "aider"\n[[agent]]\nname = "b"\n')).config;
		expect(resolveAgentRuntime(plain, findAgent(plain, 'a'))).toBe('aider');
		expect(resolveAgentRuntime(plain, findAgent(plain, 'b'))).toBe('claude-code');
	});

	it('agentUsesWorktree: agent worktree > [defaults] worktree, false without [defaults]', () => {
		expect(agentUsesWorktree(config, agent('planner'))).toBe(true);
		expect(agentUsesWorktree(config, agent('tester'))).toBe(false);
		const noDefaults = parseWorkspaceConfig('[workspace]\nname = "x"\n[[agent]]\nname = "a"\nruntime = "codex"\n[[agent]]\nname = "b"\nruntime = "codex"\nworktree = true\n').config;
		expect(agentUsesWorktree(noDefaults, findAgent(noDefaults, 'a'))).toBe(false);
		expect(agentUsesWorktree(noDefaults, findAgent(noDefaults, 'b'))).toBe(true);
	});

	it('agentBranch: branch or tutti/<name>', () => {
		expect(agentBranch(agent('implementer'))).toBe('feature/implementer');
		expect(agentBranch(agent('planner'))).toBe('tutti/planner');
	});

	it('findAgent throws ERR_AGENT_UNKNOWN with a did-you-mean hint', () => {
		const error = errorOf(() => findAgent(config, 'implmenter'));
		expect(error.code).toBe('ERR_AGENT_UNKNOWN');
		expect(error.message).toBe('unknown agent "implmenter"');
		expect(error.hint).toBe('Did you mean "implementer"?');
		expect(errorOf(() => findAgent(config, 'zzzzzzzz')).hint).toContain('Agents in this workspace: planner, implementer');
	});
});

describe('launchOrder', () => {
	const text = minimal(
		'[[agent]]\nname = "tests"\ndepends_on = ["api", "web"]\n[[agent]]\nname = "web"\ndepends_on = ["api"]\n[[agent]]\nname = "docs"\n[[agent]]\nname = "api"\n[[agent]]\nname = "ops"\ndepends_on = ["docs"]\n',
	);
	const {config} = parseWorkspaceConfig(text);
	const names = (agents: ReadonlyArray<{name: string}>) => agents.map((agent) => agent.name);

	it('puts dependencies first and otherwise keeps declaration order', () => {
		expect(names(launchOrder(config))).toEqual(['docs', 'api', 'web', 'tests', 'ops']);
	});

	it('with names, includes only those, in the same order', () => {
		expect(names(launchOrder(config, ['tests', 'api']))).toEqual(['api', 'tests']);
		expect(names(launchOrder(config, ['ops']))).toEqual(['ops']);
		expect(errorOf(() => launchOrder(config, ['nope'])).code).toBe('ERR_AGENT_UNKNOWN');
	});

	it('is declaration order without dependencies', () => {
		const plain = parseWorkspaceConfig(minimal('[[agent]]\nname = "c"\n[[agent]]\nname = "a"\n[[agent]]\nname = "b"\n')).config;
		expect(names(launchOrder(plain))).toEqual(['c', 'a', 'b']);
	});
});
