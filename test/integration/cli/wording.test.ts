import {existsSync, mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {makeGitRepo} from '../../helpers/sandbox.js';
import {makeWorld, repoRoot} from '../../helpers/tt.js';

/** What `tt` prints when something is wrong: categories, file positions, paths a user can open. */
describe('errors and wording a user understands', () => {
	const world = makeWorld('words');
	afterAll(() => world.cleanup());

	const project = (name: string, toml: string) => {
		const dir = makeGitRepo(path.join(world.dir, name));
		writeFileSync(path.join(dir, 'tutti.toml'), toml);
		return dir;
	};

	it('an unknown agent is an error[agent], not a config error', async () => {
		const dir = project('agents', '[workspace]\nname = "w"\n[defaults]\nruntime = "demo"\n[[agent]]\nname = "builder"\n');
		const result = await world.tt(['send', 'buildr', 'hi'], {cwd: dir});
		expect(result.code).toBe(1);
		expect(result.stderr).toBe('error[agent]: unknown agent "buildr"\n  hint: Did you mean "builder"?\n');
	});

	it('config errors give file:line:column, suggest a misspelled table, and call an open string unterminated', async () => {
		const typed = project('typed', '[workspace]\nname = "w"\n[defaults]\nruntime = "demo"\n[[agent]]\nname = "a"\npersistent = "yes"\n');
		const file = path.join(typed, 'tutti.toml');
		expect((await world.tt(['status'], {cwd: typed})).stderr).toContain(`  ${file}:7:14: agent "a".persistent: expected true or false, got "yes"\n`);
		const misspelled = project('misspelled', '[workspce]\nname = "w"\n');
		const shipped = (await world.tt(['status'], {cwd: misspelled})).stderr;
		// The hint names the docs shipped with tutti by their full path, a file that exists.
		const docs = /every key is described in (\S+) \(JSON Schema for editors: (\S+)\)/.exec(shipped);
		expect(docs?.[1]).toBe(path.join(repoRoot, 'docs', 'config.md'));
		for (const file of [docs?.[1], docs?.[2]]) expect(existsSync(file ?? '')).toBe(true);
		expect((await world.tt(['status'], {cwd: misspelled})).stderr).toContain(`:1:1: workspace: required key is missing (expected a table; did you mean "workspace" where you wrote "workspce"?)`);
		const open = project('open', '[workspace]\nname = "w\n[defaults]\n');
		const result = await world.tt(['status'], {cwd: open});
		expect(result.code).toBe(1);
		expect(result.stderr).toContain(`error[config]: ${path.join(open, 'tutti.toml')}:2:8: unterminated string: no closing " before the end of line 2\n`);
	});

	it('tt logs renders carriage returns and cursor moves like a terminal: no residue of older text', async () => {
		const dir = project('logs', '[workspace]\nname = "w"\n[defaults]\nworktree = false\nruntime = "demo"\n[[agent]]\nname = "a"\n');
		mkdirSync(path.join(dir, '.tutti', 'logs'), {recursive: true});
		const recorded = 'Loading the workspace is nearly ready\r⠼ Working… (2s · esc to interrupt)\u001B[K\r\n⠋ thinking\r\n\u001B[1A\u001B[2K✓ done\r\n';
		writeFileSync(path.join(dir, '.tutti', 'logs', 'a.log'), recorded);
		const result = await world.tt(['logs', 'a'], {cwd: dir});
		expect(result.code, result.stderr).toBe(0);
		expect(result.stdout).toBe('⠼ Working… (2s · esc to interrupt)\n✓ done\n');
	});

	it('a global config path that cannot be read is error[config] naming why, not error[internal]', async () => {
		const dir = project('unreadable', '[workspace]\nname = "w"\n[defaults]\nruntime = "demo"\n[[agent]]\nname = "a"\n');
		const blocked = path.join(world.dir, 'a-file');
		writeFileSync(blocked, 'not a folder\n');
		const result = await world.tt(['status'], {cwd: dir, env: {XDG_CONFIG_HOME: blocked}});
		expect(result.code).toBe(1);
		expect(result.stderr).toBe(`error[config]: cannot read ${path.join(blocked, 'tutti', 'config.toml')}: a part of its path is a file, not a folder\n  hint: Check the path (for the global config: XDG_CONFIG_HOME, or HOME) and make each folder in it a folder.\n`);
	});

	it('tt serve names the token file under XDG_CONFIG_HOME in --help and in its refusal', async () => {
		const xdg = path.join(world.dir, 'xdg');
		mkdirSync(xdg, {recursive: true});
		const env = {XDG_CONFIG_HOME: xdg};
		const help = await world.tt(['serve', '--help'], {env});
		expect(help.stdout.replace(/\s+/g, ' ')).toContain(`the one in ${path.join(xdg, 'tutti', 'serve-token')} (generated when missing)`);
		expect(help.stdout).not.toContain('~/.config');
		const refused = await world.tt(['serve', '--bind', '0.0.0.0', '--port', '0'], {env, cwd: world.dir});
		expect(refused.code).toBe(1);
		expect(refused.stderr).toContain(`error[policy]: refusing to listen on 0.0.0.0 without a token`);
		expect(refused.stderr).toContain(`hint: Add --token (a token is generated and kept in ${path.join(xdg, 'tutti', 'serve-token')}), or bind 127.0.0.1.`);
	});
});
