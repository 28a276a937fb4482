import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {findConfig, loadWorkspaceConfig, parseTemplateTag, parseWorkspaceConfig} from '../../../src/core/config/index.js';
import {makeTempDir} from '../../helpers/sandbox.js';
import {FULL_CONFIG, minimal} from './fixtures.js';
import {errorOf} from './helpers.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
	for (const cleanup of cleanups.splice(0)) cleanup();
});

describe('parseWorkspaceConfig: full reference-style config', () => {
	const {config, warnings} = parseWorkspaceConfig(FULL_CONFIG, 'tutti.toml');

	it('loads every table without warnings', () => {
		expect(warnings).toEqual([]);
		expect(config.workspace).toMatchObject({name: 'acme', timezone: 'Europe/Paris', auth: {default_profile: 'claude-work'}});
		expect(config.workspace.env).toEqual({git_name: 'Acme Bot', git_email: 'bot@acme.test', GITHUB_USER: 'acme'});
		expect(config.defaults).toEqual({worktree: true, runtime: 'claude-code'});
		expect(config.roles['implementer']).toBe('claude-code');
		expect(config.launch).toEqual({mode: 'unattended', policy: 'bypass'});
		expect(config.tool_pack[0]).toMatchObject({name: 'analytics', required_commands: ['bq', 'jq']});
		expect(config.handoff).toEqual({auto: true, threshold: 0.25, include: ['active_task', 'file_changes']});
		expect(config.observe).toEqual({dashboard: true, port: 4041, track_cost: true});
		expect(config.budget).toEqual({mode: 'enforce', warn_threshold_pct: 75, workspace_weekly_tokens: 5_000_000, agent_weekly_tokens: {implementer: 2_000_000}, agent_weekly_usd: {}});
		expect(config.webhook).toHaveLength(2);
		expect(config.hook[1]).toMatchObject({event: 'workflow_complete', workflow_source: 'run', run: 'echo done', timeout_secs: 60});
		expect(config.watch.theme).toBe('dark');
	});

	it('applies agent defaults and keeps our additions', () => {
		const [planner, implementer, tester, , , custom] = config.agent;
		expect(planner).toMatchObject({persistent: true, memory: 'docs/memory/planner.md', depends_on: [], fresh_worktree: false, args: []});
		expect(implementer).toMatchObject({branch: 'feature/implementer', env: {RUST_LOG: 'debug'}, args: ['--verbose'], model: 'claude-opus-4'});
		expect(tester).toMatchObject({depends_on: ['implementer'], worktree: false});
		expect(custom).toMatchObject({runtime: 'custom', command: ['my-agent', '--tui']});
		expect(custom?.screen?.working).toEqual(['thinking\\.\\.\\.']);
	});

	it('types steps by their `type` with reference defaults', () => {
		const [sdlc, verify] = config.workflow;
		expect(sdlc?.step).toHaveLength(11);
		expect(sdlc?.step[3]).toMatchObject({type: 'prompt', id: 'design', artifact_name: 'design_doc', wait_for_idle: false, wait_timeout_secs: 3600, startup_grace_secs: 30});
		expect(sdlc?.step[6]).toMatchObject({type: 'command', cwd: 'agent_worktree', subdir: 'crates/core', fail_mode: 'closed'});
		expect(sdlc?.step[8]).toMatchObject({type: 'review', reviewer: 'reviewer', fail_mode: 'closed', depends_on: [8]});
		expect(sdlc?.step[9]).toMatchObject({type: 'workflow', workflow: 'verify', strict: true, fail_mode: 'open'});
		expect(sdlc?.step[10]).toMatchObject({type: 'land', pr: true, force: false, depends_on: [9, 10]});
		expect(verify?.step.map((step) => step.type === 'command' && step.timeout_secs)).toEqual([600, 300]);
		const command = parseWorkspaceConfig(minimal('[[workflow]]\nname = "w"\n[[workflow.step]]\ntype = "command"\nrun = "true"\n')).config.workflow[0]?.step[0];
		expect(command).toMatchObject({cwd: 'workspace', timeout_secs: 900, fail_mode: 'open', depends_on: []});
	});

	it('reads the template tag of the first line', () => {
		expect(parseTemplateTag(FULL_CONFIG)).toEqual({id: 'gstack-startup', version: '0.1.0'});
		expect(parseTemplateTag('[workspace]\n')).toBeUndefined();
	});
});

describe('syntax errors', () => {
	it('report file:line:column, the line and a caret', () => {
		const error = errorOf(() => parseWorkspaceConfig('[workspace]\nname = "x"\nbroken = = 1\n', 'tutti.toml'));
		expect(error.code).toBe('ERR_CONFIG_SYNTAX');
		expect(error.message).toMatch(/^tutti\.toml:3:\d+: /);
		expect(error.message).toContain('broken = = 1');
		expect(error.message).toMatch(/\n\s+\^$/);
		expect(error.details).toMatchObject({line: 3});
	});

	it('points at an unterminated string', () => {
		const error = errorOf(() => parseWorkspaceConfig('[workspace]\nname = "x\n', 'tutti.toml'));
		expect(error.message).toMatch(/^tutti\.toml:2:\d+: /);
	});
});

describe('findConfig / loadWorkspaceConfig', () => {
	it('walks up to the nearest tutti.toml', () => {
		const {dir, cleanup} = makeTempDir();
		cleanups.push(cleanup);
		writeFileSync(path.join(dir, 'tutti.toml'), minimal('[[agent]]\nname = "a"\n'));
		const deep = path.join(dir, 'src', 'lib', 'deep');
		mkdirSync(deep, {recursive: true});
		expect(findConfig(deep)).toBe(path.join(dir, 'tutti.toml'));
		const loaded = loadWorkspaceConfig(deep);
		expect(loaded.root).toBe(dir);
		expect(loaded.path).toBe(path.join(dir, 'tutti.toml'));
		expect(loaded.config.agent[0]?.name).toBe('a');
	});

	it('throws ERR_CONFIG_NOT_FOUND with a hint to run tt init', () => {
		const {dir, cleanup} = makeTempDir();
		cleanups.push(cleanup);
		expect(findConfig(dir)).toBeUndefined();
		const error = errorOf(() => loadWorkspaceConfig(dir));
		expect(error.code).toBe('ERR_CONFIG_NOT_FOUND');
		expect(error.hint).toContain('tt init');
	});

	it('names the absolute file in errors', () => {
		const {dir, cleanup} = makeTempDir();
		cleanups.push(cleanup);
		writeFileSync(path.join(dir, 'tutti.toml'), '[workspace]\nname = 3\n');
		const error = errorOf(() => loadWorkspaceConfig(dir));
		expect(error.message).toContain(`${path.join(dir, 'tutti.toml')}:2:8: workspace.name: expected a string, got 3`);
	});
});
