import {mkdirSync, readdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {makeGitRepo} from '../../helpers/sandbox.js';
import {makeWorld} from '../../helpers/tt.js';

describe('bad input gets a clear error and changes nothing', () => {
	const world = makeWorld('bad');
	afterAll(() => world.cleanup());

	const project = (name: string, toml: string) => {
		const dir = makeGitRepo(path.join(world.dir, name));
		writeFileSync(path.join(dir, 'tutti.toml'), toml);
		return dir;
	};
	const snapshot = (dir: string) => readdirSync(dir).sort();

	it('malformed TOML names file, line and column', async () => {
		const dir = project('syntax', '[workspace]\nname = "x"\n[[agent]\nname = "a"\n');
		const before = snapshot(dir);
		const result = await world.tt(['up'], {cwd: dir});
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(/^error\[config\]: .*tutti\.toml:3:\d+/m);
		expect(snapshot(dir)).toEqual(before);
	});

	it('a wrong type names the dotted key, what was expected and what was found', async () => {
		const dir = project('types', '[workspace]\nname = "x"\n[defaults]\nruntime = "demo"\n[[agent]]\nname = "a"\npersistent = "yes"\n');
		const result = await world.tt(['status'], {cwd: dir});
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(/persistent/);
		expect(result.stderr).toMatch(/agent "a"\.persistent: expected true or false, got "yes"/);
	});

	it('an unknown runtime lists the allowed values', async () => {
		const dir = project('runtime', '[workspace]\nname = "x"\n[[agent]]\nname = "a"\nruntime = "clod"\n');
		const result = await world.tt(['status'], {cwd: dir});
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(/claude-code/);
	});

	it('unknown keys are warnings with a suggestion, and the command still works', async () => {
		const dir = project('unknown', '[workspace]\nname = "x"\n[defaults]\nruntime = "demo"\n[[agent]]\nname = "a"\npersistant = true\n');
		const result = await world.tt(['status', '--json'], {cwd: dir});
		expect(result.code, result.stderr).toBe(0);
		expect(result.stderr).toMatch(/persistant/);
		expect(result.stderr).toMatch(/did you mean "persistent"/);
		// Pointed at like an error: file:line:column.
		expect(result.stderr).toMatch(/warning: \S*tutti\.toml:7:1: agent "a": unknown key "persistant"/);
	});

	it('a depends_on cycle is an error showing the cycle', async () => {
		const dir = project('cycle', '[workspace]\nname = "x"\n[defaults]\nruntime = "demo"\n[[agent]]\nname = "a"\ndepends_on = ["b"]\n[[agent]]\nname = "b"\ndepends_on = ["a"]\n');
		const result = await world.tt(['up'], {cwd: dir});
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(/cycle/i);
		expect(result.stderr).toMatch(/a → b → a|b → a → b/);
	});

	it.each([['a;rm -rf ~'], ['../x'], ['x y']])('a hostile agent name %s is refused before anything runs', async (name) => {
		const dir = project(`hostile-${Math.random().toString(36).slice(2)}`, `[workspace]\nname = "x"\n[defaults]\nruntime = "demo"\n[[agent]]\nname = ${JSON.stringify(name)}\n`);
		const before = snapshot(dir);
		const result = await world.tt(['up'], {cwd: dir});
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(/error\[config\]/);
		expect(result.stderr).toMatch(/name/);
		expect(snapshot(dir)).toEqual(before);
	});

	it('an unknown agent gets a did-you-mean hint', async () => {
		const dir = project('unknown-agent', '[workspace]\nname = "x"\n[defaults]\nruntime = "demo"\n[[agent]]\nname = "planner"\n');
		const result = await world.tt(['send', 'planer', 'hello'], {cwd: dir});
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(/error\[agent\]: unknown agent "planer"/);
		expect(result.stderr).toMatch(/hint: Did you mean "planner"\?/);
	});

	it('tt review without --reviewer in a team with no "reviewer" asks who, naming who could', async () => {
		const dir = project('no-reviewer', '[workspace]\nname = "x"\n[defaults]\nruntime = "demo"\n[[agent]]\nname = "planner"\n[[agent]]\nname = "implementer"\n[[agent]]\nname = "tester"\n');
		const result = await world.tt(['review', 'implementer'], {cwd: dir});
		expect(result.code).toBe(2);
		expect(result.stderr).toBe('error[usage]: who reviews implementer? No reviewer was named, and no agent is called "reviewer"\n  hint: Name one: tt review implementer --reviewer planner (could review: planner, tester)\n');
	});

	it('sending to a stopped agent says how to start it', async () => {
		const dir = project('stopped', '[workspace]\nname = "x"\n[defaults]\nruntime = "demo"\n[[agent]]\nname = "planner"\n');
		const result = await world.tt(['send', 'planner', 'hello'], {cwd: dir});
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(/error\[agent\]: agent "planner" is not running/);
		expect(result.stderr).toMatch(/tt up planner/);
	});

	it('usage errors exit 2', async () => {
		const result = await world.tt(['send']);
		expect(result.code).toBe(2);
		const unknown = await world.tt(['frobnicate']);
		expect(unknown.code).toBe(2);
		expect(unknown.stderr).toMatch(/unknown command/);
	});

	it('outside a workspace, commands say how to create one', async () => {
		const dir = path.join(world.dir, 'empty');
		mkdirSync(dir);
		const result = await world.tt(['status'], {cwd: dir});
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(/no tutti\.toml/);
		expect(result.stderr).toMatch(/tt init/);
	});
});
