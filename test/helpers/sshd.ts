import {execFileSync, spawn, type ChildProcess} from 'node:child_process';
import {existsSync, mkdirSync, writeFileSync} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {isAlive, listProcesses} from './proc-scan.js';
import {makeTempDir} from './sandbox.js';

/** Debian's openssh-server; CI installs it (.ci/run). */
export const sshdBinary = '/usr/sbin/sshd';

export type TestSshd = {
	/** `user@127.0.0.1`: the `ssh` destination of a `[[host]]`. */
	destination: string;
	port: number;
	/** Client arguments that reach this server and nothing else: its key, its known_hosts, its port. */
	sshOptions: string[];
	/** The throw-away folder holding keys, config and known_hosts. */
	dir: string;
	/** Stops the server and every connection it serves (so clients see the host drop). */
	stop: () => Promise<void>;
	/** Freezes (SIGSTOP) or thaws (SIGCONT) the server and its connections: a host whose network went silent. */
	freeze: (frozen: boolean) => void;
	/** Starts it again on the same port with the same keys. */
	restart: () => Promise<void>;
	/** stop(), then removes the folder. */
	cleanup: () => Promise<void>;
};

/**
 * A real sshd on 127.0.0.1 on a free port, run as the current user with a throw-away host key and
 * user key: the "remote host" of the hosts tests is this machine reached through ssh, so every
 * byte goes through the same ssh transport a real host would use.
 */
export async function startTestSshd(): Promise<TestSshd> {
	const temp = makeTempDir('tutti-sshd-');
	const dir = temp.dir;
	const keygen = (file: string) => execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'tutti-test', '-f', file], {stdio: 'ignore'});
	keygen(path.join(dir, 'host_key'));
	keygen(path.join(dir, 'user_key'));
	execFileSync('cp', [path.join(dir, 'user_key.pub'), path.join(dir, 'authorized_keys')]);
	// sshd run by root insists on its privilege-separation folder (systemd makes it at boot).
	if (process.getuid?.() === 0 && !existsSync('/run/sshd')) mkdirSync('/run/sshd', {mode: 0o755, recursive: true});
	const port = await freePort();
	const config = path.join(dir, 'sshd_config');
	writeFileSync(
		config,
		[
			`Port ${port}`,
			'ListenAddress 127.0.0.1',
			`HostKey ${path.join(dir, 'host_key')}`,
			`AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
			`PidFile ${path.join(dir, 'sshd.pid')}`,
			'UsePAM no',
			'StrictModes no',
			'PasswordAuthentication no',
			'KbdInteractiveAuthentication no',
			'PubkeyAuthentication yes',
			'PermitRootLogin prohibit-password',
			// The tests' own environment (TUTTI_TEST_RUN) is not passed: the "remote" side starts clean.
			'AcceptEnv none',
			'LogLevel ERROR',
			'',
		].join('\n'),
	);
	const hostKey = execFileSync('cat', [path.join(dir, 'host_key.pub')], {encoding: 'utf8'}).trim().split(' ').slice(0, 2).join(' ');
	writeFileSync(path.join(dir, 'known_hosts'), `[127.0.0.1]:${port} ${hostKey}\n`);
	const sshOptions = ['-i', path.join(dir, 'user_key'), '-o', `UserKnownHostsFile=${path.join(dir, 'known_hosts')}`, '-o', 'StrictHostKeyChecking=yes', '-o', 'BatchMode=yes', '-p', String(port)];
	const destination = `${os.userInfo().username}@127.0.0.1`;

	let server: ChildProcess | undefined;
	const start = async () => {
		// -D: stay in the foreground (a child of the test, never a daemon); -e: errors to stderr.
		server = spawn(sshdBinary, ['-D', '-e', '-f', config], {stdio: ['ignore', 'ignore', 'pipe'], detached: true});
		let stderr = '';
		server.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		await waitFor(() => canLogIn(destination, sshOptions), 10_000, () => `sshd did not accept a login on port ${port}: ${stderr}`);
	};
	const stop = async () => {
		const pid = server?.pid;
		if (pid === undefined || server?.exitCode !== null) return;
		// The listener and every per-connection sshd below it (they outlive a killed listener).
		const pids = [pid, ...descendantsOf(pid)];
		for (const each of pids) signal(each, 'SIGTERM');
		await waitFor(() => pids.every((each) => !isAlive(each) || isZombie(each)), 5000, () => `sshd processes ${pids.join(', ')} did not exit`).catch(() => {
			for (const each of pids) signal(each, 'SIGKILL');
		});
		server = undefined;
	};
	await start();
	const freeze = (frozen: boolean) => {
		const pid = server?.pid;
		if (pid !== undefined) for (const each of [pid, ...descendantsOf(pid)]) signal(each, frozen ? 'SIGSTOP' : 'SIGCONT');
	};
	return {
		freeze,
		destination,
		port,
		sshOptions,
		dir,
		stop,
		restart: start,
		cleanup: async () => {
			await stop();
			temp.cleanup();
		},
	};
}

function canLogIn(destination: string, sshOptions: readonly string[]): boolean {
	try {
		execFileSync('ssh', [...sshOptions, '-o', 'ConnectTimeout=2', destination, '--', 'true'], {stdio: 'ignore', timeout: 5000});
		return true;
	} catch {
		return false;
	}
}

/** A port nothing listens on now (the kernel's choice, released at once for sshd to take). */
async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = net.createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const address = probe.address();
			probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
		});
	});
}

function descendantsOf(root: number): number[] {
	const processes = listProcesses();
	const found: number[] = [];
	const queue = [root];
	while (queue.length > 0) {
		const parent = queue.shift();
		for (const proc of processes) {
			if (proc.ppid === parent && !found.includes(proc.pid)) {
				found.push(proc.pid);
				queue.push(proc.pid);
			}
		}
	}
	return found;
}

function isZombie(pid: number): boolean {
	return listProcesses().find((proc) => proc.pid === pid)?.state === 'Z';
}

function signal(pid: number, name: NodeJS.Signals): void {
	try {
		process.kill(pid, name);
	} catch {
		// Already gone.
	}
}

/** Polls `condition` until it holds or `deadlineMs` passes (then rejects with `describe()`). */
export async function waitFor(condition: () => boolean | Promise<boolean>, deadlineMs: number, describe: () => string): Promise<void> {
	const end = Date.now() + deadlineMs;
	for (;;) {
		if (await condition()) return;
		if (Date.now() > end) throw new Error(describe());
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}
