import {execa} from 'execa';
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
	/** When false, a non-zero exit resolves instead of throwing. @default true */
	reject?: boolean;
	/** Error code used when the process fails. @default 'ERR_PROCESS' */
	errorCode?: ErrorCode;
	/** Hint attached to the error when the process fails. */
	hint?: string;
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

export class ExecaRunner implements Runner {
	async run(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
		const result = await execa(command, args, {
			cwd: options.cwd,
			env: options.env,
			extendEnv: options.extendEnv ?? true,
			input: options.input,
			stdin: options.input === undefined ? 'ignore' : undefined,
			timeout: options.timeoutMs,
			reject: false,
			stripFinalNewline: false,
			encoding: 'utf8',
		});
		const outcome: RunResult = {
			command,
			args,
			exitCode: typeof result.exitCode === 'number' ? result.exitCode : result.failed ? -1 : 0,
			stdout: typeof result.stdout === 'string' ? result.stdout : '',
			stderr: typeof result.stderr === 'string' ? result.stderr : result.failed && !result.exitCode ? String(result.message ?? '') : '',
			timedOut: Boolean(result.timedOut),
			signal: result.signal ?? undefined,
		};
		if ((options.reject ?? true) && (outcome.exitCode !== 0 || outcome.timedOut || outcome.signal)) {
			throw new ProcessError({...outcome, exitCode: result.exitCode}, options.errorCode, options.hint);
		}
		return outcome;
	}
}

export const defaultRunner: Runner = new ExecaRunner();
