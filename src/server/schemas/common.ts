import * as z from 'zod';

/** A non-blank string, trimmed. */
export const text = (max = 200) => z.string().trim().min(1, 'expected a non-empty string').max(max);

/** Query-string booleans: `1`, `true`, `yes` / `0`, `false`, `no`. */
export const flag = z
	.union([z.boolean(), z.enum(['1', 'true', 'yes', '0', 'false', 'no', ''])])
	.transform((value) => value === true || value === '1' || value === 'true' || value === 'yes');

/** A whole number from a query string, clamped into [min, max]. */
export const clampedInt = (min: number, max: number, fallback: number) =>
	z.coerce
		.number()
		.int()
		.catch(fallback)
		.default(fallback)
		.transform((value) => Math.min(max, Math.max(min, value)));

export const WorkspaceAgentParams = z.object({ws: text(200), agent: text(200)});

/** `?workspace=` (and `?agent=`) filters of list endpoints. */
export const WorkspaceQuery = z.object({workspace: text(200).optional()});

/** What every event looks like on the wire (SSE `data`, `/v1/events`). */
export const EventSchema = z.object({
	id: z.number().int(),
	event: z.string(),
	workspace: z.string(),
	agent: z.string().nullable(),
	timestamp: z.string(),
	correlation_id: z.string(),
	data: z.record(z.string(), z.unknown()).nullable(),
});

export type WireEvent = z.infer<typeof EventSchema>;
