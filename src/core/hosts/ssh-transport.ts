import {createHash} from 'node:crypto';
import path from 'node:path';
import type {HostConfig} from '../config/index.js';
import {ProcessError, TuttiError} from '../errors.js';
import type {Runner, RunOptions, RunResult} from '../process/runner.js';
import {remoteCommandLine} from './remote-command.js';

/** How long an idle ssh master stays up after its last use: later `tt` commands reuse it. */
const masterPersistSecs = 600;
/**
 * A call through a master whose network went silent would hang until TCP gave up: the master
 * probes every 2 s and drops after 2 missed answers, and no call waits longer than this (git on a
 * large repository included). tmux calls have a far shorter limit of their own (RemoteTmux).
 */
const callTimeoutMs = 120_000;

/** ssh's own exit status for "could not connect / the connection broke" (a remote command's is passed through). */
const sshFailed = 255;

/**
 * One `[[host]]` reached over ssh: every call goes through one long-lived master connection per
 * host (ControlMaster, socket `ssh-%C` in tutti's private folder), so a `tt status` over ten remote
 * agents opens no new TCP connection or login. `runner` runs any argv on the host.
 */
export class SshTransport {
	readonly host: HostConfig;
	/** Runs argv on the host: same contract as a local Runner (argv in, exit code and output out). */
	readonly runner: Runner;
	readonly #local: Runner;
	readonly #controlDir: string;

	constructor(host: HostConfig, local: Runner, controlDir: string) {
		this.host = host;
		this.#local = local;
		this.#controlDir = controlDir;
		this.runner = {run: (command, args, options) => this.#run(command, args, options)};
	}

	/** The ssh arguments before the destination: the user's options, then the shared master's. */
	sshArgs(): string[] {
		return [
			...this.host.ssh_options,
			'-o', 'ControlMaster=auto',
			'-o', `ControlPath=${this.controlPath()}`,
			'-o', `ControlPersist=${masterPersistSecs}`,
			// Never a password or host-key prompt on a terminal tutti does not own.
			'-o', 'BatchMode=yes',
			'-o', 'ConnectTimeout=5',
			'-o', 'ServerAliveInterval=2',
			'-o', 'ServerAliveCountMax=2',
		];
	}

	/**
	 * The master's socket: one per host entry. Not ssh's `%C` (40 characters, plus 17 ssh adds while
	 * it binds): a socket path must fit in 108 bytes, and tutti's private folder can be deep.
	 */
	controlPath(): string {
		const key = createHash('sha256').update(JSON.stringify([this.host.ssh, this.host.ssh_options])).digest('hex').slice(0, 12);
		return path.join(this.#controlDir, `ssh-${key}`);
	}

	/** argv (for `ssh`) that runs `argv` on the host with a terminal: `tt attach`. */
	interactiveArgv(argv: readonly string[]): string[] {
		return [...this.sshArgs(), '-t', this.host.ssh, '--', remoteCommandLine(argv)];
	}

	/**
	 * argv (for `ssh`) that runs `argv` on the host with its stdin and stdout as pipes (`-T`: no
	 * terminal, so tmux control mode's bytes pass untouched), through the host's master.
	 */
	streamArgv(argv: readonly string[]): string[] {
		return [...this.sshArgs(), '-T', this.host.ssh, '--', remoteCommandLine(argv)];
	}

	/**
	 * The shell text of an ssh command with this host's options, for programs that take one (git's
	 * GIT_SSH_COMMAND, run by git through sh): every word quoted.
	 */
	sshCommandText(): string {
		return ['ssh', ...this.sshArgs()].map((word) => `'${word.replaceAll("'", String.raw`'\''`)}'`).join(' ');
	}

	/** Closes the master connection (tests; `tt hosts --disconnect` later). */
	async close(): Promise<void> {
		await this.#local.run('ssh', [...this.sshArgs(), '-O', 'exit', this.host.ssh], {reject: false, timeoutMs: 5000});
	}

	async #run(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
		const line = remoteCommandLine([command, ...args], {env: options.env, cwd: options.cwd});
		const result = await this.#local.run('ssh', [...this.sshArgs(), this.host.ssh, '--', line], {
			input: options.input,
			timeoutMs: options.timeoutMs ?? callTimeoutMs,
			// An ssh client waiting on a silent master does not act on SIGTERM; it holds nothing to save.
			timeoutSignal: 'SIGKILL',
			reject: false,
			// The master (forked by the first call) must not inherit a process group a timeout kills.
			group: false,
		});
		if (result.exitCode === sshFailed || result.timedOut || (result.exitCode === -1 && /ENOENT/.test(result.stderr))) throw unreachable(this.host, result);
		const outcome: RunResult = {...result, command, args};
		const failed = outcome.exitCode !== 0 || outcome.signal !== undefined;
		if ((options.reject ?? true) && failed) throw new ProcessError({...outcome, exitCode: outcome.exitCode}, options.errorCode, options.hint);
		return outcome;
	}
}

function unreachable(host: HostConfig, result: RunResult): TuttiError {
	const said = result.stderr.trim().split('\n').filter(Boolean).at(-1) ?? (result.timedOut ? 'no answer in time' : `ssh exited with ${result.exitCode}`);
	return hostUnreachable(host, said, result.stderr);
}

/** The one error for a host that does not answer (`said`: why, in ssh's words or tutti's). */
export function hostUnreachable(host: HostConfig, said: string, stderr = ''): TuttiError {
	return new TuttiError('ERR_HOST_UNREACHABLE', `host "${host.name}" (${host.ssh}) is unreachable: ${said}`, {
		hint: `Check that \`ssh ${[...host.ssh_options, host.ssh].join(' ')} true\` works from this machine (network, sshd, key, known_hosts); its agents keep running there and are shown again once it answers.`,
		details: {host: host.name, stderr},
	});
}

/** Whether an error says a host could not be reached (its agents are then `unreachable`, not stopped). */
export function isUnreachable(error: unknown): error is TuttiError {
	return error instanceof TuttiError && error.code === 'ERR_HOST_UNREACHABLE';
}
