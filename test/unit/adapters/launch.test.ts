import {describe, expect, it} from 'vitest';
import {builtinAdapters} from '../../../src/adapters/index.js';
import {policyAppendix} from '../../../src/adapters/shared/permissions.js';
import type {LaunchMode, LaunchPolicy, RuntimeId} from '../../../src/core/agents/adapter.js';
import {adapter, context, P, SETTINGS, SHIMS, X} from './launch-context.js';

const modes: Array<[LaunchMode, LaunchPolicy]> = [
	['safe', 'constrained'],
	['safe', 'bypass'],
	['auto', 'constrained'],
	['auto', 'bypass'],
	['unattended', 'constrained'],
	['unattended', 'bypass'],
];
type Expected = {argv: string[]; enforcement: string};
const constrained = (mode: LaunchMode, policy: LaunchPolicy) => mode === 'auto' || (mode === 'unattended' && policy === 'constrained');
const bypass = (mode: LaunchMode, policy: LaunchPolicy) => mode === 'unattended' && policy === 'bypass';
const withAppendix = (runtime: string, rules: string[]) => `${P}\n\n${policyAppendix(runtime, rules)}`;

/** The exact argv of every built-in adapter for every mode × policy (reference §4.1, as argv). */
const table: Record<RuntimeId, (mode: LaunchMode, policy: LaunchPolicy) => Expected> = {
	'claude-code': (mode, policy) =>
		bypass(mode, policy)
			? {argv: ['claude', '--permission-mode', 'bypassPermissions', '--settings', SETTINGS, ...X, '--', P], enforcement: 'bypass'}
			: constrained(mode, policy)
				? {argv: ['claude', '--permission-mode', 'dontAsk', '--settings', SETTINGS, ...X, '--', P], enforcement: 'hard'}
				: {argv: ['claude', '--settings', SETTINGS, ...X, '--', P], enforcement: 'prompt'},
	codex: (mode, policy) =>
		bypass(mode, policy)
			? {argv: ['codex', '--dangerously-bypass-approvals-and-sandbox', ...X, '--', P], enforcement: 'bypass'}
			: constrained(mode, policy)
				? {argv: ['codex', '-a', 'never', '-s', 'workspace-write', ...X, '--', withAppendix('codex', ['npm test', 'cargo *', 'apply_patch *'])], enforcement: 'hard_shim'}
				: {argv: ['codex', ...X, '--', P], enforcement: 'prompt'},
	'gemini-cli': (mode, policy) =>
		bypass(mode, policy)
			? {argv: ['gemini', '--yolo', ...X, '-i', P], enforcement: 'bypass'}
			: constrained(mode, policy)
				? {argv: ['gemini', '--approval-mode', 'auto_edit', ...X, '-i', P], enforcement: 'prompt'}
				: {argv: ['gemini', ...X, '-i', P], enforcement: 'prompt'},
	'qwen-code': (mode, policy) =>
		bypass(mode, policy)
			? {argv: ['qwen', '--yolo', ...X, '-i', P], enforcement: 'bypass'}
			: constrained(mode, policy)
				? {argv: ['qwen', '--approval-mode', 'auto-edit', ...X, '-i', P], enforcement: 'prompt'}
				: {argv: ['qwen', ...X, '-i', P], enforcement: 'prompt'},
	aider: (mode, policy) =>
		bypass(mode, policy)
			? {argv: ['aider', '--yes-always', ...X], enforcement: 'bypass'}
			: {argv: ['aider', ...X], enforcement: constrained(mode, policy) ? 'hard_shim' : 'prompt'},
	openclaw: (mode, policy) =>
		bypass(mode, policy)
			? {argv: ['openclaw', 'chat', ...X, '--message', P], enforcement: 'unsupported'}
			: constrained(mode, policy)
				? {argv: ['openclaw', 'chat', ...X, '--message', withAppendix('openclaw', ['npm test', 'cargo *'])], enforcement: 'hard_shim'}
				: {argv: ['openclaw', 'chat', ...X, '--message', P], enforcement: 'prompt'},
	opencode: (mode) => ({argv: ['opencode', ...X, '--prompt', P], enforcement: mode === 'safe' ? 'prompt' : 'unsupported'}),
	copilot: (mode, policy) =>
		bypass(mode, policy)
			? {argv: ['copilot', '--allow-all-tools', ...X, '-i', P], enforcement: 'bypass'}
			: constrained(mode, policy)
				? {argv: ['copilot', '--allow-tool', 'write', '--allow-tool', 'shell(npm test)', '--allow-tool', 'shell(cargo)', ...X, '-i', P], enforcement: 'hard'}
				: {argv: ['copilot', ...X, '-i', P], enforcement: 'prompt'},
	custom: (mode) => ({argv: ['sh', '-c', 'my-agent --fast "$@"', 'sh', ...X], enforcement: mode === 'safe' ? 'prompt' : 'unsupported'}),
	demo: (mode, policy) => ({argv: ['/usr/bin/node', '/opt/tutti/dist/demo-agent.js', ...X], enforcement: bypass(mode, policy) ? 'bypass' : 'prompt'}),
};

describe('launch specs: every adapter × mode × policy', () => {
	const cases = builtinAdapters.flatMap((candidate) => modes.map(([mode, policy]) => [candidate.id, mode, policy] as const));
	it.each(cases)('%s --mode %s --policy %s', (id, mode, policy) => {
		const command = id === 'custom' ? 'my-agent --fast' : undefined;
		const spec = adapter(id).launch(context({mode, policy, command}));
		expect({argv: spec.argv, enforcement: spec.enforcement}).toEqual(table[id](mode, policy));
		expect(spec.env).toMatchObject({TUTTI_AGENT: 'dev', TUTTI_WORKSPACE: 'shop'});
		for (const file of spec.files) expect(file.path.startsWith('/p/.tutti/state/'), file.path).toBe(true);
	});

	it('every built-in is covered by the table', () => {
		expect(Object.keys(table).sort()).toEqual(builtinAdapters.map((candidate) => candidate.id).sort());
	});
});

describe('claude-code', () => {
	it('constrained: writes the rendered settings file it passes with --settings', () => {
		const spec = adapter('claude-code').launch(context({mode: 'auto', permissions: ['read', 'Edit', 'Bash(git status)', 'WebFetch(domain:example.com)', 'npm run *']}));
		expect(spec.files).toEqual([{path: SETTINGS, content: expect.any(String)}]);
		expect(JSON.parse(spec.files[0]?.content ?? '')).toMatchObject({
			permissions: {allow: ['Read', 'Edit', 'Bash(git status)', 'WebFetch(domain:example.com)', 'Bash(npm run *)']},
		});
		expect(spec.warnings).toEqual([]);
	});

	it.each(modes)('--mode %s --policy %s: the settings file registers the state hooks, running `tt hook`', (mode, policy) => {
		const spec = adapter('claude-code').launch(context({mode, policy}));
		expect(spec.argv).toContain('--settings');
		expect(spec.files.map((file) => file.path)).toEqual([SETTINGS]);
		const settings = JSON.parse(spec.files[0]?.content ?? '') as {hooks: Record<string, Array<{matcher?: string; hooks: Array<{type: string; command: string; timeout: number}>}>>; permissions?: unknown};
		expect(Object.keys(settings.hooks).sort()).toEqual(
			['PermissionRequest', 'PostCompact', 'PostToolUse', 'PreCompact', 'PreToolUse', 'SessionEnd', 'SessionStart', 'Stop', 'StopFailure', 'UserPromptSubmit'].sort(),
		);
		for (const [event, groups] of Object.entries(settings.hooks)) {
			expect(groups).toHaveLength(1);
			expect(groups[0]?.hooks).toEqual([{type: 'command', command: `'/usr/bin/node' '/opt/tutti/dist/tt.js' hook claude-code ${event}`, timeout: 5}]);
			expect(groups[0]?.matcher).toBe(['PreToolUse', 'PermissionRequest', 'PostToolUse'].includes(event) ? '*' : undefined);
		}
		expect(settings.permissions !== undefined).toBe(constrained(mode, policy));
	});

	it('quotes the hook command for the shell Claude runs it with', () => {
		const spec = adapter('claude-code').launch(context({nodeBin: "/opt/my node/bin/node", tuttiBin: "/home/o'brien/tt.js"}));
		const settings = JSON.parse(spec.files[0]?.content ?? '') as {hooks: Record<string, Array<{hooks: Array<{command: string}>}>>};
		expect(settings.hooks['Stop']?.[0]?.hooks[0]?.command).toBe(String.raw`'/opt/my node/bin/node' '/home/o'\''brien/tt.js' hook claude-code Stop`);
	});

	it('no prompt: no `--` and nothing after the args', () => {
		expect(adapter('claude-code').launch(context({prompt: undefined})).argv).toEqual(['claude', '--settings', SETTINGS, ...X]);
		expect(adapter('claude-code').launch(context({prompt: '  '})).argv).toEqual(['claude', '--settings', SETTINGS, ...X]);
	});
});

describe('auto without [permissions] rules', () => {
	const warning = 'no [permissions] allow rules in ~/.config/tutti/config.toml: dev starts in safe mode and asks before each tool; add rules, or use --mode unattended --policy bypass';
	it.each(['claude-code', 'codex', 'aider', 'openclaw', 'copilot'] as const)('%s starts like safe, with a warning', (id) => {
		for (const permissions of [undefined, [], ['  ']]) {
			const spec = adapter(id).launch(context({mode: 'auto', permissions}));
			const safe = adapter(id).launch(context({mode: 'safe', permissions}));
			expect(spec.argv).toEqual(safe.argv);
			expect(spec.enforcement).toBe('prompt');
			expect(spec.warnings).toEqual([warning]);
			expect(spec.env['TUTTI_PATH_PREPEND']).toBeUndefined();
		}
	});

	it('codex with tool names only (no shell rule) also starts like safe, saying why', () => {
		const spec = adapter('codex').launch(context({mode: 'auto', permissions: ['Read', 'Edit']}));
		expect(spec.enforcement).toBe('prompt');
		expect(spec.warnings[0]).toMatch(/no shell command rules .* codex needs/);
	});

	it.each(['claude-code', 'codex', 'aider', 'openclaw', 'copilot'] as const)('%s: unattended + constrained without rules is an ERR_POLICY error', (id) => {
		expect(() => adapter(id).launch(context({mode: 'unattended', policy: 'constrained', permissions: undefined}))).toThrow(
			expect.objectContaining({code: 'ERR_POLICY'}),
		);
	});

	it('gemini-cli and qwen-code need no rules for auto; they warn when rules exist that they cannot apply', () => {
		expect(adapter('gemini-cli').launch(context({mode: 'auto', permissions: undefined})).warnings).toEqual([]);
		expect(adapter('qwen-code').launch(context({mode: 'auto'})).warnings[0]).toMatch(/cannot apply \[permissions\] allow rules/);
		expect(adapter('gemini-cli').launch(context({mode: 'unattended', policy: 'constrained'})).warnings[0]).toMatch(/use --policy bypass/);
	});
});

describe('shim-enforced launches (codex, aider, openclaw)', () => {
	it.each(['codex', 'aider', 'openclaw'] as const)('%s: shims for bash/sh/zsh + allow.rules, PATH prepend and SHELL', (id) => {
		const spec = adapter(id).launch(context({mode: 'auto'}));
		expect(spec.env).toMatchObject({TUTTI_PATH_PREPEND: SHIMS, SHELL: `${SHIMS}/sh`});
		const byPath = new Map(spec.files.map((file) => [file.path, file]));
		for (const shell of ['bash', 'sh', 'zsh']) {
			expect(byPath.get(`${SHIMS}/${shell}`)?.mode).toBe(0o755);
			expect(byPath.get(`${SHIMS}/${shell}`)?.content).toMatch(/^#!\/bin\/sh\n/);
		}
		const rules = byPath.get(`${SHIMS}/allow.rules`)?.content;
		expect(rules).toBe(id === 'codex' ? 'npm test\ncargo *\napply_patch *\n' : 'npm test\ncargo *\n');
	});

	it('codex keeps an explicit apply_patch rule and adds no second one', () => {
		const spec = adapter('codex').launch(context({mode: 'auto', permissions: ['apply_patch', 'Bash(npm run test:*)']}));
		expect(spec.files.find((file) => file.path.endsWith('allow.rules'))?.content).toBe('apply_patch\nnpm run test *\n');
	});

	it('aider: the deferred prompt carries the policy appendix', () => {
		const spec = adapter('aider').launch(context({mode: 'auto'}));
		expect(spec.env).toMatchObject({TUTTI_DEFERRED_PROMPT: '1', TUTTI_DEFERRED_PROMPT_FILE: '/p/.tutti/state/runtime-prompts/dev.txt'});
		expect(spec.files.find((file) => file.path.endsWith('runtime-prompts/dev.txt'))?.content).toBe(withAppendix('aider', ['npm test', 'cargo *']));
	});
});

describe('deferred prompts (aider, custom, demo)', () => {
	it.each(['aider', 'custom', 'demo'] as const)('%s: prompt never on the command line; typed by tt up', (id) => {
		const spec = adapter(id).launch(context({command: id === 'custom' ? ['my-agent'] : undefined}));
		expect(spec.argv).not.toContain(P);
		expect(spec.env).toMatchObject({TUTTI_DEFERRED_PROMPT: '1'});
		expect(spec.files).toContainEqual({path: '/p/.tutti/state/runtime-prompts/dev.txt', content: P});
	});

	it.each(['aider', 'custom', 'demo'] as const)('%s: nothing deferred without a prompt', (id) => {
		const spec = adapter(id).launch(context({prompt: undefined, command: id === 'custom' ? ['my-agent'] : undefined}));
		expect(spec.env['TUTTI_DEFERRED_PROMPT']).toBeUndefined();
		expect(spec.files).toEqual([]);
	});

	it('demo: TUTTI_DEMO_HOME under the project', () => {
		expect(adapter('demo').launch(context()).env).toEqual({
			TUTTI_AGENT: 'dev',
			TUTTI_WORKSPACE: 'shop',
			TUTTI_DEMO_HOME: '/p/.tutti/demo-home',
			TUTTI_DEFERRED_PROMPT: '1',
			TUTTI_DEFERRED_PROMPT_FILE: '/p/.tutti/state/runtime-prompts/dev.txt',
		});
	});
});

describe('command override', () => {
	it('an array replaces the binary; its own args come first', () => {
		expect(adapter('claude-code').launch(context({command: ['/opt/claude-work', '--profile', 'w']})).argv).toEqual(['/opt/claude-work', '--profile', 'w', '--settings', SETTINGS, ...X, '--', P]);
		expect(adapter('demo').launch(context({command: ['node', 'dev/demo.js']})).argv).toEqual(['node', 'dev/demo.js', ...X]);
	});

	it('a string runs through sh -c with the adapter args as "$@"', () => {
		expect(adapter('codex').launch(context({command: 'OPENAI_BASE_URL=http://x codex'})).argv).toEqual(['sh', '-c', 'OPENAI_BASE_URL=http://x codex "$@"', 'sh', ...X, '--', P]);
	});

	it('an empty command is a config error', () => {
		expect(() => adapter('codex').launch(context({command: ''}))).toThrow(expect.objectContaining({code: 'ERR_CONFIG_INVALID'}));
		expect(() => adapter('codex').launch(context({command: []}))).toThrow(expect.objectContaining({code: 'ERR_CONFIG_INVALID'}));
	});
});

describe('custom', () => {
	it('array command as-is, plus args', () => {
		expect(adapter('custom').launch(context({command: ['my-agent', '--fast']})).argv).toEqual(['my-agent', '--fast', ...X]);
	});

	it('string command without args is plain sh -c', () => {
		expect(adapter('custom').launch(context({command: 'my-agent --fast', extraArgs: []})).argv).toEqual(['sh', '-c', 'my-agent --fast']);
	});

	it('needs a command', () => {
		expect(() => adapter('custom').launch(context({command: undefined}))).toThrow(/runtime "custom" but no command/);
	});

	it('warns that unattended flags cannot be passed', () => {
		expect(adapter('custom').launch(context({command: ['a'], mode: 'unattended', policy: 'bypass'})).warnings[0]).toMatch(/cannot pass --mode unattended --policy bypass/);
	});
});

describe('agent names', () => {
	it.each(['../evil', 'a/b', '.hidden', '', 'x..y'])('refuses %j (it becomes a file name)', (agent) => {
		for (const candidate of builtinAdapters) {
			expect(() => candidate.launch(context({agent, command: ['x']}))).toThrow(expect.objectContaining({code: 'ERR_CONFIG_INVALID'}));
		}
	});
});
