import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {parse as parseToml} from 'smol-toml';
import {afterEach, describe, expect, it} from 'vitest';
import {parseWorkspaceConfig} from '../../../src/core/config/index.js';
import {TuttiError} from '../../../src/core/errors.js';
import {listTemplates, loadTemplate, parseTemplate, renderTemplate, templateSeparator} from '../../../src/core/init/index.js';
import {makeTempDir} from '../../helpers/sandbox.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
	for (const cleanup of cleanups.splice(0)) cleanup();
});
function tempDir(): string {
	const {dir, cleanup} = makeTempDir('tutti-init-');
	cleanups.push(cleanup);
	return dir;
}

describe('built-in templates', () => {
	it('lists minimal, rust-cli, gstack-startup, demo and conductor', () => {
		expect(listTemplates().map((template) => template.name)).toEqual(['minimal', 'rust-cli', 'gstack-startup', 'demo', 'conductor']);
	});

	it('conductor: the implementers may write only to the conductor (no loop between them), the conductor to both', () => {
		const {config} = parseWorkspaceConfig(renderTemplate(loadTemplate('conductor', '/'), {projectName: 'shop'}));
		const peers = Object.fromEntries(config.agent.map((agent) => [agent.name, agent.mcp?.peers]));
		expect(peers).toEqual({conductor: ['impl-a', 'impl-b'], 'impl-a': ['conductor'], 'impl-b': ['conductor']});
		expect(config.agent.find((agent) => agent.name === 'impl-a')?.mcp?.tools).not.toContain('wait_for');
	});

	it.each(listTemplates().map((template) => [template.name, template] as const))('%s renders a tutti.toml that loads', (_name, template) => {
		const text = renderTemplate(template, {projectName: 'shop'});
		expect(text.split('\n')[0]).toBe(`# template: ${template.name} ${template.version}`);
		expect(text).not.toContain('{{project_name}}');
		expect(text).not.toContain('[template]');
		expect(text).not.toContain(templateSeparator);
		const toml = parseToml(text) as {workspace: {name: string}};
		expect(toml.workspace.name).toBe('shop');
		const {config, warnings} = parseWorkspaceConfig(text, `${template.name}.toml`);
		expect(warnings).toEqual([]);
		expect(config.agent.length).toBeGreaterThan(0);
		// Every role the header declares is the runtime the config gives it.
		for (const [role, info] of Object.entries(template.roles)) expect(config.roles[role], role).toBe(info.defaultRuntime);
	});

	it('minimal: backend and frontend on claude-code', () => {
		const {config} = parseWorkspaceConfig(renderTemplate(loadTemplate('minimal', '/'), {projectName: 'p'}));
		expect(config.defaults).toMatchObject({worktree: true, runtime: 'claude-code'});
		expect(config.agent.map((agent) => [agent.name, agent.scope])).toEqual([
			['backend', 'src/api/**'],
			['frontend', 'src/app/**'],
		]);
	});

	it('rust-cli: tester depends on implementer; verify runs cargo test and clippy, closed', () => {
		const {config} = parseWorkspaceConfig(renderTemplate(loadTemplate('rust-cli', '/'), {projectName: 'p'}));
		expect(config.agent.find((agent) => agent.name === 'tester')?.depends_on).toEqual(['implementer']);
		const verify = config.workflow.find((workflow) => workflow.name === 'verify');
		expect(verify?.step).toMatchObject([
			{type: 'command', run: 'cargo test --quiet', timeout_secs: 600, fail_mode: 'closed'},
			{type: 'command', run: 'cargo clippy -- -D warnings', timeout_secs: 300, fail_mode: 'closed'},
		]);
	});

	it('gstack-startup: five agents, reviewer on codex, the sdlc-gstack workflow', () => {
		const template = loadTemplate('gstack-startup', '/');
		expect(template.detect).toEqual(['Cargo.toml']);
		const {config} = parseWorkspaceConfig(renderTemplate(template, {projectName: 'p'}));
		expect(config.agent.map((agent) => agent.name)).toEqual(['planner', 'implementer', 'tester', 'reviewer', 'docs-release']);
		expect(config.roles['reviewer']).toBe('codex');
		expect(config.defaults.runtime).toBeUndefined();
		const steps = config.workflow.find((workflow) => workflow.name === 'sdlc-gstack')?.step ?? [];
		expect(steps.map((step) => ('id' in step && step.id) || step.type)).toEqual([
			'ensure_running',
			'ensure_running',
			'ensure_running',
			'design',
			'eng_review',
			'implement_code',
			'validate',
			'qa',
			'ship',
		]);
		expect(steps[3]).toMatchObject({text: '/office-hours', artifact_name: 'design_doc', wait_for_idle: false, wait_timeout_secs: 3600});
		expect(steps[5]).toMatchObject({wait_for_idle: true, wait_timeout_secs: 7200, startup_grace_secs: 120});
	});

	it('demo: planner, implementer, tester on demo; ship = plan → implement → test → review → land', () => {
		const {config} = parseWorkspaceConfig(renderTemplate(loadTemplate('demo', '/'), {projectName: 'p'}));
		expect(config.defaults).toMatchObject({worktree: true, runtime: 'demo'});
		expect(config.agent.map((agent) => [agent.name, agent.role])).toEqual([
			['planner', 'planner'],
			['implementer', 'implementer'],
			['tester', 'tester'],
		]);
		expect(Object.values(config.roles)).toEqual(['demo', 'demo', 'demo']);
		const steps = config.workflow.find((workflow) => workflow.name === 'ship')?.step ?? [];
		expect(steps.map((step) => step.type)).toEqual(['prompt', 'prompt', 'prompt', 'prompt', 'command', 'prompt', 'prompt', 'review', 'land', 'land', 'land']);
		for (const step of steps) if (step.type === 'prompt') expect(step.wait_for_idle, step.id).toBe(true);
		expect(steps[0]).toMatchObject({agent: 'planner', text: expect.stringMatching(/^write PLAN\.md /)});
		expect(steps[1]).toMatchObject({agent: 'planner', text: expect.stringMatching(/^commit /)});
		expect(steps[4]).toMatchObject({type: 'command', run: 'git log --oneline -1', cwd: 'agent_worktree', agent: 'implementer'});
		expect(steps[7]).toMatchObject({type: 'review', agent: 'implementer', reviewer: 'tester'});
	});
});

describe('renderTemplate', () => {
	it('escapes the project name for TOML strings', () => {
		const hostile = 'a"b\\c\nd';
		const text = renderTemplate(loadTemplate('minimal', '/'), {projectName: hostile});
		expect((parseToml(text) as {workspace: {name: string}}).workspace.name).toBe(hostile);
	});

	it('rejects a template whose body is not valid TOML', () => {
		const template = parseTemplate(`[template]\nname = "bad"\nversion = "1"\n${templateSeparator}\n[workspace\n`, 'bad.toml');
		expect(() => renderTemplate(template, {projectName: 'p'})).toThrow(/does not render valid TOML/);
	});
});

describe('parseTemplate', () => {
	it('reads the header: roles, detect lists, author', () => {
		const template = parseTemplate(
			[
				'[template]',
				'name = "mine"',
				'version = "0.2.0"',
				'description = "my team"',
				'author = "me"',
				'detect = ["package.json"]',
				'detect_all = ["src/index.ts"]',
				'[template.roles.dev]',
				'default_runtime = "codex"',
				'description = "does it all"',
				templateSeparator,
				'',
				'[workspace]',
				'name = "{{project_name}}"',
			].join('\n'),
			'mine.toml',
		);
		expect(template).toMatchObject({
			name: 'mine',
			version: '0.2.0',
			description: 'my team',
			author: 'me',
			detect: ['package.json'],
			detectAll: ['src/index.ts'],
			roles: {dev: {defaultRuntime: 'codex', description: 'does it all'}},
			body: '[workspace]\nname = "{{project_name}}"\n',
		});
	});

	it.each([
		['no separator', '[template]\nname = "x"\nversion = "1"\n', /no "# ── config below ──" line/],
		['bad header TOML', `[template\n${templateSeparator}\n`, /header is not valid TOML/],
		['missing version', `[template]\nname = "x"\n${templateSeparator}\n`, /template\.version/],
		['bad name', `[template]\nname = "a b"\nversion = "1"\n${templateSeparator}\n`, /template\.name/],
		['path escaping the project', `[template]\nname = "x"\nversion = "1"\ndetect = ["../etc/passwd"]\n${templateSeparator}\n`, /relative path inside the project/],
	])('rejects %s with ERR_TEMPLATE', (_label, text, message) => {
		let error: unknown;
		try {
			parseTemplate(text, 't.toml');
		} catch (caught) {
			error = caught;
		}
		expect(error).toBeInstanceOf(TuttiError);
		expect((error as TuttiError).code).toBe('ERR_TEMPLATE');
		expect((error as TuttiError).message).toMatch(message);
	});
});

describe('loadTemplate', () => {
	it('loads a built-in by name', () => {
		expect(loadTemplate('rust-cli', '/').name).toBe('rust-cli');
	});

	it('reads a path (contains / or ends in .toml) relative to cwd', () => {
		const dir = tempDir();
		mkdirSync(path.join(dir, 'tpl'));
		const text = `[template]\nname = "own"\nversion = "1"\n${templateSeparator}\n[workspace]\nname = "{{project_name}}"\n`;
		writeFileSync(path.join(dir, 'tpl', 'own.toml'), text);
		writeFileSync(path.join(dir, 'flat.toml'), text.replace('"own"', '"flat"'));
		expect(loadTemplate('tpl/own.toml', dir)).toMatchObject({name: 'own', source: path.join(dir, 'tpl', 'own.toml')});
		expect(loadTemplate('flat.toml', dir).name).toBe('flat');
		expect(renderTemplate(loadTemplate('./tpl/own.toml', dir), {projectName: 'x'})).toBe('# template: own 1\n[workspace]\nname = "x"\n');
	});

	it('unknown names and missing files are ERR_TEMPLATE with a hint', () => {
		expect(() => loadTemplate('nope', '/')).toThrow(/unknown template "nope"/);
		try {
			loadTemplate('nope', '/');
		} catch (error) {
			expect((error as TuttiError).hint).toContain('minimal, rust-cli, gstack-startup, demo');
		}
		expect(() => loadTemplate('missing/x.toml', tempDir())).toThrow(/cannot read template file .*ENOENT/);
	});
});
