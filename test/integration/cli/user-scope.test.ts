import {chmodSync, existsSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, afterEach, describe, expect, it} from 'vitest';
import {defaultRunner} from '../../../src/core/process/runner.js';
import {Tmux} from '../../../src/core/tmux/client.js';
import {ensureTmuxConf} from '../../../src/core/tmux/tmux-conf.js';
import {resetUserScopeProbe} from '../../../src/core/tmux/user-scope.js';
import {killTmuxServer, makeTempDir, uniqueSocket} from '../../helpers/sandbox.js';

/**
 * tutti's tmux server starts through `systemd-run --user --scope` where that works (a stand-in
 * systemd-run here records its argv and runs the command after `--`, as the real one does), and
 * as a plain process where it does not — either way the agent runs.
 */
describe.runIf(process.platform === 'linux')('the tmux server in a user scope', () => {
	const temp = makeTempDir('tutti-scope-it-');
	const sockets: string[] = [];
	const originalPath = process.env['PATH'];
	const record = path.join(temp.dir, 'systemd-run.args');
	const fake = (body: string) => {
		writeFileSync(path.join(temp.dir, 'systemd-run'), `#!/bin/sh\n${body}\n`);
		chmodSync(path.join(temp.dir, 'systemd-run'), 0o755);
		process.env['PATH'] = `${temp.dir}:${originalPath ?? ''}`;
	};
	const tmuxOn = () => {
		const socket = uniqueSocket('scope');
		sockets.push(socket);
		return new Tmux(defaultRunner, socket, ensureTmuxConf({...process.env, HOME: temp.dir, XDG_RUNTIME_DIR: undefined}));
	};
	afterEach(() => {
		process.env['PATH'] = originalPath;
		resetUserScopeProbe();
	});
	afterAll(() => {
		for (const socket of sockets) killTmuxServer(socket);
		temp.cleanup();
	});

	it('starts through systemd-run when it works, and the agent runs', async () => {
		// Like the real one: options, then `--`, then the command it runs in the new scope.
		fake(`printf '%s\\n' "$@" > '${record}'\nwhile [ "$1" != "--" ]; do shift; done\nshift\nexec "$@"`);
		const tmux = tmuxOn();
		await tmux.newSession({name: 'scoped-agent', cwd: temp.dir, argv: ['sleep', '30'], env: {}});
		expect(await tmux.hasSession('scoped-agent')).toBe(true);
		expect(tmux.scope).toMatchObject({scoped: true});
		const args = readFileSync(record, 'utf8').trim().split('\n');
		expect(args.slice(0, 5)).toEqual(['--user', '--scope', '--quiet', '--collect', `--unit=${tmux.scope?.scoped ? tmux.scope.unit : ''}`]);
		expect(args.slice(5)).toEqual(['--', 'tmux', '-L', tmux.socket, '-f', tmux.confFile, 'start-server']);
		// A second session finds the server running: no second scope.
		writeFileSync(record, '');
		await tmux.newSession({name: 'second', cwd: temp.dir, argv: ['sleep', '30'], env: {}});
		expect(readFileSync(record, 'utf8')).toBe('');
	});

	it('falls back to a plain start when there is no user manager', async () => {
		fake(`echo 'Failed to connect to bus: No medium found' >&2\nexit 1`);
		const tmux = tmuxOn();
		await tmux.newSession({name: 'plain-agent', cwd: temp.dir, argv: ['sleep', '30'], env: {}});
		expect(await tmux.hasSession('plain-agent')).toBe(true);
		expect(tmux.scope).toEqual({scoped: false, reason: 'systemd-run --user failed: Failed to connect to bus: No medium found'});
		expect(existsSync(record) ? readFileSync(record, 'utf8') : '').toBe('');
	});
});
