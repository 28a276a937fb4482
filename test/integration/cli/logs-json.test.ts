import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {makeGitRepo} from '../../helpers/sandbox.js';
import {makeWorld} from '../../helpers/tt.js';

describe('tt logs --json', () => {
	const world = makeWorld('logsjson');
	afterAll(() => world.cleanup());

	it('gives the last readable lines as JSON, and refuses --json with --follow', async () => {
		const repo = makeGitRepo(path.join(world.dir, 'project'));
		writeFileSync(path.join(repo, 'tutti.toml'), '[workspace]\nname = "lj"\n[defaults]\nworktree = false\nruntime = "demo"\n[[agent]]\nname = "a1"\n');
		mkdirSync(path.join(repo, '.tutti', 'logs'), {recursive: true});
		const file = path.join(repo, '.tutti', 'logs', 'a1.log');
		const recorded = '\u001B[1mfirst\u001B[0m\r\nsecond\r\nthird\r\n';
		writeFileSync(file, recorded);
		const result = await world.tt(['logs', 'a1', '--json', '--lines', '2'], {cwd: repo});
		expect(result.code, result.stderr).toBe(0);
		expect(JSON.parse(result.stdout)).toEqual({workspace: 'lj', agent: 'a1', file, size: Buffer.byteLength(recorded), lines: ['second', 'third']});
		const refused = await world.tt(['logs', 'a1', '--json', '--follow'], {cwd: repo});
		expect(refused.code).toBe(2);
		expect(refused.stderr).toMatch(/^error\[usage\]: --json cannot be combined with --follow or --raw/);
	});
});
