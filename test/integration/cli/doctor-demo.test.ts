import path from 'node:path';
import {writeFileSync} from 'node:fs';
import {afterAll, describe, expect, it} from 'vitest';
import {makeGitRepo} from '../../helpers/sandbox.js';
import {makeWorld} from '../../helpers/tt.js';

type Report = {checks: Array<{check: string; status: string; detail: string}>; summary: {warn: number; fail: number}};

/** `tt doctor` on the demo team has nothing to warn about: accounts and approval rules are for real CLIs. */
describe('tt doctor on a demo project', () => {
	const world = makeWorld('doctor-demo');
	afterAll(() => world.cleanup());

	it('a demo team passes every check, saying why accounts and rules are not needed', async () => {
		const project = makeGitRepo(path.join(world.dir, 'demo'));
		expect((await world.tt(['init', '--template', 'demo'], {cwd: project})).code).toBe(0);
		const result = await world.tt(['doctor', '--json', '--strict'], {cwd: project});
		const report = JSON.parse(result.stdout) as Report;
		expect(report.checks.filter((check) => check.status !== 'pass'), result.stdout).toEqual([]);
		expect(result.code).toBe(0);
		for (const name of ['auth profile', 'launch policy']) expect(report.checks.find((check) => check.check === name)?.detail).toMatch(/^not needed: every agent is the built-in demo/);
		// What holds memory_max here (a systemd scope, else the recorder), and whether cgroup v2 is delegated, reported either way.
		expect(report.checks.find((check) => check.check === 'memory limits')?.detail).toMatch(/^memory_max is held by (the kernel \(a systemd scope with MemoryMax per agent\)|the recorder \(tt watch or tt serve must run\): .+); cgroup v2: /);
	});

	it('a team with a real CLI still hears about its account profile', async () => {
		const project = makeGitRepo(path.join(world.dir, 'mixed'));
		writeFileSync(path.join(project, 'tutti.toml'), '[workspace]\nname = "mixed"\n[[agent]]\nname = "a"\nruntime = "demo"\n[[agent]]\nname = "b"\nruntime = "claude-code"\n');
		const report = JSON.parse((await world.tt(['doctor', '--json'], {cwd: project})).stdout) as Report;
		expect(report.checks.find((check) => check.check === 'auth profile')).toMatchObject({status: 'warn'});
	});
});
