import * as z from 'zod';
import {text} from './common.js';

/** Fields every action body may carry. */
const base = {
	/** Target workspace; required when the server serves several. */
	workspace: text(200).optional(),
	/** Same as the `Idempotency-Key` header. */
	idempotency_key: text(255).optional(),
};

/** `new_session`: start new conversations instead of resuming the recorded ones. */
export const UpBody = z.object({...base, agent: text().optional(), fresh_worktree: z.boolean().default(false), new_session: z.boolean().default(false)});
export const DownBody = z.object({...base, agent: text().optional(), clean: z.boolean().default(false), force: z.boolean().default(false)});
export const SendBody = z.object({
	...base,
	agent: text(),
	prompt: z.string().max(256 * 1024).refine((value) => value.trim() !== '', 'expected a non-empty prompt'),
	auto_up: z.boolean().default(false),
	wait: z.boolean().default(false),
	/** @default 900 */
	timeout_secs: z.number().int().min(1).max(86_400).default(900),
	/** How long idle must hold after activity before the turn counts as done. @default 1.5 */
	idle_stable_secs: z.number().min(0).max(600).optional(),
	output: z.boolean().default(false),
	/** @default 200 */
	output_lines: z.number().int().min(1).max(10_000).default(200),
});
export const RunBody = z.object({
	...base,
	workflow: text(),
	agent: text().optional(),
	strict: z.boolean().default(false),
	dry_run: z.boolean().default(false),
	/** Answer when the run ends (true, as in the reference) or as soon as it has started. @default true */
	wait: z.boolean().default(true),
});
export const VerifyBody = z.object({...base, workflow: text().optional(), agent: text().optional(), strict: z.boolean().default(false)});
export const ReviewBody = z.object({...base, agent: text(), reviewer: text().optional(), auto_up: z.boolean().default(false)});
/**
 * `queue`: through the merge queue — `true` for `agent`, or more agents to land after it, one at a
 * time; verified by the workspace's `verify` workflow (no shell text is taken over the API).
 */
export const LandBody = z.object({
	...base,
	agent: text(),
	pr: z.boolean().default(false),
	force: z.boolean().default(false),
	include_uncommitted: z.boolean().default(false),
	queue: z.union([z.boolean(), z.array(text()).max(100)]).default(false),
});
/**
 * `generate` writes a packet; `apply` types one (`packet`: a file name from GET /v1/handoffs,
 * default the agent's newest) into the running agent, `replace` first restarting it on a new conversation
 * (with `runtime`: of another CLI, which the agent then keeps until handed back).
 */
export const HandoffBody = z
	.object({
		...base,
		agent: text(),
		operation: z.enum(['generate', 'apply']).default('generate'),
		reason: text(200).optional(),
		packet: text(255).optional(),
		replace: z.boolean().default(false),
		runtime: text(40).optional(),
	})
	.refine((body) => body.operation === 'apply' || (body.packet === undefined && !body.replace && body.runtime === undefined), {message: '`packet`, `replace` and `runtime` only apply with operation "apply"', path: ['operation']})
	.refine((body) => body.runtime === undefined || body.replace, {message: '`runtime` needs `replace`: another CLI starts a fresh session', path: ['runtime']});

/** Approve or deny the dialog the agent waits on (the keys its adapter declares). */
export const AnswerBody = z.object({...base, agent: text()});

/** Marks the news about these agents (every agent when absent) seen, in every surface (`tt notices ack`). */
export const AckBody = z.object({...base, agents: z.array(text()).max(1000).optional()});

/**
 * Stores a message and delivers it at each recipient's turn boundary (`tt msg send`). `from`: an
 * agent of the workspace, else the sender is `human`; `key`: the message's idempotency key, unique per sender.
 */
export const MessageBody = z.object({
	...base,
	to: z.array(text()).min(1).max(100),
	text: z.string().max(1024 * 1024).refine((value) => value.trim() !== '', 'expected a non-empty message'),
	from: text().optional(),
	reply_to: z.number().int().min(1).optional(),
	key: text(200).optional(),
});

export const actionBodies = {up: UpBody, down: DownBody, send: SendBody, approve: AnswerBody, deny: AnswerBody, run: RunBody, verify: VerifyBody, review: ReviewBody, land: LandBody, handoff: HandoffBody, ack: AckBody, message: MessageBody} as const;
export type ActionName = keyof typeof actionBodies;
export const actionNames = Object.keys(actionBodies) as ActionName[];
export type ActionBody<N extends ActionName> = z.infer<(typeof actionBodies)[N]>;

export const ActionParams = z.object({name: z.string().max(100)});

export const WebhookBody = z.object({
	source: text().default('generic'),
	event: text().default('unknown'),
	payload: z.unknown().optional(),
	workspace: text(200).optional(),
});
