import path from 'node:path';
import type {WorkspaceContext} from '../core/agents/context.js';
import {acknowledgeNotices, answerPrompt, defaultReviewer, landAgent, landQueue, requestReview, stopAgents, type DialogAnswerChoice} from '../core/actions/index.js';
import {sendPrompt} from '../core/agents/send.js';
import {upAgents} from '../core/agents/up.js';
import {applyHandoff, generateHandoff} from '../core/handoff/index.js';
import {errorJson, TuttiError} from '../core/errors.js';
import {log} from '../core/log.js';
import {postMessage} from '../core/messages/index.js';
import type {ServerContext} from './context.js';
import {ApiError} from './envelope.js';
import type {ActionBody, ActionName} from './schemas/actions.js';
import {invalidateSummaries} from './state.js';

type ActionFn<N extends ActionName> = (tutti: ServerContext, ctx: WorkspaceContext, body: ActionBody<N>) => Promise<unknown>;

const unavailable = 'workflows are not available in this build';

function errorOrNull(error: TuttiError | undefined) {
	return error ? errorJson(error) : null;
}

/** Fails the action with the first core error of a batch (up/down report per agent). */
function firstFailure(action: string, failures: ReadonlyArray<{agent: string; error?: TuttiError | undefined}>): void {
	const failed = failures.filter((item) => item.error);
	const first = failed[0]?.error;
	if (!first) return;
	throw new ApiError(action, 'action_failed', `${action} failed for ${failed.map((item) => item.agent).join(', ')}: ${first.message}`, {tutti_code: first.code, ...(first.hint ? {hint: first.hint} : {})});
}

/** The POST actions of reference §7.5, over the core's own functions. */
export const actions: {[N in ActionName]: ActionFn<N>} = {
	up: async (tutti, ctx, body) => {
		if (body.agent !== undefined) tutti.agent('up', ctx, body.agent);
		const results = await upAgents(ctx, {agents: body.agent ? [body.agent] : [], freshWorktree: body.fresh_worktree, newSession: body.new_session});
		firstFailure('up', results);
		return {
			workspace: ctx.name,
			agent: body.agent ?? null,
			fresh_worktree: body.fresh_worktree,
			new_session: body.new_session,
			results: results.map((result) => ({agent: result.agent, runtime: result.runtime, session: result.session, outcome: result.outcome, conversation: result.conversation ?? null, branch: result.branch ?? null, warnings: result.warnings})),
		};
	},

	down: async (tutti, ctx, body) => {
		if (body.agent !== undefined) tutti.agent('down', ctx, body.agent);
		const results = await stopAgents(ctx, {agents: body.agent ? [body.agent] : [], clean: body.clean, force: body.force});
		firstFailure('down', results);
		return {
			workspace: ctx.name,
			agent: body.agent ?? null,
			clean: body.clean,
			results: results.map((result) => ({agent: result.agent, session: result.session, stopped: result.stopped, worktree_removed: result.worktreeRemoved, warnings: result.warnings, error: errorOrNull(result.error)})),
		};
	},

	send: async (tutti, ctx, body) => {
		const agent = tutti.agent('send', ctx, body.agent);
		const result = await tutti.serialize(`${ctx.name}/${agent.name}`, () =>
			sendPrompt(ctx, agent.name, body.prompt, {
				autoUp: body.auto_up,
				wait: body.wait,
				timeoutMs: body.timeout_secs * 1000,
				...(body.idle_stable_secs === undefined ? {} : {idleStableMs: body.idle_stable_secs * 1000}),
				output: body.output,
			}),
		);
		const captured = result.captured_output === null ? null : result.captured_output.split('\n').slice(-body.output_lines).join('\n');
		return {workspace: ctx.name, agent: agent.name, send: {...result, captured_output: captured}};
	},

	approve: async (tutti, ctx, body) => answerAction(tutti, ctx, body.agent, 'approve'),
	deny: async (tutti, ctx, body) => answerAction(tutti, ctx, body.agent, 'deny'),

	run: async (tutti, ctx, body) => {
		const runner = tutti.core.workflows;
		if (!runner) throw new ApiError('run', 'action_failed', unavailable, {hint: 'This tt build has no workflow engine yet.'});
		if (!ctx.config.workflow.some((workflow) => workflow.name === body.workflow)) {
			throw new ApiError('run', 'not_found', `unknown workflow "${body.workflow}"`, {hint: `Workflows: ${ctx.config.workflow.map((workflow) => workflow.name).join(', ') || '(none)'}.`});
		}
		if (body.agent !== undefined) tutti.agent('run', ctx, body.agent);
		const options = {workflow: body.workflow, agent: body.agent, strict: body.strict, dryRun: body.dry_run};
		const data = {workspace: ctx.name, workflow: body.workflow, agent: body.agent ?? null, strict: body.strict, dry_run: body.dry_run};
		if (!body.wait && !body.dry_run) {
			// Answered once the run is under way, so a refusal before it starts (the budget guard, a
			// bad agent) reaches the caller; then the engine reports progress as workflow.* events.
			let started = false;
			const runId = await new Promise<string | null>((resolve, reject) => {
				runner.run(ctx, {...options, onStarted: (id) => ((started = true), resolve(id))}).then(
					() => {
						// A runner that never says it started is answered when it ends.
						resolve(null);
						tutti.hub.kick();
					},
					(error: unknown) => {
						if (!started) reject(error);
						else log.warn('workflow run failed', {workspace: ctx.name, workflow: body.workflow, error: String(error)});
					},
				);
			});
			return {...data, waited: false, run_id: runId, result: null};
		}
		return {...data, waited: true, result: await runner.run(ctx, options)};
	},

	verify: async (tutti, ctx, body) => {
		const runner = tutti.core.workflows;
		if (!runner?.verify) throw new ApiError('verify', 'action_failed', unavailable, {hint: 'This tt build has no workflow engine yet.'});
		if (body.agent !== undefined) tutti.agent('verify', ctx, body.agent);
		const result = await runner.verify(ctx, {workflow: body.workflow, agent: body.agent, strict: body.strict});
		return {workspace: ctx.name, workflow: body.workflow ?? null, agent: body.agent ?? null, strict: body.strict, result};
	},

	review: async (tutti, ctx, body) => {
		const agent = tutti.agent('review', ctx, body.agent);
		const reviewer = tutti.agent('review', ctx, body.reviewer ?? defaultReviewer(ctx.config, agent.name));
		if (reviewer.name === agent.name) throw new ApiError('review', 'bad_request', 'an agent cannot review its own work', {hint: 'Pick another reviewer.'});
		const request = await requestReview(ctx, agent.name, reviewer.name, {autoUp: body.auto_up});
		return {workspace: ctx.name, ...request, packet: request.packet === null ? null : path.relative(ctx.root, request.packet)};
	},

	handoff: async (tutti, ctx, body) => {
		const agent = tutti.agent('handoff', ctx, body.agent);
		if (body.operation === 'generate') {
			const made = await generateHandoff(ctx, agent.name, {reason: body.reason});
			return {workspace: ctx.name, operation: 'generate', agent: agent.name, packet: path.relative(ctx.root, made.packet), kind: made.kind, reason: made.reason, ctx_pct: made.ctx_pct};
		}
		// A remote caller names a packet of the workspace by its file name, never a path.
		const applied = await tutti.serialize(`${ctx.name}/${agent.name}`, () => applyHandoff(ctx, agent.name, {packet: body.packet, replace: body.replace, runtime: body.runtime, withinHandoffs: true}));
		return {operation: 'apply', ...applied, packet: path.relative(ctx.root, applied.packet)};
	},

	ack: async (tutti, ctx, body) => {
		const agents = (body.agents ?? []).map((name) => tutti.agent('ack', ctx, name).name);
		return {workspace: ctx.name, read: acknowledgeNotices(ctx, agents)};
	},

	message: async (_tutti, ctx, body) => {
		const result = await postMessage(ctx, {from: body.from, to: body.to, body: body.text, replyTo: body.reply_to, key: body.key});
		return {workspace: ctx.name, ...result};
	},

	land: async (tutti, ctx, body) => {
		const agent = tutti.agent('land', ctx, body.agent);
		if (body.queue !== false) {
			if (body.force || body.include_uncommitted) throw new TuttiError('ERR_USAGE', 'force and include_uncommitted do not apply to the merge queue', {hint: 'The queue lands only committed work, from a clean project root.'});
			const agents = [agent.name, ...(Array.isArray(body.queue) ? body.queue : [])];
			return {workspace: ctx.name, agent: agent.name, queue: agents, pr: body.pr, result: await landQueue(ctx, agents, {pr: body.pr})};
		}
		const result = await landAgent(ctx, agent.name, {force: body.force, pr: body.pr, includeUncommitted: body.include_uncommitted});
		return {workspace: ctx.name, agent: agent.name, pr: body.pr, force: body.force, result};
	},
};

/** Approve and deny: in turn with prompts sent to the same agent from this server (the core adds the cross-process lease). */
async function answerAction(tutti: ServerContext, ctx: WorkspaceContext, agentName: string, answer: DialogAnswerChoice) {
	const agent = tutti.agent(answer, ctx, agentName);
	return tutti.serialize(`${ctx.name}/${agent.name}`, () => answerPrompt(ctx, agent.name, answer));
}

/** Runs an action; whatever it changed reaches stream clients at once. */
export async function runAction<N extends ActionName>(tutti: ServerContext, name: N, ctx: WorkspaceContext, body: ActionBody<N>): Promise<unknown> {
	try {
		return await (actions[name] as ActionFn<N>)(tutti, ctx, body);
	} finally {
		invalidateSummaries(ctx);
		tutti.hub.kick();
	}
}
