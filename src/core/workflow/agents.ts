import {existsSync} from 'node:fs';
import type {WorkspaceContext} from '../agents/context.js';
import {waitUntilReady} from '../agents/send.js';
import {recordStop} from '../agents/stop-record.js';
import {readAgentRecord, upAgents} from '../agents/up.js';
import type {AgentConfig} from '../config/index.js';
import {agentUsesWorktree, findAgent} from '../config/index.js';
import {TuttiError} from '../errors.js';
import type {Ledger} from '../store/ledger.js';
import {ownerAlive} from '../process/owner.js';
import {stepAgent} from './plan.js';
import type {StepContext} from './step-context.js';
import {worktreePath} from '../workspace/paths.js';

/** Where an agent works: its worktree when it has one, else the project root. */
export function agentWorkdir(ctx: WorkspaceContext, agent: AgentConfig): string {
	const record = readAgentRecord(ctx, agent.name);
	if (record?.workdir && existsSync(record.workdir)) return record.workdir;
	const worktree = worktreePath(ctx.root, agent.name);
	return agentUsesWorktree(ctx.config, agent) && existsSync(worktree) ? worktree : ctx.root;
}

export async function isRunning(ctx: WorkspaceContext, agent: string): Promise<boolean> {
	const pane = await ctx.services.tmux.paneInfo(ctx.sessionOf(agent));
	return pane !== undefined && !pane.dead;
}

/**
 * Starts the agent when it is not running (then waits until it takes input). The start is
 * recorded before it happens, so the run stops the agent at its end (unless `persistent`) even
 * when the process that started it was killed.
 */
export async function ensureAgent(sc: StepContext, name: string): Promise<{agent: AgentConfig; started: boolean; workdir: string}> {
	const {ctx} = sc;
	const agent = findAgent(ctx.config, name);
	if (await isRunning(ctx, agent.name)) return {agent, started: false, workdir: agentWorkdir(ctx, agent)};
	sc.mark('agent_started', 'intent', {agent: agent.name});
	const [result] = await upAgents(ctx, {agents: [agent.name]});
	if (!result || result.error) throw result?.error ?? new TuttiError('ERR_INTERNAL', `could not start ${agent.name}`);
	await waitUntilReady(ctx, agent, 45_000);
	sc.mark('agent_started', 'done', {agent: agent.name, outcome: result.outcome});
	return {agent, started: true, workdir: result.workdir};
}

/**
 * Auto-reclaim (reference §8.12): stops every non-persistent agent that this run (or a run it
 * started) launched, unless another live run still has steps on it — that run stops it at its
 * own end. Emits `agent.stopped` with reason `workflow_reclaim`; no agent_stop hook fires.
 */
export async function reclaimAgents(ctx: WorkspaceContext, ledger: Ledger, rootRunId: string): Promise<string[]> {
	const runIds = ledger.runsUnder(rootRunId).map((run) => run.run_id);
	// Agents another run started but could not stop because this one was using them are stopped
	// now. One transaction, so two runs ending together cannot both leave an agent to the other.
	const deferred = new Set<string>();
	const started = ledger.transaction(() => {
		const busy = agentsOfOtherLiveRuns(ctx, ledger, new Set(runIds));
		const names = new Set([...ledger.effectsNamed(runIds, 'agent_started').map((effect) => String(effect.data['agent'])), ...(JSON.parse(ledger.getMeta('reclaim-deferred') ?? '[]') as string[])]);
		for (const name of names) if (busy.has(name)) deferred.add(name);
		ledger.setMeta('reclaim-deferred', JSON.stringify([...deferred]));
		return names;
	});
	const stopped: string[] = [];
	for (const name of started) {
		const agent = ctx.config.agent.find((candidate) => candidate.name === name);
		if (!agent || agent.persistent || deferred.has(name)) continue;
		const session = ctx.sessionOf(name);
		if (!(await ctx.services.tmux.killSession(session))) continue;
		recordStop(ctx, name, {reason: 'workflow_reclaim', session, runId: rootRunId});
		stopped.push(name);
	}
	return stopped;
}

/** Agents that other live runs use or will use (their recorded steps and their workflow's steps). */
function agentsOfOtherLiveRuns(ctx: WorkspaceContext, ledger: Ledger, mine: ReadonlySet<string>): Set<string> {
	const busy = new Set<string>();
	for (const run of ledger.runningRuns()) {
		if (mine.has(run.run_id) || !ownerAlive(run.owner, run.heartbeat_at)) continue;
		for (const step of ledger.steps(run.run_id)) if (step.agent) busy.add(step.agent);
		const workflow = ctx.config.workflow.find((candidate) => candidate.name === run.workflow);
		for (const step of workflow?.step ?? []) {
			const agent = run.agent_scope ?? stepAgent(step);
			if (agent) busy.add(agent);
			if (step.type === 'review') busy.add(step.reviewer);
		}
	}
	return busy;
}
