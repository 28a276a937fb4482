import {spawnSync} from 'node:child_process';
import {chmodSync, mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {shimFiles} from '../../../src/adapters/shared/shims.js';
import {makeTempDir} from '../../helpers/sandbox.js';
import {context} from './launch-context.js';

// The shims are POSIX sh run for real: a wrapper that lets `bash -c <cmd>` through only when every
// part of <cmd> matches an allow rule.
let temp: {dir: string; cleanup: () => void};
let shimDir = '';

beforeAll(() => {
	temp = makeTempDir('tutti-shims-');
	const {dir, files} = shimFiles(context({stateDir: path.join(temp.dir, "state dir with 'quote'")}), ['echo hi', 'printf *', 'pwd *', 'true']);
	shimDir = dir;
	for (const file of files) {
		mkdirSync(path.dirname(file.path), {recursive: true});
		writeFileSync(file.path, file.content);
		if (file.mode !== undefined) chmodSync(file.path, file.mode);
	}
	writeFileSync(path.join(temp.dir, 'script.sh'), 'echo from-script\n');
});
afterAll(() => temp.cleanup());

function run(shell: string, ...args: string[]) {
	const result = spawnSync(path.join(shimDir, shell), args, {encoding: 'utf8', cwd: temp.dir, env: {...process.env, PATH: `${shimDir}:${process.env['PATH'] ?? ''}`}});
	return {status: result.status, stdout: result.stdout, stderr: result.stderr};
}

describe('policy shims', () => {
	it.each([
		['echo hi'],
		['echo hi there'],
		['printf ok'],
		['pwd'],
		['printf "a|b;c" && pwd'],
		['  echo   hi  '],
		['cd /tmp && echo hi'],
		['echo hi 2>&1'],
		['true; echo hi'],
	])('allows %j', (command) => {
		expect(run('bash', '-c', command)).toMatchObject({status: 0, stderr: ''});
	});

	it.each([
		['rm -rf nothing-here', 'rm -rf nothing-here'],
		['echo hi && rm -rf nothing-here', 'rm -rf nothing-here'],
		['echo hi | cat', 'cat'],
		['echo hi; curl example.invalid', 'curl example.invalid'],
		['echo hiya', 'echo hiya'],
		['printfx', 'printfx'],
		['echo $(id)', ''],
		['cd . > truncated-file', 'cd . > truncated-file'],
		['echo hi\nrm -rf nothing-here', 'rm -rf nothing-here'],
		['echo `id`', ''],
	])('blocks %j with exit 126', (command, part) => {
		const result = run('bash', '-c', command);
		expect(result.status).toBe(126);
		expect(result.stderr).toContain('tutti policy blocked command: ');
		if (part) expect(result.stderr).toContain(`no allow rule matches "${part}"`);
		expect(result.stdout).toBe('');
	});

	it('runs the real shell with the same arguments', () => {
		expect(run('bash', '-lc', 'echo hi')).toMatchObject({status: 0, stdout: 'hi\n'});
		expect(run('sh', '-c', 'printf "%s|" "$0" "$1"', 'zero', 'one')).toMatchObject({status: 0, stdout: 'zero|one|'});
	});

	it('passes invocations without -c through untouched', () => {
		expect(run('sh', 'script.sh')).toMatchObject({status: 0, stdout: 'from-script\n'});
		expect(run('bash', '--version').status).toBe(0);
	});
});
