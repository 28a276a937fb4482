import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {makeGitRepo} from '../../helpers/sandbox.js';
import {makeWorld} from '../../helpers/tt.js';

/** `tt land` with several agents or queue options used wrongly: a usage error (exit 2) saying what to type. */
describe('tt land --queue usage', () => {
	const world = makeWorld('qusage');
	afterAll(() => world.cleanup());
	const repo = makeGitRepo(path.join(world.dir, 'project'), {'tutti.toml': '[workspace]\nname = "qu"\n[defaults]\nruntime = "demo"\nworktree = true\n[[agent]]\nname = "a"\n[[agent]]\nname = "b"\n'});
	const tt = (...args: string[]) => world.tt(args, {cwd: repo});

	it('several agents need --queue; --verify and --force are refused where they do not apply', async () => {
		const several = await tt('land', 'a', 'b');
		expect(several.code).toBe(2);
		expect(several.stderr).toContain('tt land takes one agent, got 2');
		expect(several.stderr).toContain('hint: To land several one at a time, use the merge queue: tt land --queue a b');
		const verify = await tt('land', 'a', '--verify', 'npm test');
		expect(verify.code).toBe(2);
		expect(verify.stderr).toContain('--verify is an option of the merge queue');
		const force = await tt('land', '--queue', 'a', '--force');
		expect(force.code).toBe(2);
		expect(force.stderr).toContain('--force does not apply to the merge queue');
	});

	it('an agent with no branch yet is skipped, saying how to start it', async () => {
		const result = await tt('land', '--queue', 'a');
		expect(result.code, result.stderr).toBe(0);
		expect(result.stdout.trim()).toBe('a  skipped: no branch tutti/a (start it with `tt up a`)');
	});
});
