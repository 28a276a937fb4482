import {TuttiError, type ErrorCode} from '../core/errors.js';

/** Stable error codes of the API (documented in src/server/README.md). */
export const apiErrorCodes = {
	bad_request: 400,
	invalid_json: 400,
	action_failed: 400,
	webhook_failed: 400,
	unauthorized: 401,
	forbidden_origin: 403,
	forbidden_host: 403,
	not_found: 404,
	idempotency_conflict: 409,
	payload_too_large: 413,
	unsupported_media_type: 415,
	too_many_streams: 503,
	internal: 500,
} as const;

export type ApiErrorCode = keyof typeof apiErrorCodes;

export type ApiErrorBody = {
	code: ApiErrorCode;
	message: string;
	/** The core error code behind an `action_failed` (e.g. ERR_AGENT_NOT_RUNNING). */
	tutti_code?: ErrorCode;
	hint?: string;
	/** Validation issues: dotted path and message. */
	issues?: Array<{path: string; message: string}>;
};

export type Envelope<T = unknown> = {ok: true; action: string; error: null; data: T} | {ok: false; action: string; error: ApiErrorBody; data: null};

/** An error that becomes an error envelope with its HTTP status. */
export class ApiError extends Error {
	readonly code: ApiErrorCode;
	readonly action: string;
	readonly status: number;
	readonly body: ApiErrorBody;

	constructor(action: string, code: ApiErrorCode, message: string, extra: Omit<ApiErrorBody, 'code' | 'message'> = {}) {
		super(message);
		this.name = 'ApiError';
		this.action = action;
		this.code = code;
		this.status = apiErrorCodes[code];
		this.body = {code, message, ...extra};
	}
}

export function ok<T>(action: string, data: T): Envelope<T> {
	return {ok: true, action, error: null, data};
}

export function fail(action: string, body: ApiErrorBody): Envelope<never> {
	return {ok: false, action, error: body, data: null};
}

/** Core errors that mean "no such thing" rather than "the action failed". */
const notFound: ReadonlySet<ErrorCode> = new Set(['ERR_WORKSPACE_UNKNOWN', 'ERR_AGENT_UNKNOWN', 'ERR_WORKTREE_MISSING']);

/**
 * Maps anything thrown inside a route to an ApiError: TuttiErrors keep their message, hint and
 * code (`action_failed`, or `not_found` for unknown agents and workspaces); anything else is an
 * internal error whose details stay in the log.
 */
export function toApiError(action: string, error: unknown, failCode: ApiErrorCode = 'action_failed'): ApiError {
	if (error instanceof ApiError) return error;
	if (error instanceof TuttiError) {
		if (error.code === 'ERR_INTERNAL') return new ApiError(action, 'internal', 'internal error');
		const code: ApiErrorCode = notFound.has(error.code) ? 'not_found' : error.code === 'ERR_USAGE' ? 'bad_request' : failCode;
		return new ApiError(action, code, error.message, {tutti_code: error.code, ...(error.hint ? {hint: error.hint} : {})});
	}
	return new ApiError(action, 'internal', 'internal error');
}
