import path from 'node:path';
import {syncAgentBranch} from '../../../core/hosts/sync.js';
import type {FastifyPluginAsyncZod} from 'fastify-type-provider-zod';
import type {WorkspaceContext} from '../../../core/agents/context.js';
import {screenLines} from '../../../core/agents/observe.js';
import {readableRecordedOutput} from '../../../core/agents/recorded-output.js';
import {agentBranch, agentUsesWorktree, type AgentConfig} from '../../../core/config/index.js';
import {worktreeDiff} from '../../../core/git/index.js';
import {ok} from '../../envelope.js';
import {readTail} from '../../files.js';
import {agentSummaries} from '../../state.js';
import {WorkspaceAgentParams} from '../../schemas/common.js';
import {FocusQuery, LogQuery} from '../../schemas/reads.js';
import type {ServerContext} from '../../context.js';

/** Diff text beyond this is cut (the counts still cover everything). */
const diffLimit = 200_000;

export type FocusDiff = {
	text: string;
	truncated: boolean;
	files_changed: number;
	insertions: number;
	deletions: number;
	files: Array<{path: string; insertions: number; deletions: number}>;
	commits: Array<{hash: string; subject: string}>;
};

/** What the agent changed in its worktree (null without a worktree; errors are reported, not thrown). */
export async function focusDiff(ctx: WorkspaceContext, agent: AgentConfig): Promise<{diff: FocusDiff | null; diff_error: string | null}> {
	if (!agentUsesWorktree(ctx.config, agent)) return {diff: null, diff_error: null};
	try {
		await syncAgentBranch(ctx, agent);
		const diff = await worktreeDiff({root: ctx.root, agent: agent.name, branch: agentBranch(agent), runner: ctx.services.runner});
		return {
			diff: {
				text: diff.diff.length > diffLimit ? diff.diff.slice(0, diffLimit) : diff.diff,
				truncated: diff.diff.length > diffLimit,
				files_changed: diff.files.length,
				insertions: diff.insertions,
				deletions: diff.deletions,
				files: diff.files.map((file) => ({path: file.path, insertions: file.insertions, deletions: file.deletions})),
				commits: diff.commits.map((commit) => ({hash: commit.short, subject: commit.subject})),
			},
			diff_error: null,
		};
	} catch (error) {
		return {diff: null, diff_error: error instanceof Error ? error.message : String(error)};
	}
}

async function terminalText(tutti: ServerContext, ctx: WorkspaceContext, agent: string, lines: number, running: boolean): Promise<string> {
	const observer = tutti.core.observer?.(ctx.name)?.observer(agent);
	if (observer) {
		const all = observer.screen.allLines();
		while (all.length > 0 && all.at(-1)?.trim() === '') all.pop();
		return all.slice(-lines).join('\n');
	}
	if (!running) return '';
	try {
		return screenLines(await ctx.services.tmux.capturePane(ctx.sessionOf(agent), {history: lines})).slice(-lines).join('\n');
	} catch {
		return '';
	}
}

/** `GET /v1/agents/{ws}/{agent}/focus` (reference §7.3) and `GET /v1/logs/{ws}/{agent}`. */
export const focusRoutes: FastifyPluginAsyncZod = async (fastify) => {
	const {tutti} = fastify;
	fastify.get('/v1/agents/:ws/:agent/focus', {config: {action: 'agent.focus'}, schema: {params: WorkspaceAgentParams, querystring: FocusQuery}}, async (request) => {
		const ctx = tutti.workspace('agent.focus', request.params.ws);
		const agent = tutti.agent('agent.focus', ctx, request.params.agent);
		const summary = (await agentSummaries(tutti.core, ctx)).find((row) => row.agent === agent.name);
		const running = summary?.running ?? false;
		const usage = request.query.usage ? await tutti.usage.agentUsage(ctx, agent.name).catch(() => undefined) : undefined;
		const diff = request.query.diff ? await focusDiff(ctx, agent) : {diff: null, diff_error: null};
		return ok('agent.focus', {
			workspace: ctx.name,
			agent: agent.name,
			runtime: summary?.runtime ?? null,
			role: agent.role ?? null,
			session: ctx.sessionOf(agent.name),
			running,
			state: summary?.state ?? 'unknown',
			detail: summary?.detail ?? null,
			since: summary?.since ?? null,
			branch: summary?.branch ?? null,
			terminal: await terminalText(tutti, ctx, agent.name, request.query.lines, running),
			context_pct: usage?.context_pct ?? null,
			usage: {
				input_tokens: usage?.input_tokens ?? 0,
				output_tokens: usage?.output_tokens ?? 0,
				cache_read: usage?.cache_read_tokens ?? 0,
				cache_write: usage?.cache_creation_tokens ?? 0,
				model: usage?.model ?? null,
			},
			...diff,
		});
	});

	fastify.get('/v1/logs/:ws/:agent', {config: {action: 'logs.get'}, schema: {params: WorkspaceAgentParams, querystring: LogQuery}}, async (request) => {
		const ctx = tutti.workspace('logs.get', request.params.ws);
		const agent = tutti.agent('logs.get', ctx, request.params.agent);
		const file = path.join(ctx.paths.logs, `${agent.name}.log`);
		const raw = readTail(ctx.root, file, 2 * 1024 * 1024);
		const lines = raw === undefined ? [] : await readableRecordedOutput(ctx, agent.name, raw, request.query.lines);
		return ok('logs.get', {workspace: ctx.name, agent: agent.name, path: path.relative(ctx.root, file), exists: raw !== undefined, lines});
	});
};
