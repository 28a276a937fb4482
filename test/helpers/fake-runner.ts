import {ProcessError} from '../../src/core/errors.js';
import type {RunOptions, RunResult, Runner} from '../../src/core/process/runner.js';

/** What a scripted call returns. */
export type FakeReply = {stdout?: string; stderr?: string; exitCode?: number; timedOut?: boolean; signal?: string};

/** An expected argument: the exact string, or a RegExp for long or generated ones (a GraphQL query, say). */
export type ArgMatcher = string | RegExp;

type Expectation = {
	command: string;
	args: readonly ArgMatcher[];
	reply: FakeReply;
	/** When set, the call must run in this directory. */
	cwd?: string;
};

/** A call the fake received, for assertions on options such as env or input. */
export type RecordedCall = {command: string; args: readonly string[]; options: RunOptions};

/**
 * A Runner that expects an exact sequence of argv calls and answers each with a canned reply.
 * An unexpected call, a call out of order or with other arguments fails at once; `assertDone()`
 * fails when expected calls never came. Like the real runner, a non-zero exit throws ProcessError
 * unless the caller passed `reject: false`.
 */
export class FakeRunner implements Runner {
	readonly calls: RecordedCall[] = [];
	private readonly queue: Expectation[] = [];

	/** Expects the next call to be `command args…`; replies with `reply` (exit 0, empty output by default). */
	expect(command: string, args: readonly ArgMatcher[], reply: FakeReply = {}, options: {cwd?: string} = {}): this {
		this.queue.push({command, args: [...args], reply, ...options});
		return this;
	}

	async run(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
		this.calls.push({command, args: [...args], options});
		const next = this.queue.shift();
		const got = formatCall(command, args);
		if (!next) throw new Error(`FakeRunner: unexpected call ${got}`);
		if (next.command !== command || !argsMatch(next.args, args)) {
			throw new Error(`FakeRunner: expected ${formatCall(next.command, next.args)}\n                  got ${got}`);
		}
		if (next.cwd !== undefined && next.cwd !== options.cwd) {
			throw new Error(`FakeRunner: ${got} ran in ${String(options.cwd)}, expected ${next.cwd}`);
		}
		const result: RunResult = {
			command,
			args,
			exitCode: next.reply.exitCode ?? 0,
			stdout: next.reply.stdout ?? '',
			stderr: next.reply.stderr ?? '',
			timedOut: next.reply.timedOut ?? false,
			signal: next.reply.signal,
		};
		const failed = result.exitCode !== 0 || result.timedOut || result.signal !== undefined;
		if (failed && (options.reject ?? true)) throw new ProcessError(result, options.errorCode, options.hint);
		return result;
	}

	/** Fails when some expected calls were never made. */
	assertDone(): void {
		if (this.queue.length > 0) {
			throw new Error(`FakeRunner: ${this.queue.length} expected call(s) never made, first: ${formatCall(this.queue[0]!.command, this.queue[0]!.args)}`);
		}
	}
}

function argsMatch(expected: readonly ArgMatcher[], actual: readonly string[]): boolean {
	return expected.length === actual.length && expected.every((want, index) => (typeof want === 'string' ? want === actual[index] : want.test(actual[index] ?? '')));
}

function formatCall(command: string, args: readonly ArgMatcher[]): string {
	return [command, ...args]
		.map((part) => (typeof part !== 'string' ? String(part) : /^[\w@%+=:,./-]+$/.test(part) ? part : JSON.stringify(part)))
		.join(' ');
}
