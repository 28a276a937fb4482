import path from 'node:path';
import type {FastifyPluginAsyncZod} from 'fastify-type-provider-zod';
import {listHandoffs} from '../../../core/handoff/index.js';
import {ok} from '../../envelope.js';
import {isInside, listFiles} from '../../files.js';
import {policyDecisions} from '../../../core/store/policy-log.js';
import {agentSummaries, workspaceSummary} from '../../state.js';
import {WorkspaceAgentParams, WorkspaceQuery} from '../../schemas/common.js';
import {HandoffsQuery, MessagesQuery, NoticesQuery, PolicyQuery} from '../../schemas/reads.js';
import {workspaceNotices} from '../../../core/actions/notices.js';
import {listMessages} from '../../../core/store/mailbox.js';
import type {WorkspaceContext} from '../../../core/agents/context.js';
import {hostsReport} from '../../../core/hosts/report.js';

/** Health records: the last recorded state of each agent, from the store (no new probe). */
function healthOf(ctx: WorkspaceContext) {
	const states = ctx.store.agentStates();
	return ctx.config.agent.map((agent) => {
		const row = states.get(agent.name);
		const state = row?.state ?? 'unknown';
		return {
			workspace: ctx.name,
			agent: agent.name,
			runtime: ctx.runtimeOf(agent),
			session_name: ctx.sessionOf(agent.name),
			running: row !== undefined && state !== 'stopped',
			state,
			source: row?.source ?? null,
			rule: row?.rule ?? null,
			detail: row?.detail ?? null,
			since: row?.since ?? null,
			last_event_id: row?.event_id ?? null,
		};
	});
}

/** GET endpoints of reference §7.3 (events, focus and streams live in their own plugins). */
export const readRoutes: FastifyPluginAsyncZod = async (fastify) => {
	const {tutti} = fastify;

	fastify.get('/v1/health', {config: {action: 'health.list'}, schema: {querystring: WorkspaceQuery}}, async (request) => {
		const rows = tutti.select('health.list', request.query.workspace).flatMap((ctx) => healthOf(ctx));
		return ok('health.list', rows.sort((a, b) => a.workspace.localeCompare(b.workspace) || a.agent.localeCompare(b.agent)));
	});

	fastify.get('/v1/health/:ws/:agent', {config: {action: 'health.get'}, schema: {params: WorkspaceAgentParams}}, async (request) => {
		const ctx = tutti.workspace('health.get', request.params.ws);
		const agent = tutti.agent('health.get', ctx, request.params.agent);
		return ok('health.get', healthOf(ctx).find((row) => row.agent === agent.name));
	});

	const status = async (workspace: string | undefined) => {
		const rows = [];
		for (const ctx of tutti.select('status.list', workspace)) {
			for (const summary of await agentSummaries(tutti.core, ctx)) {
				rows.push({...summary, status: summary.state, ctx: summary.usage.context_pct});
			}
		}
		return ok('status.list', rows);
	};
	fastify.get('/v1/status', {config: {action: 'status.list'}, schema: {querystring: WorkspaceQuery}}, async (request) => status(request.query.workspace));
	fastify.get('/v1/voices', {config: {action: 'status.list'}, schema: {querystring: WorkspaceQuery}}, async (request) => status(request.query.workspace));

	fastify.get('/v1/workspaces', {config: {action: 'workspaces.list'}}, async () => {
		const rows = [];
		for (const ctx of tutti.workspaces) rows.push(await workspaceSummary(tutti.core, ctx));
		return ok('workspaces.list', rows);
	});

	// The [[host]] machines of the global config, as `tt hosts --json` shows them (asked now, over each host's master).
	fastify.get('/v1/hosts', {config: {action: 'hosts.list'}}, async () => {
		const services = tutti.core.workspaces[0]?.services;
		return ok('hosts.list', {hosts: services ? await hostsReport(services, tutti.core.workspaces) : []});
	});

	// Each profile's plan windows (tt usage --windows): read from every log of its account, so not per workspace.
	fastify.get('/v1/usage/windows', {config: {action: 'usage.windows'}}, async () => ok('usage.windows', (await tutti.core.usage?.windows?.()) ?? []));

	fastify.get('/v1/workflows', {config: {action: 'workflows.list'}, schema: {querystring: WorkspaceQuery}}, async (request) => {
		const rows = tutti.select('workflows.list', request.query.workspace).flatMap((ctx) =>
			ctx.config.workflow.map((workflow) => ({
				workspace: ctx.name,
				name: workflow.name,
				description: workflow.description ?? null,
				schedule: workflow.schedule ?? null,
				step_count: workflow.step.length,
				steps: workflow.step.map((step, index) => ({index, type: step.type, id: 'id' in step ? (step.id ?? null) : null, agent: 'agent' in step ? (step.agent ?? null) : null})),
			})),
		);
		return ok('workflows.list', rows);
	});

	fastify.get('/v1/runs', {config: {action: 'runs.list'}, schema: {querystring: WorkspaceQuery}}, async (request) => {
		const runner = tutti.core.workflows;
		const rows: unknown[] = [];
		if (runner) {
			for (const ctx of tutti.select('runs.list', request.query.workspace)) {
				for (const run of await runner.listRuns(ctx)) rows.push(typeof run === 'object' && run !== null ? {...run, workspace: ctx.name} : {run, workspace: ctx.name});
			}
		}
		return ok('runs.list', rows);
	});

	fastify.get('/v1/logs', {config: {action: 'logs.list'}, schema: {querystring: WorkspaceQuery}}, async (request) => {
		const rows = tutti.select('logs.list', request.query.workspace).flatMap((ctx) => listFiles(ctx.root, ctx.paths.logs, (name) => name.endsWith('.log')).map((file) => ({workspace: ctx.name, agent: file.file.replace(/\.log$/, ''), ...file})));
		return ok('logs.list', rows);
	});

	fastify.get('/v1/handoffs', {config: {action: 'handoffs.list'}, schema: {querystring: HandoffsQuery}}, async (request) => {
		const rows = tutti.select('handoffs.list', request.query.workspace).flatMap((ctx) =>
			// Nothing under /v1 reveals files outside the workspace: a handoffs folder linked elsewhere lists nothing.
			isInside(ctx.root, ctx.paths.handoffs)
				? listHandoffs(ctx, {agent: request.query.agent, limit: request.query.limit}).map((packet) => ({workspace: ctx.name, ...packet, path: path.relative(ctx.root, packet.path)}))
				: [],
		);
		rows.sort((a, b) => b.generated_at.localeCompare(a.generated_at));
		return ok('handoffs.list', rows.slice(0, request.query.limit));
	});

	// The mailbox (tt msg ls): undelivered messages; `all` adds delivered and dead ones.
	fastify.get('/v1/messages', {config: {action: 'messages.list'}, schema: {querystring: MessagesQuery}}, async (request) => {
		const rows = tutti.select('messages.list', request.query.workspace).flatMap((ctx) => listMessages(ctx.store, {agent: request.query.agent, all: request.query.all}).map((message) => ({workspace: ctx.name, ...message})));
		return ok('messages.list', rows);
	});

	// News about agents nobody has seen yet (tt notices): unread first; `all` adds those read or resolved.
	fastify.get('/v1/notices', {config: {action: 'notices.list'}, schema: {querystring: NoticesQuery}}, async (request) => {
		const rows = tutti.select('notices.list', request.query.workspace).flatMap((ctx) => workspaceNotices(ctx, {all: request.query.all}).map((notice) => ({workspace: ctx.name, ...notice})));
		return ok('notices.list', rows);
	});

	fastify.get('/v1/policy-decisions', {config: {action: 'policy_decisions.list'}, schema: {querystring: PolicyQuery}}, async (request) => {
		// Launches, workflow command steps and permission checks, as the store recorded them.
		const rows = tutti.select('policy_decisions.list', request.query.workspace).flatMap((ctx) => policyDecisions(ctx.store, {limit: request.query.limit}).map(({id: _id, ...row}) => row));
		rows.sort((a, b) => b.timestamp.localeCompare(a.timestamp));
		return ok('policy_decisions.list', rows.slice(0, request.query.limit));
	});
};
