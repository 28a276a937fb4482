import type {Services, WorkspaceContext} from '../../../src/core/agents/context.js';
import {WorkspaceObserver} from '../../../src/core/state/workspace-observer.js';
import {buildServer, type ServerOptions} from '../../../src/server/app.js';
import type {ServerCore, WorkflowRunner} from '../../../src/server/types.js';
import {makeCoreWorld} from '../../helpers/core-world.js';

export const demoToml = (name: string, agents: string[] = ['planner', 'implementer', 'tester'], extra = '') =>
	[
		`[workspace]\nname = "${name}"\n`,
		'[defaults]\nruntime = "demo"\nworktree = true\n',
		`[roles]\n${agents.map((agent) => `${agent} = "demo"`).join('\n')}\n`,
		...agents.map((agent, index) => `[[agent]]\nname = "${agent}"\nrole = "${agent}"\n${index > 0 ? `depends_on = ["${agents[index - 1]}"]\n` : ''}`),
		'[[workflow]]\nname = "ship"\ndescription = "plan, build, test"\n',
		...agents.map((agent) => `[[workflow.step]]\ntype = "prompt"\nagent = "${agent}"\ntext = "echo ${agent} step"\n`),
		extra,
	].join('\n');

export type ServerWorld = {
	dir: string;
	socket: string;
	services: Services;
	workspaces: WorkspaceContext[];
	/** Adds a workspace (a git repo with a tutti.toml). */
	addWorkspace(name: string, toml?: string): WorkspaceContext;
	/** Starts one observer per workspace (the recorder role). */
	record(): Promise<Map<string, WorkspaceObserver>>;
	core(extra?: Partial<ServerCore>): ServerCore;
	build(options?: ServerOptions & {core?: Partial<ServerCore>}): ReturnType<typeof buildServer>;
	/** Runs the built `tt` in this world (its HOME and tmux socket). */
	tt: ReturnType<typeof makeCoreWorld>['world']['tt'];
	cleanup(): Promise<void>;
};

/** An isolated world for server tests: its own HOME, tmux socket, workspaces with demo agents. */
export function makeServerWorld(label = 'srv'): ServerWorld {
	// Demo turns a little longer than the CLI tests' (a turn must be seen working over SSE), in colour.
	const core = makeCoreWorld(label, {env: {TUTTI_DEMO_WORK_MS: '400', NO_COLOR: undefined}});
	const workspaces: WorkspaceContext[] = [];
	const observers = new Map<string, WorkspaceObserver>();
	const servers: Array<{close: () => Promise<unknown>}> = [];
	const world: ServerWorld = {
		dir: core.world.dir,
		socket: core.world.socket,
		services: core.services,
		workspaces,
		tt: core.world.tt,
		addWorkspace(name, toml) {
			const ctx = core.workspace(name, toml ?? demoToml(name));
			workspaces.push(ctx);
			return ctx;
		},
		async record() {
			for (const ctx of workspaces) {
				if (observers.has(ctx.name)) continue;
				const observer = new WorkspaceObserver(ctx, {pollMs: 200});
				await observer.start();
				observers.set(ctx.name, observer);
			}
			return observers;
		},
		core(extra = {}) {
			return {workspaces, observer: (name) => observers.get(name), ...extra};
		},
		async build(options = {}) {
			const {core, ...rest} = options;
			const app = await buildServer(world.core(core), {dashboardDir: null, ...rest});
			servers.push(app);
			return app;
		},
		async cleanup() {
			for (const server of servers) await server.close().catch(() => undefined);
			for (const observer of observers.values()) await observer.stop().catch(() => undefined);
			core.cleanup();
		},
	};
	return world;
}

/** A fake workflow engine: emits the workflow.* events a run would, one step per configured step agent. */
type FakeRun = {workspace: string; workflow: string; run_id: string; status: 'running' | 'success'; origin: string; started_at: string; finished_at: string | null; failed_steps: number[]; steps_done: number; total_steps: number; warnings: number};

export function fakeWorkflows(stepMs = 150): WorkflowRunner & {runs: FakeRun[]} {
	const runs: FakeRun[] = [];
	return {
		runs,
		async run(ctx, options) {
			const workflow = ctx.config.workflow.find((candidate) => candidate.name === options.workflow);
			const steps = workflow?.step ?? [];
			const runId = `run-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
			const agents = steps.length > 0 ? steps.map((step) => ('agent' in step ? step.agent : undefined) ?? null) : ctx.config.agent.map((agent) => agent.name);
			// As the ledger would record it.
			const record: FakeRun = {workspace: ctx.name, workflow: options.workflow, run_id: runId, status: 'running', origin: 'api', started_at: new Date().toISOString(), finished_at: null, failed_steps: [], steps_done: 0, total_steps: agents.length, warnings: 0};
			runs.push(record);
			ctx.emit('workflow.started', null, {run_id: runId, workflow_name: options.workflow, origin: 'api', strict: options.strict, resumed: false}, runId);
			options.onStarted?.(runId);
			for (const [index, agent] of agents.entries()) {
				ctx.emit('workflow.step.started', agent, {run_id: runId, workflow_name: options.workflow, step_index: index, step_type: 'prompt', total_steps: agents.length}, runId);
				await new Promise((resolve) => setTimeout(resolve, stepMs));
				ctx.emit('workflow.step.completed', agent, {run_id: runId, workflow_name: options.workflow, step_index: index, step_type: 'prompt', total_steps: agents.length, duration_ms: stepMs, timed_out: false, message: 'ok'}, runId);
				record.steps_done++;
			}
			record.status = 'success';
			record.finished_at = new Date().toISOString();
			ctx.emit('workflow.completed', null, {run_id: runId, workflow_name: options.workflow, origin: 'api', success: true, failed_steps: 0, strict: options.strict}, runId);
			return {run_id: runId, success: true};
		},
		listRuns: () => runs.map((run) => ({...run})),
	};
}
