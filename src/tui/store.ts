import type {WorkspaceContext} from '../core/agents/context.js';
import type {AgentConfig} from '../core/config/index.js';
import {log} from '../core/log.js';
import type {ScreenModel} from '../core/screen/screen-model.js';
import type {StateVerdict} from '../core/state/types.js';
import type {StoredEvent} from '../core/store/store.js';
import {safe} from './data/sources.js';
import {stageOf} from '../core/model/attention.js';
import {formatDuration, totalsOf} from './data/agent-view.js';
import {tickerItem} from './data/events.js';
import {EventFeed} from './data/event-feed.js';
import {refreshCollisions, refreshResources, refreshUnread, trackWorkspace, viewOf, type Tracked} from './data/tracked.js';
import {inspectProbe, WorktreeQueue} from './data/worktrees.js';
import type {AgentUsage, AgentView, RunView, TickerItem, WatchSnapshot} from './types.js';
import {WindowsPoller} from './data/windows.js';
import type {WatchSource, WatchStoreOptions} from './data/sources.js';

export type {ObserverLike, WatchSource, WatchStoreOptions} from './data/sources.js';

/**
 * The TUI's view of the observation core: turns observer events, the event log, worktree counts
 * and usage into one immutable {@link WatchSnapshot}, published at most once per batch (~one
 * frame), for `useSyncExternalStore`.
 */
export class WatchStore {
	readonly #sources: readonly WatchSource[];
	readonly #options: Required<Omit<WatchStoreOptions, 'probe' | 'windows'>>;
	readonly #windows: WindowsPoller;
	readonly #tracked = new Map<string, Tracked>();
	readonly #views = new Map<string, AgentView>();
	readonly #listeners = new Set<() => void>();
	readonly #screenListeners = new Map<string, Set<() => void>>();
	readonly #attention = new Set<(agent: AgentView) => void>();
	readonly #dirty = new Set<string>();
	readonly #screenDirty = new Set<string>();
	readonly #timers: NodeJS.Timeout[] = [];
	readonly #unsubscribe: Array<() => void> = [];
	readonly #worktrees: WorktreeQueue;
	readonly #feed: EventFeed;
	readonly #workspaces: readonly string[];
	#runs: readonly RunView[] = [];
	#eventsVersion = 0;
	#flushTimer: NodeJS.Timeout | undefined;
	#flushDue = 0;
	#screenTimer: NodeJS.Timeout | undefined;
	#snapshot: WatchSnapshot;
	#clockLabel = '';

	constructor(sources: readonly WatchSource[], options: WatchStoreOptions = {}) {
		this.#sources = sources;
		this.#options = {batchMs: options.batchMs ?? 33, activityMs: options.activityMs ?? 250, eventPollMs: options.eventPollMs ?? 500, worktreeSweepMs: options.worktreeSweepMs ?? 30_000, usageRefreshMs: options.usageRefreshMs ?? 5_000, resourcesMs: options.resourcesMs ?? 2_000, windowsRefreshMs: options.windowsRefreshMs ?? 60_000, tickerCap: options.tickerCap ?? 200};
		this.#windows = new WindowsPoller(options.windows, () => this.#publish(this.#build(this.#snapshot.now)));
		this.#worktrees = new WorktreeQueue(options.probe ?? inspectProbe, (key, counts) => {
			const tracked = this.#tracked.get(key);
			if (!tracked || (tracked.counts?.changes === counts?.changes && tracked.counts?.ahead === counts?.ahead)) return;
			tracked.counts = counts;
			this.#markDirty(key);
		});
		for (const source of sources) this.#track(source);
		this.#workspaces = sources.map((source) => source.ctx.name);
		this.#feed = new EventFeed(sources.map((source) => source.ctx), this.#options.tickerCap);
		this.#runs = this.#readRuns();
		this.#snapshot = this.#build(Date.now());
	}

	#track(source: WatchSource): void {
		const {ctx} = source;
		for (const tracked of trackWorkspace(source)) this.#tracked.set(tracked.key, tracked);
		const onState = (agent: string, verdict: StateVerdict, event: StoredEvent | undefined) => this.#onState(`${ctx.name}/${agent}`, verdict, event);
		const onScreen = (agent: string) => {
			const key = `${ctx.name}/${agent}`;
			const tracked = this.#tracked.get(key);
			// The model's version moves when a write starts; the event says the write is parsed.
			if (tracked) tracked.screenStale = true;
			this.#screenDirty.add(key);
			this.#screenTimer ??= setTimeout(() => this.#flushScreens(), this.#options.batchMs);
			this.#markDirty(key, this.#options.activityMs);
		};
		source.observer.on('state', onState);
		source.observer.on('screen', onScreen);
		this.#unsubscribe.push(() => {
			source.observer.off('state', onState);
			source.observer.off('screen', onScreen);
		});
	}

	#onState(key: string, verdict: StateVerdict, event: StoredEvent | undefined): void {
		const tracked = this.#tracked.get(key);
		if (!tracked) return;
		const before = this.#views.get(key)?.attention ?? false;
		const changed = tracked.verdict?.state !== verdict.state;
		if (changed) {
			const row = event ? undefined : safe(() => tracked.source.ctx.store.agentStates().get(tracked.config.name), undefined);
			tracked.since = event ? Date.parse(event.timestamp) || Date.now() : row && row.state === verdict.state ? Date.parse(row.since) || Date.now() : Date.now();
		}
		tracked.verdict = verdict;
		// A restart may run another CLI than before (a handoff to another runtime).
		if (changed) tracked.runtime = safe(() => tracked.source.ctx.runtimeOf(tracked.config), tracked.runtime);
		if (verdict.state !== 'stopped' && verdict.state !== 'unknown') {
			tracked.seenRunning = true;
			tracked.expectedStop = false;
		}
		if (changed) this.#worktrees.request(key, tracked.source.ctx, tracked.config.name);
		const view = this.#view(tracked);
		this.#markDirty(key);
		if (view.attention && !before) for (const listener of this.#attention) listener(view);
	}

	#view(tracked: Tracked): AgentView {
		const view = viewOf(tracked, this.#views.get(tracked.key));
		this.#views.set(tracked.key, view);
		return view;
	}

	/** Marks an agent for the next snapshot, published within `within` ms. */
	#markDirty(key: string, within = this.#options.batchMs): void {
		this.#dirty.add(key);
		const due = Date.now() + within;
		if (this.#flushTimer && this.#flushDue <= due) return;
		if (this.#flushTimer) clearTimeout(this.#flushTimer);
		this.#flushDue = due;
		this.#flushTimer = setTimeout(() => this.#flush(), within);
	}

	#flush(): void {
		this.#flushTimer = undefined;
		for (const key of this.#dirty) {
			const tracked = this.#tracked.get(key);
			if (tracked) this.#view(tracked);
		}
		this.#dirty.clear();
		const next = this.#build(this.#snapshot.now);
		// Screens that changed nothing a card shows (a spinner frame) publish nothing.
		if (next.agents !== this.#snapshot.agents) this.#publish(next);
	}

	/** Tells focus views their screen changed (at the fast pace). */
	#flushScreens(): void {
		this.#screenTimer = undefined;
		const screens = [...this.#screenDirty];
		this.#screenDirty.clear();
		for (const key of screens) for (const listener of this.#screenListeners.get(key) ?? []) listener();
	}

	#build(now: number): WatchSnapshot {
		const agents = [...this.#tracked.values()].map((tracked) => this.#views.get(tracked.key) ?? this.#view(tracked));
		const previous = this.#snapshot as WatchSnapshot | undefined;
		const same = previous && previous.agents.length === agents.length && previous.agents.every((agent, index) => agent === agents[index]);
		const stages: string[] = [];
		for (const agent of agents) if (!stages.includes(agent.stage)) stages.push(agent.stage);
		return {
			agents: same ? previous.agents : agents,
			stages: same ? previous.stages : stages,
			runs: this.#runs,
			ticker: this.#feed.ticker,
			totals: same ? previous.totals : totalsOf(agents),
			workspaces: this.#workspaces,
			now,
			eventsVersion: this.#eventsVersion,
			notice: undefined,
			windows: this.#windows.latest,
		};
	}

	#publish(snapshot: WatchSnapshot): void {
		this.#snapshot = snapshot;
		for (const listener of this.#listeners) listener();
	}

	/** Runs with the stage of the agent holding each (an agent's stage is its role: fixed). */
	#readRuns(): RunView[] {
		return this.#feed.runs((workspace, agent) => {
			const tracked = this.#tracked.get(`${workspace}/${agent}`);
			return tracked && stageOf(tracked.config);
		});
	}

	#pollEvents(): void {
		if (!this.#feed.poll()) return;
		this.#eventsVersion++;
		// A notice opens with a state change and is read with a notice.read event: both arrive here.
		this.#refreshUnread();
		this.#runs = this.#readRuns();
		this.#publish(this.#build(this.#snapshot.now));
	}

	#refreshUnread(): void {
		if (!refreshUnread([...this.#tracked.values()])) return;
		for (const tracked of this.#tracked.values()) this.#view(tracked);
	}

	/** Starts the timers: event log, clock, worktree sweep, usage refresh. */
	start(): void {
		const every = (ms: number, fn: () => void) => {
			const timer = setInterval(fn, ms);
			timer.unref?.();
			this.#timers.push(timer);
		};
		every(this.#options.eventPollMs, () => this.#pollEvents());
		every(1000, () => this.#tick());
		const sweep = () => {
			for (const tracked of this.#tracked.values()) this.#worktrees.request(tracked.key, tracked.source.ctx, tracked.config.name);
		};
		every(this.#options.worktreeSweepMs, sweep);
		every(this.#options.usageRefreshMs, () => void this.#refreshUsage());
		if (this.#windows.polls) every(this.#options.windowsRefreshMs, () => void this.#windows.refresh());
		void this.#windows.refresh();
		// Read only while the floor is on screen: no recorder samples /proc for nobody.
		const resources = () => {
			for (const tracked of this.#tracked.values()) if (refreshResources(tracked)) this.#markDirty(tracked.key, this.#options.activityMs);
		};
		every(this.#options.resourcesMs, resources);
		resources();
		// The recorder refreshes the conflict report every 10 s: reading it as often as usage is enough.
		const collisions = () => {
			if (!refreshCollisions([...this.#tracked.values()])) return;
			for (const tracked of this.#tracked.values()) this.#markDirty(tracked.key, this.#options.activityMs);
		};
		every(this.#options.usageRefreshMs, collisions);
		collisions();
		this.#refreshUnread();
		sweep();
	}

	/** Advances the clock, but publishes only when a time on screen would change. */
	#tick(): void {
		const now = Date.now();
		const label = this.#snapshot.agents.map((agent) => formatDuration(now - agent.since)).join(',') + new Date(now).getMinutes();
		if (label === this.#clockLabel) return;
		this.#clockLabel = label;
		this.#publish({...this.#snapshot, now});
	}

	async #refreshUsage(): Promise<void> {
		for (const source of this.#sources) await Promise.resolve(source.usage?.refresh?.()).catch((error: unknown) => log.debug('usage refresh failed', {error: String(error)}));
		for (const key of this.#tracked.keys()) this.#markDirty(key);
	}

	stop(): void {
		for (const timer of this.#timers) clearInterval(timer);
		if (this.#flushTimer) clearTimeout(this.#flushTimer);
		if (this.#screenTimer) clearTimeout(this.#screenTimer);
		this.#flushTimer = undefined;
		this.#screenTimer = undefined;
		for (const unsubscribe of this.#unsubscribe) unsubscribe();
		this.#worktrees.stop();
	}

	subscribe = (listener: () => void): (() => void) => {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	};

	getSnapshot = (): WatchSnapshot => this.#snapshot;

	/** Calls `listener` (batched) whenever the agent's screen changed. */
	subscribeScreen(key: string, listener: () => void): () => void {
		let set = this.#screenListeners.get(key);
		if (!set) this.#screenListeners.set(key, (set = new Set()));
		set.add(listener);
		return () => set.delete(listener);
	}

	/** The agent's live screen model, when it is being streamed. */
	screen(key: string): ScreenModel | undefined {
		const tracked = this.#tracked.get(key);
		return tracked?.source.observer.observer(tracked.config.name)?.screen;
	}

	usage(key: string): AgentUsage | undefined {
		const tracked = this.#tracked.get(key);
		return tracked ? safe(() => tracked.source.usage?.forAgent(tracked.config.name), undefined) : undefined;
	}

	/** The workspace and config of an agent (for actions). */
	locate(key: string): {ctx: WorkspaceContext; agent: AgentConfig} | undefined {
		const tracked = this.#tracked.get(key);
		return tracked ? {ctx: tracked.source.ctx, agent: tracked.config} : undefined;
	}

	/** The workspaces shown. */
	workspaces(): WorkspaceContext[] {
		return this.#sources.map((source) => source.ctx);
	}

	/** A workspace by name (for its config: workflows, say). */
	workspace(name: string): WorkspaceContext | undefined {
		return this.#sources.find((source) => source.ctx.name === name)?.ctx;
	}

	/** The agent's recent events, oldest first. */
	agentEvents(key: string, limit = 30): TickerItem[] {
		const tracked = this.#tracked.get(key);
		if (!tracked) return [];
		return safe(() => tracked.source.ctx.store.lastEvents(limit, tracked.config.name), [] as StoredEvent[]).map(tickerItem);
	}

	/** The next stop of this agent is ours (down, restart): it does not need a human. */
	expectStop(key: string): void {
		const tracked = this.#tracked.get(key);
		if (!tracked) return;
		tracked.expectedStop = true;
		this.#markDirty(key);
	}

	/** Re-counts an agent's worktree now (after land, say). */
	refreshWorktree(key: string): void {
		const tracked = this.#tracked.get(key);
		if (tracked) this.#worktrees.request(key, tracked.source.ctx, tracked.config.name);
	}

	/** Called once each time an agent starts needing a human. */
	onAttention(listener: (agent: AgentView) => void): () => void {
		this.#attention.add(listener);
		return () => this.#attention.delete(listener);
	}
}
