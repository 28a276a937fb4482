import {execFileSync} from 'node:child_process';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {makeWorld} from '../../helpers/tt.js';

/** `tt demo` makes a project a user can go on with: registered, and clean in git (tt doctor on it: doctor-demo.test.ts). */
describe('tt demo', () => {
	const world = makeWorld('demo');
	const project = path.join(world.dir, 'greeting');
	afterAll(async () => {
		await world.tt(['down', '--clean', '--force'], {cwd: project});
		world.cleanup();
	});

	it('registers the project as a workspace and keeps its tutti.toml out of git status', async () => {
		const demo = await world.tt(['demo', '--dir', project, '--no-script', '--no-watch']);
		expect(demo.code, demo.stderr).toBe(0);
		expect(demo.stdout).toContain(`a project in ${project} with three demo agents (workspace "greeting")`);
		expect(execFileSync('git', ['status', '--porcelain'], {cwd: project, encoding: 'utf8'})).toBe('');
		const listed = JSON.parse((await world.tt(['workspaces', '--json'])).stdout) as Array<{name: string; path: string}>;
		expect(listed).toEqual([expect.objectContaining({name: 'greeting', path: project})]);
		// Outside tmux, detaching is Ctrl-b d.
		expect(demo.stdout).toContain('take over its terminal (Ctrl-b d to come back)');
	});

	it('inside the user\'s own tmux it does not promise Ctrl-b d (that would detach their session)', async () => {
		const demo = await world.tt(['demo', '--dir', path.join(world.dir, 'nested'), '--no-script', '--no-watch'], {env: {TMUX: '/tmp/tmux-1000/default,123,0'}});
		expect(demo.code, demo.stderr).toBe(0);
		expect(demo.stdout).toContain('take over its terminal (its status line says which keys bring you back)');
		expect(demo.stdout).not.toContain('Ctrl-b d');
		await world.tt(['down', '--clean', '--force'], {cwd: path.join(world.dir, 'nested')});
	});
});
