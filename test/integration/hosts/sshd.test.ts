import {execFileSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {remoteCommandLine} from '../../../src/core/hosts/remote-command.js';
import {startTestSshd, type TestSshd} from '../../helpers/sshd.js';

describe('the test sshd', () => {
	let sshd: TestSshd;
	beforeAll(async () => {
		sshd = await startTestSshd();
	});
	afterAll(async () => {
		await sshd.cleanup();
	});

	it('runs a quoted argv on the "remote" side exactly as given', () => {
		const words = ['two words', "it's", '$(id)', '`id`', 'a;b', 'new\nline', '\u0007\u001b', '=x', '~'];
		const output = execFileSync('ssh', [...sshd.sshOptions, sshd.destination, '--', remoteCommandLine(['printf', '%s\\0', ...words])], {encoding: 'utf8'});
		expect(output.split('\0').slice(0, -1)).toEqual(words);
	});

	it('refuses a host key it was not given', () => {
		const wrongKnownHosts = sshd.sshOptions.map((option) => (option.startsWith('UserKnownHostsFile=') ? 'UserKnownHostsFile=/dev/null' : option));
		expect(() => execFileSync('ssh', [...wrongKnownHosts, sshd.destination, '--', 'true'], {stdio: 'pipe'})).toThrow(/Host key verification failed/);
	});

	it('stops, then starts again on the same port', async () => {
		await sshd.stop();
		expect(() => execFileSync('ssh', [...sshd.sshOptions, '-o', 'ConnectTimeout=2', sshd.destination, '--', 'true'], {stdio: 'pipe'})).toThrow();
		await sshd.restart();
		expect(execFileSync('ssh', [...sshd.sshOptions, sshd.destination, '--', 'echo', 'back'], {encoding: 'utf8'})).toBe('back\n');
		expect(existsSync(sshd.dir)).toBe(true);
	});
});
