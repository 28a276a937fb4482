import {execFileSync} from 'node:child_process';
import {existsSync, readdirSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {HostSchema} from '../../../src/core/config/schema-global.js';
import {isUnreachable, SshTransport} from '../../../src/core/hosts/ssh-transport.js';
import {defaultRunner} from '../../../src/core/process/runner.js';
import {makeTempDir} from '../../helpers/sandbox.js';
import {startTestSshd, waitFor, type TestSshd} from '../../helpers/sshd.js';

describe('SshTransport', () => {
	let sshd: TestSshd;
	let control: ReturnType<typeof makeTempDir>;
	let transport: SshTransport;
	beforeAll(async () => {
		sshd = await startTestSshd();
		control = makeTempDir('tutti-ssh-control-');
		transport = new SshTransport(HostSchema.parse({name: 'box', ssh: sshd.destination, ssh_options: sshd.sshOptions}), defaultRunner, control.dir);
	});
	afterAll(async () => {
		await transport.close();
		await sshd.cleanup();
		control.cleanup();
	});

	it('runs argv on the host through one master connection', async () => {
		const started = Date.now();
		const first = await transport.runner.run('printf', ['%s|', 'a b', "it's", '$(id)']);
		const firstMs = Date.now() - started;
		expect(first.stdout).toBe("a b|it's|$(id)|");
		expect(readdirSync(control.dir).filter((name) => name.startsWith('ssh-'))).toHaveLength(1);
		const again = Date.now();
		for (let index = 0; index < 5; index++) await transport.runner.run('true', []);
		const reusedMs = (Date.now() - again) / 5;
		// Reusing the master skips the TCP connection, key exchange and login.
		expect(reusedMs).toBeLessThan(firstMs);
		console.info(`first call ${firstMs} ms, through the master ${reusedMs.toFixed(1)} ms`);
	});

	it('passes input, env, cwd and exit codes like a local runner', async () => {
		const result = await transport.runner.run('sh', ['-c', 'cat; printf "%s" "$X"; pwd; exit 3'], {input: 'in\n', env: {X: '$y'}, cwd: '/', reject: false});
		expect(result).toMatchObject({exitCode: 3, stdout: 'in\n$y/\n'});
		await expect(transport.runner.run('false', [])).rejects.toThrow(/false/);
	});

	it('says the host is unreachable when sshd is gone, and comes back with it', async () => {
		await sshd.stop();
		// The master saw its connection end: no socket file left to reuse.
		await waitFor(() => readdirSync(control.dir).every((name) => !existsSync(path.join(control.dir, name)) || !name.startsWith('ssh-')), 5000, () => 'the master did not exit');
		const error = await transport.runner.run('true', []).catch((caught: unknown) => caught);
		expect(isUnreachable(error)).toBe(true);
		expect((error as Error).message).toMatch(/^host "box" \(.*\) is unreachable: .*refused/);
		await sshd.restart();
		expect((await transport.runner.run('echo', ['back'])).stdout).toBe('back\n');
	});

	it('quotes its ssh command for programs that read one through sh', () => {
		const text = transport.sshCommandText();
		expect(execFileSync('sh', ['-c', `${text.replace(/^'ssh'/, "'printf' '%s\\n'")}`], {encoding: 'utf8'}).trim().split('\n')).toEqual(transport.sshArgs());
	});
});
