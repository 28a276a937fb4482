import type {WorkspaceContext} from '../agents/context.js';
import type {HookConfig, WorkflowConfig} from '../config/index.js';
import {TuttiError} from '../errors.js';
import {describeError} from './engine.js';
import type {ExecutionResult, HookOutcome, RunOrigin, RunWorkflowOptions} from './types.js';

/** Hooks nest (a hook's workflow stops an agent, whose hook runs a workflow…) at most this deep. */
export const maxHookDepth = 3;

type Run = (ctx: WorkspaceContext, options: RunWorkflowOptions) => Promise<ExecutionResult>;

function hookDepth(ctx: WorkspaceContext): number {
	const depth = Number(ctx.services.env['TUTTI_HOOK_DEPTH'] ?? 0);
	return Number.isInteger(depth) && depth > 0 ? depth : 0;
}

/** A hook's `run` as a one-step command workflow (reference §8.11), cwd = project root. */
function commandWorkflow(name: string, hook: HookConfig, agent: string | undefined): WorkflowConfig {
	return {
		name,
		description: `hook ${hook.event}`,
		step: [{type: 'command', depends_on: [], run: hook.run ?? '', cwd: 'workspace', timeout_secs: hook.timeout_secs, fail_mode: hook.fail_mode, ...(agent ? {agent} : {})}],
	};
}

async function fire(ctx: WorkspaceContext, run: Run, hook: HookConfig, options: {event: HookOutcome['event']; origin: RunOrigin; name: string; agent: string | undefined; depth: number}): Promise<HookOutcome> {
	const target = hook.workflow ?? `run: ${hook.run ?? ''}`;
	const env = {TUTTI_HOOK_DEPTH: String(options.depth + 1), TUTTI_HOOK_EVENT: options.event};
	try {
		const result = hook.workflow
			? await run(ctx, {workflow: hook.workflow, agent: options.agent, strict: false, origin: options.origin, hook: {event: options.event, agent: options.agent ?? null}, env})
			: await run(ctx, {workflow: options.name, inline: commandWorkflow(options.name, hook, options.agent), agent: options.agent, strict: false, origin: options.origin, hook: {event: options.event, agent: options.agent ?? null}, env});
		const message = result.success ? 'ok' : `failed at step${result.failed_steps.length === 1 ? '' : 's'} ${result.failed_steps.join(', ')}`;
		return {event: options.event, target, fail_mode: hook.fail_mode, success: result.success, run_id: result.run_id, message};
	} catch (error) {
		return {event: options.event, target, fail_mode: hook.fail_mode, success: false, run_id: null, message: describeError(error)};
	}
}

/**
 * `workflow_complete` hooks after a run (reference §8.11), filtered by `workflow_source`,
 * `workflow_name` and `agent` (the run's `--agent`). Never for runs started by such a hook
 * (recursion guard), nor deeper than {@link maxHookDepth}. Hooks run non-strict; an open hook's
 * failure is only reported.
 */
export async function fireWorkflowComplete(ctx: WorkspaceContext, run: Run, result: ExecutionResult): Promise<HookOutcome[]> {
	if (result.origin === 'hook_workflow_complete') return [];
	const depth = hookDepth(ctx);
	if (depth >= maxHookDepth) return [];
	const hooks = ctx.config.hook.filter(
		(hook) =>
			hook.event === 'workflow_complete' &&
			(hook.workflow_source === undefined || hook.workflow_source === result.origin) &&
			(hook.workflow_name === undefined || hook.workflow_name === result.workflow_name) &&
			(hook.agent === undefined || hook.agent === result.agent_scope),
	);
	const outcomes: HookOutcome[] = [];
	for (const hook of hooks) {
		outcomes.push(await fire(ctx, run, hook, {event: 'workflow_complete', origin: 'hook_workflow_complete', name: `hook:workflow_complete:${result.workflow_name}`, agent: result.agent_scope ?? undefined, depth}));
	}
	return outcomes;
}

/**
 * `agent_stop` hooks for an agent stopped by `tt down` (the lead's lifecycle command calls this
 * after stopping it). `workflow` hooks run with the stopped agent as `--agent`. Returns what ran;
 * throws ERR_POLICY after running them all when a fail-closed hook failed.
 */
export async function fireAgentStop(ctx: WorkspaceContext, run: Run, agent: string): Promise<HookOutcome[]> {
	const depth = hookDepth(ctx);
	if (depth >= maxHookDepth) return [];
	const outcomes: HookOutcome[] = [];
	for (const hook of ctx.config.hook.filter((candidate) => candidate.event === 'agent_stop' && (candidate.agent === undefined || candidate.agent === agent))) {
		outcomes.push(await fire(ctx, run, hook, {event: 'agent_stop', origin: 'hook_agent_stop', name: `hook:agent_stop:${agent}`, agent, depth}));
	}
	const closed = outcomes.filter((outcome) => !outcome.success && outcome.fail_mode === 'closed');
	if (closed.length > 0) {
		throw new TuttiError('ERR_POLICY', `agent_stop hook${closed.length === 1 ? '' : 's'} for ${agent} failed: ${closed.map((outcome) => `${outcome.target} (${outcome.message})`).join('; ')}`, {
			hint: 'The hook is fail_mode = "closed"; fix it or set fail_mode = "open". See tt runs list.',
			details: {hooks: outcomes},
		});
	}
	return outcomes;
}
