/**
 * Typed errors with stable codes. Every failure a user can see carries a category (printed as
 * `error[<category>]`), a message saying what failed and where, and a hint saying what to do next.
 */

/**
 * What a failure is about, in a word a user knows (`error[agent]`, `error[git]`): the thing to look
 * at or fix. Several codes share a category; the codes stay stable for scripts and the API.
 */
export const errorCategories = ['usage', 'config', 'workspace', 'agent', 'host', 'tmux', 'git', 'tool', 'policy', 'budget', 'state', 'install', 'internal'] as const;
export type ErrorCategory = (typeof errorCategories)[number];

/** Stable error codes; the server maps them to HTTP statuses, the CLI to exit codes. */
export const errorCodes = {
	/** The command line itself: a flag, an argument, a name that means nothing here. */
	ERR_USAGE: 'usage',
	/** tutti.toml or the global config: missing, unreadable TOML, invalid keys, a template. */
	ERR_CONFIG_NOT_FOUND: 'config',
	ERR_CONFIG_SYNTAX: 'config',
	ERR_CONFIG_INVALID: 'config',
	ERR_CONFIG_EXISTS: 'config',
	ERR_TEMPLATE: 'config',
	ERR_WORKSPACE_UNKNOWN: 'workspace',
	/** An agent: not in the config, not running, exited, its CLI missing, or not done in time. */
	ERR_AGENT_UNKNOWN: 'agent',
	ERR_AGENT_NOT_RUNNING: 'agent',
	ERR_AGENT_EXITED: 'agent',
	ERR_RUNTIME_UNKNOWN: 'agent',
	ERR_RUNTIME_MISSING: 'agent',
	ERR_TIMEOUT: 'agent',
	ERR_PROMPT_NOT_SUBMITTED: 'agent',
	/** `tt approve`/`tt deny`: the agent is not waiting on a dialog, or on none tutti knows the keys of, or the keys left it as it was. */
	ERR_AGENT_NOT_ASKING: 'agent',
	ERR_ANSWER_UNKNOWN: 'agent',
	ERR_ANSWER_NOT_TAKEN: 'agent',
	/** A `[[host]]` agents run on over ssh cannot be reached (ssh itself failed: refused, timed out, key refused). */
	ERR_HOST_UNREACHABLE: 'host',
	ERR_TMUX_MISSING: 'tmux',
	ERR_TMUX: 'tmux',
	/** git and the worktrees tutti keeps with it: a refusal to touch work, a failed git command. */
	ERR_GIT: 'git',
	ERR_NOT_A_REPO: 'git',
	ERR_WORKTREE_MISSING: 'git',
	ERR_WORKTREE_UNSAFE: 'git',
	ERR_LAND_DIRTY: 'git',
	ERR_LAND_CONFLICT: 'git',
	/** Another program tutti runs (gh, a workflow command) is missing or failed. */
	ERR_GH_MISSING: 'tool',
	ERR_PROCESS: 'tool',
	/** tutti's own files (.tutti/state, locks, runs) are in the way: unwritable, full, busy, already there. */
	ERR_STATE: 'state',
	ERR_POLICY: 'policy',
	ERR_PATH_ESCAPE: 'policy',
	/** A limit you set was reached (a profile's `max_concurrent`). */
	ERR_LIMIT: 'policy',
	/** `sandbox = "bwrap"` cannot be held here (bubblewrap missing, or no user namespaces): the agent was not started. */
	ERR_SANDBOX: 'policy',
	/** A `[budget]` cap was reached in `mode = "enforce"`: the action was not taken. */
	ERR_BUDGET: 'budget',
	/** tutti's own installation is incomplete (a native module not built, a dependency missing). */
	ERR_INSTALL: 'install',
	/** A bug in tutti. */
	ERR_INTERNAL: 'internal',
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

/** An error as `--json` output and API results show it: the stable code, its category, what failed and what to do. */
export type ErrorJson = {code: ErrorCode; category: ErrorCategory; message: string; hint: string | null};

export function errorJson(error: TuttiError): ErrorJson {
	return {code: error.code, category: error.category, message: error.message, hint: error.hint ?? null};
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
