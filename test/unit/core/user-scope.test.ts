import {chmodSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, afterEach, describe, expect, it} from 'vitest';
import type {Runner, RunResult} from '../../../src/core/process/runner.js';
import {resetUserScopeProbe, startInUserScope} from '../../../src/core/tmux/user-scope.js';
import {logoutCheck, type Probe} from '../../../src/cli/commands/doctor-logout.js';
import {makeTempDir} from '../../helpers/sandbox.js';

// A PATH holding a `systemd-run` (never executed here: the runner is a fake that records argv).
const temp = makeTempDir('tutti-scope-');
writeFileSync(path.join(temp.dir, 'systemd-run'), '#!/bin/sh\nexit 0\n');
chmodSync(path.join(temp.dir, 'systemd-run'), 0o755);
const env = {PATH: temp.dir};
afterAll(() => temp.cleanup());
afterEach(() => resetUserScopeProbe());

function fakeRunner(exitCode: number, stderr = ''): Runner & {calls: Array<{command: string; args: readonly string[]}>} {
	const calls: Array<{command: string; args: readonly string[]}> = [];
	return {
		calls,
		run: (command, args) => {
			calls.push({command, args});
			return Promise.resolve({command, args, exitCode, stdout: '', stderr, timedOut: false, signal: undefined} satisfies RunResult);
		},
	};
}

describe.runIf(process.platform === 'linux')('starting tmux in a systemd user scope', () => {
	const tmuxArgv = ['tmux', '-L', 'sock', '-f', '/conf', 'start-server'];

	it('runs tmux through systemd-run --user --scope, as argv, in a unit of its own', async () => {
		const runner = fakeRunner(0);
		const outcome = await startInUserScope(runner, tmuxArgv, {}, env);
		expect(outcome).toMatchObject({scoped: true, unit: expect.stringMatching(/^tutti-tmux-[0-9a-f]{8}$/) as unknown});
		expect(runner.calls).toEqual([{command: path.join(temp.dir, 'systemd-run'), args: ['--user', '--scope', '--quiet', '--collect', `--unit=${outcome.scoped ? outcome.unit : ''}`, '--', ...tmuxArgv]}]);
	});

	it('without a user manager it says why, and does not try again in this process', async () => {
		const runner = fakeRunner(1, 'Failed to connect to bus: No medium found\n');
		expect(await startInUserScope(runner, tmuxArgv, {}, env)).toEqual({scoped: false, reason: 'systemd-run --user failed: Failed to connect to bus: No medium found'});
		expect(await startInUserScope(runner, tmuxArgv, {}, env)).toMatchObject({scoped: false});
		expect(runner.calls).toHaveLength(1);
	});

	it.each([
		['systemd-run is not installed', {PATH: path.join(temp.dir, 'nothing-here')}, 'systemd-run is not installed'],
		['the user turned it off', {...env, TUTTI_SYSTEMD_SCOPE: '0'}, 'TUTTI_SYSTEMD_SCOPE=0'],
	])('%s: plain start', async (_what, processEnv, reason) => {
		const runner = fakeRunner(0);
		expect(await startInUserScope(runner, tmuxArgv, {}, processEnv)).toEqual({scoped: false, reason});
		expect(runner.calls).toEqual([]);
	});
});

describe('tt doctor: do the agents survive logout?', () => {
	const probes = (answers: Record<string, string>): Probe => (command, args) => {
		const stdout = answers[`${command} ${args.join(' ')}`];
		return {stdout: stdout ?? '', ok: stdout !== undefined};
	};
	it.each([
		['not Linux', {platform: 'darwin' as const}, 'pass', null],
		['no systemd user manager', {platform: 'linux' as const, run: probes({'systemctl --user is-system-running': 'offline\n'})}, 'pass', null],
		['lingering on', {platform: 'linux' as const, user: 'ada', run: probes({'systemctl --user is-system-running': 'running\n', 'loginctl show-user ada --property=Linger --value': 'yes\n'})}, 'pass', null],
		['lingering off', {platform: 'linux' as const, user: 'ada', serverUnit: 'tutti-tmux-1a2b3c4d.scope', run: probes({'systemctl --user is-system-running': 'degraded\n', 'loginctl show-user ada --property=Linger --value': 'no\n'})}, 'warn', 'loginctl enable-linger ada'],
	])('%s', (_what, options, status, fix) => {
		const check = logoutCheck(options);
		expect(check).toMatchObject({check: 'survives logout', status, fix});
	});

	it('names the scope tmux runs in', () => {
		const check = logoutCheck({platform: 'linux', user: 'ada', serverUnit: 'tutti-tmux-1a2b3c4d.scope', run: probes({'systemctl --user is-system-running': 'running\n', 'loginctl show-user ada --property=Linger --value': 'no\n'})});
		expect(check.detail).toBe('lingering is off for ada: when your last login session ends, systemd stops your user services and every agent with them; tmux runs in tutti-tmux-1a2b3c4d.scope');
	});
});
