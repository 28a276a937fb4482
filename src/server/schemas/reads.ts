import * as z from 'zod';
import {clampedInt, flag, text} from './common.js';

export const EventsQuery = z.object({
	cursor: z.string().max(4000).optional(),
	workspace: text(200).optional(),
	agent: text(200).optional(),
	/** @default 500 (at most 5000) */
	limit: clampedInt(1, 5000, 500),
});

export const StreamQuery = z.object({
	cursor: z.string().max(4000).optional(),
	workspace: text(200).optional(),
});

export const FocusQuery = z.object({
	/** Plain-text terminal lines returned (scrollback included). @default 200 */
	lines: clampedInt(1, 10_000, 200),
	/** Include token usage. @default true */
	usage: flag.default(true),
	/** Include the worktree diff. @default true */
	diff: flag.default(true),
});

export const LogQuery = z.object({
	/** @default 200 */
	lines: clampedInt(1, 10_000, 200),
});

export const HandoffsQuery = z.object({
	workspace: text(200).optional(),
	/** Only this agent's packets (exact name). */
	agent: text(200).optional(),
	/** Newest first; @default 500 (at most 5000) */
	limit: clampedInt(1, 5000, 500),
});

export const PolicyQuery = z.object({
	workspace: text(200).optional(),
	limit: clampedInt(1, 5000, 500),
});

/** A viewer's own name for one look at an agent (letters, digits, `-`). */
const viewName = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'expected 1–64 letters, digits or "-"');

/** The viewer's terminal size, for `screen/stream`: both or neither (a size is clamped to 20×5…500×200). */
export const ScreenQuery = z.object({
	cols: z.coerce.number().int().min(1).max(10_000).optional(),
	rows: z.coerce.number().int().min(1).max(10_000).optional(),
	/** Names this look, so the viewer can end it with `DELETE …/screen/views/{view}`. */
	view: viewName.optional(),
});

export const ViewParams = z.object({ws: z.string().trim().min(1).max(200), agent: z.string().trim().min(1).max(200), view: viewName});

export const MessagesQuery = z.object({
	workspace: text(200).optional(),
	/** Only messages to or from this agent. */
	agent: text(200).optional(),
	/** Also delivered and dead messages. @default false */
	all: flag.default(false),
});

export const NoticesQuery = z.object({
	workspace: text(200).optional(),
	/** Also the notices already read or resolved. @default false */
	all: flag.default(false),
});
