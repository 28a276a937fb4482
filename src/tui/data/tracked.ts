import type {AgentConfig} from '../../core/config/index.js';
import type {AgentState, StateVerdict} from '../../core/state/types.js';
import type {AgentView} from '../types.js';
import {activityLine, dialogQuestion} from '../../core/model/screen-text.js';
import {formatResources} from '../../core/model/resources-text.js';
import {missingWorktree} from '../../core/agents/worktree-health.js';
import {stageOf} from '../../core/model/attention.js';
import {keepIfSame, needsHuman} from './agent-view.js';
import {safe, type WatchSource} from './sources.js';
import {totalTokens} from '../../core/usage/agent-usage.js';
import type {WorktreeCounts} from './worktrees.js';
import {unknownResources, type AgentResources} from '../../core/resources/agent-resources.js';
import type {WorkspaceContext} from '../../core/agents/context.js';
import {collidingWith} from '../../core/git/conflicts.js';
import {latestConflictReport} from '../../core/store/team-conflicts.js';
import {unreadAgents} from '../../core/store/notices.js';
import {agentHostName} from '../../core/hosts/resolve.js';

/** What the store keeps per agent between snapshots. */
export type Tracked = {
	key: string;
	source: WatchSource;
	config: AgentConfig;
	runtime: string;
	host: string | undefined;
	verdict: StateVerdict | undefined;
	since: number;
	seenRunning: boolean;
	expectedStop: boolean;
	/** The activity line, read from the screen when it changed since `screenVersion`. */
	activity: string;
	/** The question of the dialog on screen, if one is (read with the activity line). */
	question: string | undefined;
	screenVersion: number;
	screenStale: boolean;
	counts: WorktreeCounts | undefined;
	/** The last sample of its process tree (refreshed on the store's resources timer). */
	resources: AgentResources;
	/** Whom its work collides with (refreshed from the recorder's conflict report). */
	collisions: string | undefined;
	/** News about it nobody has seen yet (refreshed from the store's notices when events arrive). */
	unread: boolean;
};

/** The agents of one workspace, with their last recorded state (the observer's, when it has one). */
export function trackWorkspace(source: WatchSource): Tracked[] {
	const {ctx} = source;
	const rows = safe(() => ctx.store.agentStates(), new Map());
	return ctx.config.agent.map((config) => {
		const row = rows.get(config.name);
		const live = source.observer.observer(config.name)?.verdict;
		const verdict: StateVerdict | undefined = live ?? (row ? {state: row.state as StateVerdict['state'], source: (row.source ?? 'none') as StateVerdict['source'], rule: row.rule ?? undefined, detail: row.detail ?? undefined} : undefined);
		const since = row && row.state === verdict?.state ? Date.parse(row.since) || Date.now() : Date.now();
		return {key: `${ctx.name}/${config.name}`, source, config, runtime: safe(() => ctx.runtimeOf(config), 'unknown'), host: agentHostName(ctx.config, config), verdict, since, seenRunning: false, expectedStop: false, activity: '', question: undefined, screenVersion: -1, screenStale: true, counts: undefined, resources: unknownResources, collisions: undefined, unread: false};
	});
}

/** Samples the agent's process tree again; true when what a card shows moved. */
export function refreshResources(tracked: Tracked): boolean {
	const next = safe(() => tracked.source.observer.resources?.(tracked.config.name), undefined) ?? unknownResources;
	// Compared as shown: a figure moving by less than a card shows repaints nothing.
	const changed = formatResources(next) !== formatResources(tracked.resources);
	tracked.resources = next;
	return changed;
}

/** Which agents have news nobody has seen (core/store notices, one read per workspace); true when a card's mark moved. */
export function refreshUnread(tracked: readonly Tracked[]): boolean {
	let changed = false;
	const unread = new Map<WorkspaceContext, Set<string>>();
	for (const entry of tracked) {
		const {ctx} = entry.source;
		if (!unread.has(ctx)) unread.set(ctx, unreadAgents(ctx.store));
		const now = unread.get(ctx)?.has(entry.config.name) ?? false;
		if (now !== entry.unread) {
			entry.unread = now;
			changed = true;
		}
	}
	return changed;
}

/** Whom each agent's work collides with (core `collidingWith`), from the report the recorder stored: no git run here. True when a card's text moved. */
export function refreshCollisions(tracked: readonly Tracked[]): boolean {
	let changed = false;
	const reports = new Map<WorkspaceContext, ReturnType<typeof latestConflictReport>>();
	for (const entry of tracked) {
		const {ctx} = entry.source;
		if (!reports.has(ctx)) reports.set(ctx, safe(() => latestConflictReport(ctx.store), undefined));
		const report = reports.get(ctx);
		let text: string | undefined;
		if (report) {
			const names = collidingWith(report.report, entry.config.name);
			text = names.length > 0 ? names.join(', ') : undefined;
		}
		if (text !== entry.collisions) {
			entry.collisions = text;
			changed = true;
		}
	}
	return changed;
}

/** The card's activity line: what needs doing for a deleted worktree, why it stopped, what it asks, or what it does. */
function activityOf(tracked: Tracked, state: AgentState, worktreeGone: boolean): string {
	if (worktreeGone) return `⚠ worktree deleted: press u to recreate it and restart ${tracked.config.name}`;
	if (state === 'stopped') return tracked.verdict?.detail ?? '';
	// A dialog's bottom line is an option (`2. No`); the person deciding needs its question.
	if (state === 'needs_input' && tracked.question) return tracked.question;
	return tracked.activity;
}

/**
 * The agent as the floor shows it: `previous` itself when nothing shown changed (memoised cards
 * then skip their render). Re-reads the activity line only when the screen moved.
 */
export function viewOf(tracked: Tracked, previous: AgentView | undefined): AgentView {
	const observer = tracked.source.observer.observer(tracked.config.name);
	if (observer && (tracked.screenStale || observer.screen.version !== tracked.screenVersion)) {
		tracked.screenStale = false;
		tracked.screenVersion = observer.screen.version;
		const {lines} = observer.screen.snapshot();
		tracked.activity = activityLine(lines);
		tracked.question = dialogQuestion(lines);
	}
	const usage = safe(() => tracked.source.usage?.forAgent(tracked.config.name), undefined);
	const state = tracked.verdict?.state ?? 'unknown';
	const role = tracked.config.role;
	// A running agent whose worktree was deleted by hand needs a person (u recreates and restarts it).
	const gone = state !== 'stopped' && state !== 'unknown' ? missingWorktree(tracked.source.ctx, tracked.config) : undefined;
	return keepIfSame(previous, {
		key: tracked.key,
		workspace: tracked.source.ctx.name,
		name: tracked.config.name,
		runtime: tracked.runtime,
		host: tracked.host,
		role,
		stage: stageOf({role}),
		state,
		source: tracked.verdict?.source ?? 'none',
		rule: tracked.verdict?.rule,
		detail: tracked.verdict?.detail,
		exitStatus: tracked.verdict?.exitStatus,
		since: tracked.since,
		activity: activityOf(tracked, state, gone !== undefined),
		attention: gone !== undefined || needsHuman(state, tracked.verdict, tracked),
		tokens: usage ? totalTokens(usage) : undefined,
		contextPct: usage?.context_pct ?? undefined,
		changes: tracked.counts?.changes,
		ahead: tracked.counts?.ahead,
		hasWorktree: tracked.counts !== undefined,
		rssBytes: state === 'stopped' ? null : tracked.resources.rss_bytes,
		cpuPct: state === 'stopped' ? null : tracked.resources.cpu_pct,
		collisions: tracked.collisions,
		unread: tracked.unread,
	});
}
