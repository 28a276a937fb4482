import {appendFileSync, mkdirSync} from 'node:fs';
import path from 'node:path';
import type {WorkspaceContext} from '../core/agents/context.js';
import {sendPrompt} from '../core/agents/send.js';
import type {WebhookConfig} from '../core/config/index.js';
import {log} from '../core/log.js';
import {inertValue} from '../core/prompt-text.js';
import type {ServerContext} from './context.js';

export type WebhookInput = {source: string; event: string; payload: unknown};

export type Dispatch =
	| {type: 'workflow'; workspace: string; workflow: string; agent: string | null; error?: string}
	| {type: 'send'; workspace: string; agent: string; error?: string};

/** FNV-1a, 64 bits, as 16 hex digits (the reference's body-hash dedup key). */
export function fnv1a64(text: string): string {
	let hash = 0xcbf29ce484222325n;
	for (const byte of Buffer.from(text, 'utf8')) {
		hash ^= BigInt(byte);
		hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
	}
	return hash.toString(16).padStart(16, '0');
}

/** Does a `[[webhook]]` rule match? Source equal or `*`; events empty, containing `*`, or naming the event. */
export function ruleMatches(rule: WebhookConfig, input: WebhookInput): boolean {
	const sourceOk = rule.source === '*' || rule.source === input.source;
	const eventOk = rule.events.length === 0 || rule.events.includes('*') || rule.events.includes(input.event);
	return sourceOk && eventOk;
}

/**
 * Replaces `{{event.a.b}}` with the value at `a.b` in the payload (missing empty, non-strings as
 * JSON). Values come from whoever can reach the webhook, so they are inserted as inert text on one
 * line (no control characters, no line breaks): a sender fills a field of the prompt, never more.
 */
export function renderPrompt(template: string, payload: unknown): string {
	return template.replace(/\{\{\s*event\.([A-Za-z0-9_.-]+)\s*\}\}/g, (_match, dotted: string) => {
		let value: unknown = payload;
		for (const key of dotted.split('.')) {
			if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return '';
			value = (value as Record<string, unknown>)[key];
		}
		if (value === undefined || value === null) return '';
		return inertValue(typeof value === 'string' ? value : JSON.stringify(value));
	});
}

/**
 * Fires every matching `[[webhook]]` rule of a workspace: a workflow starts (without waiting: its
 * progress is in the event stream), an agent gets the rendered prompt (no auto-up, no wait).
 */
export async function dispatchWebhook(tutti: ServerContext, ctx: WorkspaceContext, input: WebhookInput): Promise<{matched: number; dispatched: Dispatch[]}> {
	const rules = ctx.config.webhook.filter((rule) => ruleMatches(rule, input));
	const dispatched: Dispatch[] = [];
	for (const rule of rules) {
		if (rule.workflow !== undefined) {
			const item: Dispatch = {type: 'workflow', workspace: ctx.name, workflow: rule.workflow, agent: rule.agent ?? null};
			const runner = tutti.core.workflows;
			if (!runner) item.error = 'workflows are not available in this build';
			else {
				runner.run(ctx, {workflow: rule.workflow, agent: rule.agent, strict: false, dryRun: false}).catch((error: unknown) => log.warn('webhook workflow failed', {workflow: rule.workflow, error: String(error)}));
			}
			dispatched.push(item);
		} else if (rule.agent !== undefined) {
			const item: Dispatch = {type: 'send', workspace: ctx.name, agent: rule.agent};
			const prompt = rule.prompt === undefined ? `A webhook event was received: ${input.source}/${input.event}.` : renderPrompt(rule.prompt, input.payload);
			try {
				const agent = rule.agent;
				await tutti.serialize(`${ctx.name}/${agent}`, () => sendPrompt(ctx, agent, prompt));
			} catch (error) {
				item.error = error instanceof Error ? error.message : String(error);
			}
			dispatched.push(item);
		}
	}
	const outcome = dispatched.length === 0 ? 'no_match' : dispatched.some((item) => item.type === 'workflow') ? 'dispatched_workflow' : 'dispatched_send';
	try {
		mkdirSync(ctx.paths.state, {recursive: true});
		appendFileSync(path.join(ctx.paths.state, 'webhook-events.jsonl'), `${JSON.stringify({timestamp: new Date().toISOString(), source: input.source, event: input.event, matched_rule: rules.length > 0, outcome})}\n`);
	} catch (error) {
		log.warn('could not log webhook', {error: String(error)});
	}
	ctx.emit('webhook.received', null, {source: input.source, event: input.event, matched: rules.length, outcome});
	return {matched: rules.length, dispatched};
}
