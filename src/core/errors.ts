/**
 * Typed errors with stable codes. Every failure a user can see carries a category (printed as
 * `error[<category>]`), a message saying what failed and where, and a hint saying what to do next.
 */

export const errorCategories = ['routing', 'runtime', 'tool', 'policy', 'provider', 'config', 'usage', 'install', 'state', 'unknown'] as const;
export type ErrorCategory = (typeof errorCategories)[number];

/** Stable error codes; the server maps them to HTTP statuses, the CLI to exit codes. */
export const errorCodes = {
	ERR_CONFIG_NOT_FOUND: 'config',
	ERR_CONFIG_SYNTAX: 'config',
	ERR_CONFIG_INVALID: 'config',
	ERR_CONFIG_EXISTS: 'config',
	ERR_WORKSPACE_UNKNOWN: 'config',
	ERR_AGENT_UNKNOWN: 'config',
	ERR_TEMPLATE: 'config',
	ERR_USAGE: 'usage',
	ERR_TMUX_MISSING: 'runtime',
	ERR_TMUX: 'runtime',
	ERR_RUNTIME_UNKNOWN: 'runtime',
	ERR_RUNTIME_MISSING: 'runtime',
	ERR_AGENT_NOT_RUNNING: 'runtime',
	ERR_AGENT_EXITED: 'runtime',
	ERR_TIMEOUT: 'runtime',
	ERR_GIT: 'routing',
	ERR_NOT_A_REPO: 'routing',
	ERR_WORKTREE_MISSING: 'routing',
	ERR_WORKTREE_UNSAFE: 'routing',
	ERR_LAND_DIRTY: 'routing',
	ERR_LAND_CONFLICT: 'routing',
	ERR_GH_MISSING: 'tool',
	ERR_PROCESS: 'tool',
	/** tutti's own files (.tutti/state, locks, runs) are in the way: unwritable, full, busy, already there. */
	ERR_STATE: 'state',
	ERR_POLICY: 'policy',
	ERR_PATH_ESCAPE: 'policy',
	/** tutti's own installation is incomplete (a native module not built, a dependency missing). */
	ERR_INSTALL: 'install',
	ERR_INTERNAL: 'unknown',
} as const satisfies Record<string, ErrorCategory>;

export type ErrorCode = keyof typeof errorCodes;

/**
 * The next step an error calls for, as data: the CLI prints `hint` (a command line), while a
 * surface with its own controls (the TUI's keys, a dashboard button) words this instead.
 */
export type Remedy = {
	/** `start`: start the agent (`tt up`); `inspect`: look at its screen or output (`tt logs`, `tt peek`). */
	action: 'start' | 'inspect';
	agent: string;
};

export type TuttiErrorOptions = {
	hint?: string;
	remedy?: Remedy;
	cause?: unknown;
	/** Extra structured data for JSON output and API envelopes. */
	details?: Record<string, unknown>;
};

export class TuttiError extends Error {
	readonly code: ErrorCode;
	readonly category: ErrorCategory;
	readonly hint: string | undefined;
	readonly remedy: Remedy | undefined;
	readonly details: Record<string, unknown> | undefined;

	constructor(code: ErrorCode, message: string, options: TuttiErrorOptions = {}) {
		super(message, options.cause === undefined ? undefined : {cause: options.cause});
		this.name = 'TuttiError';
		this.code = code;
		this.category = errorCodes[code];
		this.hint = options.hint;
		this.remedy = options.remedy;
		this.details = options.details;
	}
}

/** A failed external process; keeps execa's fields so messages can show what ran and why it failed. */
export class ProcessError extends TuttiError {
	readonly command: string;
	readonly args: readonly string[];
	readonly exitCode: number | undefined;
	readonly signal: string | undefined;
	readonly stderr: string;
	readonly stdout: string;
	readonly timedOut: boolean;

	constructor(
		fields: {
			command: string;
			args: readonly string[];
			exitCode: number | undefined;
			signal: string | undefined;
			stdout: string;
			stderr: string;
			timedOut: boolean;
		},
		code: ErrorCode = 'ERR_PROCESS',
		hint?: string,
	) {
		const what = [fields.command, ...fields.args].join(' ');
		const why = fields.timedOut
			? 'timed out'
			: fields.signal
				? `was killed by ${fields.signal}`
				: `exited with ${fields.exitCode ?? '?'}`;
		const detail = fields.stderr.trim().split('\n').slice(-3).join(' / ');
		super(code, `\`${truncate(what, 160)}\` ${why}${detail ? `: ${detail}` : ''}`, {hint});
		this.name = 'ProcessError';
		Object.assign(this, fields);
		this.command = fields.command;
		this.args = fields.args;
		this.exitCode = fields.exitCode;
		this.signal = fields.signal;
		this.stderr = fields.stderr;
		this.stdout = fields.stdout;
		this.timedOut = fields.timedOut;
	}
}

export function isTuttiError(error: unknown): error is TuttiError {
	return error instanceof TuttiError;
}

/** Wraps anything thrown into a TuttiError so callers print one shape. */
export function toTuttiError(error: unknown): TuttiError {
	if (error instanceof TuttiError) return error;
	if (error instanceof Error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'EACCES' || code === 'ENOENT' || code === 'EEXIST' || code === 'ENOSPC') {
			return new TuttiError('ERR_STATE', error.message, {cause: error, hint: 'Check the path and its permissions.'});
		}
		return new TuttiError('ERR_INTERNAL', error.message, {cause: error, hint: 'This is a bug in tutti; please report it with the command you ran.'});
	}
	return new TuttiError('ERR_INTERNAL', String(error));
}

function truncate(text: string, max: number): string {
	return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
