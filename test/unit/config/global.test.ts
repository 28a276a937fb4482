import {existsSync, mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {
	defaultGlobalConfigText,
	globalConfigPath,
	listRegisteredWorkspaces,
	loadGlobalConfig,
	parseGlobalConfig,
	registerWorkspace,
	resolveWorkspaceByName,
	type ConfigEnv,
} from '../../../src/core/config/index.js';
import {makeTempDir} from '../../helpers/sandbox.js';
import {errorOf} from './helpers.js';

let home: string;
let cleanup: () => void;
let env: ConfigEnv;

beforeEach(() => {
	({dir: home, cleanup} = makeTempDir('tutti-global-'));
	env = {HOME: home};
});
afterEach(() => cleanup());

function writeGlobal(text: string): string {
	const file = globalConfigPath(env);
	mkdirSync(path.dirname(file), {recursive: true});
	writeFileSync(file, text);
	return file;
}

describe('global config location', () => {
	it('is $HOME/.config/tutti/config.toml, or under $XDG_CONFIG_HOME when set', () => {
		expect(globalConfigPath({HOME: '/home/u'})).toBe('/home/u/.config/tutti/config.toml');
		expect(globalConfigPath({HOME: '/home/u', XDG_CONFIG_HOME: '/xdg'})).toBe('/xdg/tutti/config.toml');
		expect(globalConfigPath({HOME: '/home/u', XDG_CONFIG_HOME: 'relative'})).toBe('/home/u/.config/tutti/config.toml');
	});

	it('reads process.env at call time', () => {
		const saved = {home: process.env['HOME'], xdg: process.env['XDG_CONFIG_HOME']};
		try {
			delete process.env['XDG_CONFIG_HOME'];
			process.env['HOME'] = home;
			expect(globalConfigPath()).toBe(path.join(home, '.config', 'tutti', 'config.toml'));
			process.env['XDG_CONFIG_HOME'] = path.join(home, 'xdg');
			expect(globalConfigPath()).toBe(path.join(home, 'xdg', 'tutti', 'config.toml'));
		} finally {
			process.env['HOME'] = saved.home;
			if (saved.xdg === undefined) delete process.env['XDG_CONFIG_HOME'];
			else process.env['XDG_CONFIG_HOME'] = saved.xdg;
		}
	});
});

describe('loadGlobalConfig', () => {
	it('returns defaults when the file is missing', () => {
		const loaded = loadGlobalConfig(env);
		expect(loaded.exists).toBe(false);
		expect(loaded.config).toMatchObject({
			profile: [],
			registered_workspace: [],
			dashboard: {port: 4040, show_all_workspaces: false},
			resilience: {retry_max_attempts: 1, retry_initial_backoff_ms: 500, retry_max_backoff_ms: 5000, save_state_on_failure: false},
			serve: {bind: '127.0.0.1', auth: 'none'},
			remote: [],
			tmux: {socket: 'tutti'},
		});
		expect(loaded.config.permissions).toBeUndefined();
	});

	it('parses every table, normalising reset_day', () => {
		writeGlobal(`[user]
name = "Ada"
[[profile]]
name = "claude-work"
provider = "anthropic"
command = "claude"
max_concurrent = 3
monthly_budget = 100.0
priority = 2
plan = "max"
reset_day = "Tue"
weekly_hours = 45.0
[[registered_workspace]]
name = "acme"
path = "/src/acme"
[dashboard]
port = 5050
show_all_workspaces = true
[resilience]
provider_down_strategy = "rotate"
rate_limit_strategy = "pause"
retry_max_attempts = 3
[permissions]
allow = ["git status", "Read"]
[serve]
bind = "0.0.0.0"
auth = "bearer"
[[remote]]
name = "box"
host = "10.0.0.2"
token = "t"
[tmux]
socket = "tt-mine"
[watch]
theme = "light"
`);
		const {config, warnings} = loadGlobalConfig(env);
		expect(warnings).toEqual([]);
		expect(config.profile[0]).toMatchObject({name: 'claude-work', plan: 'max', reset_day: 'tuesday', priority: 2});
		expect(config.permissions?.allow).toEqual(['git status', 'Read']);
		expect(config.remote[0]).toMatchObject({port: 4040});
		expect(config.tmux.socket).toBe('tt-mine');
		expect(config.watch.theme).toBe('light');
		expect(listRegisteredWorkspaces(env)).toEqual([{name: 'acme', root: '/src/acme'}]);
	});

	it('reports errors and unknown keys with the file path', () => {
		const file = writeGlobal('[tmux]\nsocket = "a b"\n[[profile]]\nname = "p"\nprovider = "x"\ncommand = "c"\nplan = "gold"\nreset_day = "someday"\n');
		const error = errorOf(() => loadGlobalConfig(env));
		expect(error.code).toBe('ERR_CONFIG_INVALID');
		expect(error.message).toContain(`${file}:7:8: profile "p".plan: expected one of the allowed values, got "gold" (allowed: free, pro, max, team, api)`);
		expect(error.message).toContain(`${file}:8:13: profile "p".reset_day: expected a day of the week, got "someday" (allowed: monday,`);
		expect(error.message).toContain(`${file}:2:10: tmux.socket: expected a socket name of letters, digits, ".", "_" and "-", got "a b"`);
		// Its editors' schema is the global config's, not tutti.toml's.
		expect(error.hint).toMatch(/global-config\.schema\.json\)\.$/);
		writeGlobal('[dashbord]\nport = 1\n');
		expect(loadGlobalConfig(env).warnings[0]?.text).toContain('unknown key "dashbord" is ignored (did you mean "dashboard"?)');
		writeGlobal('[serve\n');
		expect(errorOf(() => loadGlobalConfig(env)).message).toMatch(/config\.toml:1:\d+: /);
	});

	it('the default text is valid, commented TOML', () => {
		const text = defaultGlobalConfigText();
		expect(text.split('\n').every((line) => line === '' || line.startsWith('#'))).toBe(true);
		expect(parseGlobalConfig(text, 'config.toml').warnings).toEqual([]);
	});
});

describe('workspace registry', () => {
	it('creates the file from the default text when missing', async () => {
		const result = await registerWorkspace('acme', '/src/acme', env);
		expect(result).toEqual({action: 'added', path: globalConfigPath(env)});
		const text = readFileSync(globalConfigPath(env), 'utf8');
		expect(text.startsWith(defaultGlobalConfigText())).toBe(true);
		expect(resolveWorkspaceByName('acme', env)).toEqual({name: 'acme', root: '/src/acme'});
		expect(existsSync(`${globalConfigPath(env)}.lock`)).toBe(false);
	});

	it('keeps comments and formatting, updating the entry instead of duplicating it', async () => {
		const original = [
			'# my settings — do not lose this',
			'[user]',
			'name = "Ada"   # me',
			'',
			'[[registered_workspace]]',
			'# the main project',
			'name = "acme"',
			'  path = "/old/acme"   # moved last year',
			'',
			'[dashboard]',
			'port = 4041 # custom port',
			'',
		].join('\n');
		writeGlobal(original);
		expect((await registerWorkspace('acme', '/new/acme', env)).action).toBe('updated');
		expect((await registerWorkspace('acme', '/new/acme', env)).action).toBe('unchanged');
		expect((await registerWorkspace('beta', '/src/beta', env)).action).toBe('added');
		expect((await registerWorkspace('beta', '/src/beta2', env)).action).toBe('updated');
		const text = readFileSync(globalConfigPath(env), 'utf8');
		expect(text).toBe(
			original.replace('  path = "/old/acme"   # moved last year', '  path = "/new/acme" # moved last year') +
				'\n[[registered_workspace]]\nname = "beta"\npath = "/src/beta2"\n',
		);
		expect(listRegisteredWorkspaces(env)).toEqual([
			{name: 'acme', root: '/new/acme'},
			{name: 'beta', root: '/src/beta2'},
		]);
	});

	it('escapes paths as TOML strings', async () => {
		await registerWorkspace('odd', '/tmp/with "quotes" and \\ backslash', env);
		expect(resolveWorkspaceByName('odd', env).root).toBe('/tmp/with "quotes" and \\ backslash');
	});

	it('concurrent registrations lose nothing', async () => {
		writeGlobal('# shared\n');
		const names = Array.from({length: 12}, (_, index) => `ws-${index}`);
		await Promise.all(names.map((name) => registerWorkspace(name, `/src/${name}`, env)));
		const registered = listRegisteredWorkspaces(env);
		expect(registered.map((entry) => entry.name).sort()).toEqual([...names].sort());
		expect(readFileSync(globalConfigPath(env), 'utf8').startsWith('# shared\n')).toBe(true);
	});

	it('steals a stale lock, waits for a fresh one', async () => {
		const file = writeGlobal('');
		const lock = `${file}.lock`;
		writeFileSync(lock, '999999 old\n');
		const old = new Date(Date.now() - 60_000);
		utimesSync(lock, old, old);
		await registerWorkspace('a', '/a', env);
		expect(existsSync(lock)).toBe(false);
		writeFileSync(lock, `${process.pid} now\n`);
		const started = Date.now();
		const pending = registerWorkspace('b', '/b', env);
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(listRegisteredWorkspaces(env).map((entry) => entry.name)).toEqual(['a']);
		rmSync(lock);
		await pending;
		expect(Date.now() - started).toBeGreaterThanOrEqual(200);
		expect(listRegisteredWorkspaces(env).map((entry) => entry.name)).toEqual(['a', 'b']);
	});

	it('refuses to touch a broken file or register a bad name', async () => {
		const file = writeGlobal('[[registered_workspace]\n');
		await expect(registerWorkspace('a', '/a', env)).rejects.toMatchObject({code: 'ERR_CONFIG_SYNTAX'});
		expect(readFileSync(file, 'utf8')).toBe('[[registered_workspace]\n');
		await expect(registerWorkspace('a/b', '/a', env)).rejects.toMatchObject({code: 'ERR_CONFIG_INVALID'});
	});

	it('resolveWorkspaceByName throws ERR_WORKSPACE_UNKNOWN with a hint', async () => {
		await registerWorkspace('frontend', '/src/frontend', env);
		const error = errorOf(() => resolveWorkspaceByName('frontnd', env));
		expect(error.code).toBe('ERR_WORKSPACE_UNKNOWN');
		expect(error.hint).toContain('Did you mean "frontend"?');
		expect(error.hint).toContain('tt init');
	});
});
