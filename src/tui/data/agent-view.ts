import {needsHuman as coreNeedsHuman} from '../../core/model/attention.js';
import type {AgentState, StateVerdict} from '../../core/state/types.js';
import type {AgentView, Totals} from '../types.js';
import {formatResources} from '../../core/model/resources-text.js';


/**
 * Whether an agent needs a human. A stop counts only when it was not asked for: a non-zero exit,
 * or a session that vanished after this watch had seen it running (crash, killed tmux server).
 */
export function needsHuman(state: AgentState, verdict: Pick<StateVerdict, 'rule' | 'exitStatus'> | undefined, context: {seenRunning: boolean; expectedStop: boolean}): boolean {
	return coreNeedsHuman(state, {exitStatus: verdict?.exitStatus, expectedStop: context.expectedStop || verdict?.rule === 'session.killed', seenRunning: context.seenRunning});
}

/** Returns `previous` when nothing shown differs, so memoised cards skip the render. */
export function keepIfSame(previous: AgentView | undefined, next: AgentView): AgentView {
	if (!previous) return next;
	for (const key of Object.keys(next) as Array<keyof AgentView>) {
		if (previous[key] !== next[key]) return next;
	}
	return previous;
}

const working: ReadonlySet<AgentState> = new Set(['starting', 'working']);
const blocked: ReadonlySet<AgentState> = new Set(['auth_failed', 'rate_limited', 'provider_down', 'stalled']);

/** Header totals: working / waiting for you / blocked / stopped (+ idle, and who needs a human). */
export function totalsOf(agents: readonly AgentView[]): Totals {
	const totals: Totals = {total: agents.length, working: 0, waiting: 0, blocked: 0, stopped: 0, idle: 0, attention: 0, unread: 0};
	for (const agent of agents) {
		if (working.has(agent.state)) totals.working++;
		else if (agent.state === 'needs_input') totals.waiting++;
		else if (blocked.has(agent.state)) totals.blocked++;
		else if (agent.state === 'stopped') totals.stopped++;
		else if (agent.state === 'idle') totals.idle++;
		if (agent.attention) totals.attention++;
		if (agent.unread) totals.unread++;
	}
	return totals;
}

/**
 * `7s`, `25s`, `4m`, `2h05m`, `3d`: short enough for a card. Past ten seconds it moves in steps of
 * five, so a floor of idle agents repaints every few seconds, not every second.
 */
export function formatDuration(ms: number): string {
	const seconds = Math.max(0, Math.floor(ms / 1000));
	if (seconds < 10) return `${seconds}s`;
	if (seconds < 60) return `${seconds - (seconds % 5)}s`;
	const minutes = Math.floor(seconds / 60);
	if (minutes < 60) return `${minutes}m`;
	const hours = Math.floor(minutes / 60);
	if (hours < 48) return `${hours}h${String(minutes % 60).padStart(2, '0')}m`;
	return `${Math.floor(hours / 24)}d`;
}

/** `950`, `12.3k`, `4.1M`. */
export function formatTokens(tokens: number | undefined): string {
	if (tokens === undefined) return '–';
	if (tokens < 1000) return String(tokens);
	if (tokens < 1_000_000) return `${(tokens / 1000).toFixed(tokens < 10_000 ? 1 : 0)}k`;
	return `${(tokens / 1_000_000).toFixed(1)}M`;
}

/** `812M 3%`: the memory and CPU of the agent's process tree; `–` when unknown. */
export function resourcesText(agent: Pick<AgentView, 'rssBytes' | 'cpuPct'>): string {
	return formatResources({rss_bytes: agent.rssBytes, cpu_pct: agent.cpuPct});
}
