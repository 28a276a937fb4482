import type {WorkspaceContext} from '../agents/context.js';
import type {DownResult} from '../agents/down.js';
import {stopAgents} from './stop.js';

/** An agent as much as the idle check needs of it. */
export type IdleCandidate = {
	name: string;
	state: string;
	running: boolean;
	/** When the recorded state began. */
	since: string | null;
	/**
	 * When its pane last printed anything (the output log tmux keeps writing with no tutti process
	 * running). With no recorder, `since` is when a tutti command last looked, which may be long
	 * after the agent fell quiet: an idle agent's silence counts from its last output.
	 */
	last_output_at?: string | null;
};

export type IdleAgent = {agent: string; idleMs: number};

export type HibernateOptions = {
	/** Stop agents idle at least this long. */
	idleForMs: number;
	/** `manual`: `tt down --idle`; `auto`: the recorder's `hibernate_idle_after`. */
	trigger: 'manual' | 'auto';
	/** The agents and what each is doing now (from workspaceStatus or a recorder's panes). */
	candidates: readonly IdleCandidate[];
	/** @default Date.now() */
	now?: number;
};

export type HibernateResult = DownResult & {idleMs: number};

/** Running agents whose recorded state has been `idle` for at least `idleForMs` (longest idle first). */
export function idleAgents(candidates: readonly IdleCandidate[], idleForMs: number, now = Date.now()): IdleAgent[] {
	const idle: IdleAgent[] = [];
	for (const candidate of candidates) {
		if (!candidate.running || candidate.state !== 'idle' || candidate.since === null) continue;
		const quiet = candidate.last_output_at ? Date.parse(candidate.last_output_at) : Number.NaN;
		const idleMs = now - Math.min(Date.parse(candidate.since), Number.isFinite(quiet) ? quiet : Number.POSITIVE_INFINITY);
		if (Number.isFinite(idleMs) && idleMs >= idleForMs) idle.push({agent: candidate.name, idleMs});
	}
	return idle.sort((a, b) => b.idleMs - a.idleMs);
}

/**
 * Stops the agents idle for at least `idleForMs` to free their memory (hooks included, recorded
 * as an `idle` stop, one `agent.hibernated` event each). Their conversations stay recorded, so the
 * next `tt up` or `tt send --auto-up` resumes them. An agent given a prompt since it was picked
 * (its recorded state moved) is left running.
 */
export async function hibernateIdle(ctx: WorkspaceContext, options: HibernateOptions): Promise<HibernateResult[]> {
	const now = options.now ?? Date.now();
	const picked = idleAgents(options.candidates, options.idleForMs, now);
	const results: HibernateResult[] = [];
	for (const {agent, idleMs} of picked) {
		const recorded = ctx.store.agentStates().get(agent);
		const since = options.candidates.find((candidate) => candidate.name === agent)?.since;
		if (recorded?.state !== 'idle' || recorded.since !== since) continue;
		const [result] = await stopAgents(ctx, {agents: [agent], reason: 'idle'});
		if (!result) continue;
		if (result.stopped) ctx.emit('agent.hibernated', agent, {idle_ms: idleMs, after_ms: options.idleForMs, trigger: options.trigger});
		results.push({...result, idleMs});
	}
	return results;
}
