import {execFileSync, spawnSync} from 'node:child_process';
import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {makeGitRepo} from '../../helpers/sandbox.js';
import {makeWorld, ttBin} from '../../helpers/tt.js';

/** `tt … | head`: a reader that stops early must not make tt print an EPIPE stack trace. */
describe('a closed pipe', () => {
	const world = makeWorld('pipes');
	afterAll(() => world.cleanup());
	const repo = makeGitRepo(path.join(world.dir, 'project'));
	writeFileSync(path.join(repo, 'tutti.toml'), '[workspace]\nname = "pipes"\n[defaults]\nworktree = true\nruntime = "demo"\n[[agent]]\nname = "a1"\n');
	const worktree = path.join(repo, '.tutti', 'worktrees', 'a1');
	mkdirSync(path.dirname(worktree), {recursive: true});
	execFileSync('git', ['worktree', 'add', '-q', '-b', 'tutti/a1', worktree], {cwd: repo});
	writeFileSync(path.join(worktree, 'big.txt'), 'a line the agent wrote\n'.repeat(50_000));

	it.each([['doctor'], ['diff', 'a1'], ['status'], ['usage'], ['run', '--list'], ['explain', 'a1'], ['health'], ['runs', 'list']])('tt %s | true ends quietly with exit 0', (...args) => {
		// `true` exits without reading: every write tt makes meets a closed pipe, as after `head` quits.
		const script = `"$0" "$1" ${args.join(' ')} | true; echo "status=\${PIPESTATUS[0]}" >&2`;
		const result = spawnSync('bash', ['-c', script, process.execPath, ttBin], {cwd: repo, env: world.env, encoding: 'utf8'});
		expect(result.stderr).not.toMatch(/EPIPE|Error|\bat /);
		expect(result.stderr.trim()).toBe('status=0');
	});
});
