import {spawn} from 'node:child_process';
import {ProcessError, type ErrorCode} from '../errors.js';

export type RunOptions = {
	cwd?: string;
	/** Variables added to (or, with `extendEnv: false`, replacing) the parent's environment. */
	env?: Record<string, string | undefined>;
	/** @default true */
	extendEnv?: boolean;
	/** Text written to the child's stdin. */
	input?: string;
	timeoutMs?: number;
	/** The signal a timed-out child gets first (SIGKILL follows 2 s later). @default 'SIGTERM' */
	timeoutSignal?: NodeJS.Signals;
	/** When false, a non-zero exit resolves instead of throwing. @default true */
	reject?: boolean;
	/** Error code used when the process fails. @default 'ERR_PROCESS' */
	errorCode?: ErrorCode;
	/** Hint attached to the error when the process fails. */
	hint?: string;
	/**
	 * Starts the child as the leader of a process group of its own (POSIX). A timeout, and this
	 * process exiting while the child runs, then signal the whole group: what the child started
	 * (a shell's `sleep`, a test runner's workers) ends with it instead of running on unseen.
	 * A SIGKILLed parent runs no exit handler, so the group survives it. @default false
	 */
	group?: boolean;
};

export type RunResult = {
	command: string;
	args: readonly string[];
	exitCode: number;
	stdout: string;
	stderr: string;
	timedOut: boolean;
	signal: string | undefined;
};

/** Every external process goes through this: an argv array, never a shell string. */
export type Runner = {
	run(command: string, args: readonly string[], options?: RunOptions): Promise<RunResult>;
};

/** Groups started with `group: true` that still run. */
const liveGroups = new Set<number>();
// A group is out of the terminal's reach (Ctrl-C no longer gets to it): end the groups when we end.
process.on('exit', () => {
	for (const pgid of liveGroups) signalGroup(pgid, 'SIGTERM');
});

/**
 * Runs processes with node's child_process: an argv array, never a shell. (execa, which the rest
 * of the ecosystem uses, costs ~80 ms to load; `tt status` must start in about two `node -e 0`s.)
 */
export class NodeRunner implements Runner {
	run(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
		const env = options.extendEnv === false ? cleanEnv(options.env ?? {}) : cleanEnv({...process.env, ...options.env});
		return new Promise((resolve, reject) => {
			const group = options.group === true && process.platform !== 'win32';
			const child = spawn(command, args, {cwd: options.cwd, env, stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'], windowsHide: true, detached: group});
			let closed = false;
			// Once the leader is reaped its pgid may be reused by another group: never signal it then.
			const kill = (name: NodeJS.Signals) => (group && child.pid !== undefined ? !closed && signalGroup(child.pid, name) : child.kill(name));
			if (group && child.pid !== undefined) liveGroups.add(child.pid);
			const stdout: Buffer[] = [];
			const stderr: Buffer[] = [];
			let timedOut = false;
			let spawnError: Error | undefined;
			const timer =
				options.timeoutMs === undefined
					? undefined
					: setTimeout(() => {
							timedOut = true;
							kill(options.timeoutSignal ?? 'SIGTERM');
							setTimeout(() => kill('SIGKILL'), 2000).unref();
						}, options.timeoutMs);
			child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
			child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
			if (options.input !== undefined) {
				child.stdin?.on('error', () => undefined);
				child.stdin?.end(options.input);
			}
			child.on('exit', () => {
				// A timed-out child may have handed its pipes on (an ssh client gives them to its master
				// connection, which can hang much longer): stop waiting for them to close.
				if (timedOut) {
					setTimeout(() => {
						child.stdout?.destroy();
						child.stderr?.destroy();
					}, 100).unref();
				}
			});
			child.on('error', (error) => {
				spawnError = error;
			});
			child.on('close', (code, signal) => {
				if (timer) clearTimeout(timer);
				closed = true;
				if (child.pid !== undefined) liveGroups.delete(child.pid);
				const outcome: RunResult = {
					command,
					args,
					exitCode: code ?? (spawnError ? -1 : 0),
					stdout: Buffer.concat(stdout).toString('utf8'),
					stderr: spawnError ? `${spawnError.message}` : Buffer.concat(stderr).toString('utf8'),
					timedOut,
					signal: signal ?? undefined,
				};
				const failed = spawnError !== undefined || outcome.exitCode !== 0 || timedOut || signal !== null;
				if ((options.reject ?? true) && failed) {
					reject(new ProcessError({...outcome, exitCode: spawnError ? undefined : (code ?? undefined)}, options.errorCode, options.hint));
					return;
				}
				resolve(outcome);
			});
		});
	}
}

/** Signals every process of the group `pgid` leads; false when there is none left. */
export function signalGroup(pgid: number, name: NodeJS.Signals): boolean {
	try {
		process.kill(-pgid, name);
		return true;
	} catch {
		// The group is gone already.
		return false;
	}
}

/** Drops variables set to undefined (callers use that to unset inherited ones). */
function cleanEnv(env: Record<string, string | undefined>): Record<string, string> {
	const result: Record<string, string> = {};
	for (const [key, value] of Object.entries(env)) if (value !== undefined) result[key] = value;
	return result;
}

export const defaultRunner: Runner = new NodeRunner();
