import {EventEmitter} from 'node:events';
import {hostOutageOf, unreachableVerdict} from '../hosts/host-tmux.js';
import type {WorkspaceContext} from '../agents/context.js';
import type {PaneInfo} from '../tmux/client.js';
import {log} from '../log.js';
import type {StoredEvent} from '../store/store.js';
import {mkdirSync} from 'node:fs';
import type {AgentConfig} from '../config/index.js';
import {AgentObserver} from './agent-observer.js';
import {paneGoneVerdict} from './detect.js';
import {listPanesForRound} from './pane-listing.js';
import {announce} from '../store/presence.js';
import {SignalFeed} from './signal-feed.js';
import {RecorderUpkeep} from './upkeep.js';
import type {StateVerdict} from './types.js';
import type {CrashRestartOptions} from '../agents/crash-restart.js';
import type {WaitRecoveryOptions} from '../recovery/wait-recovery.js';
import type {ProfileRotationOptions} from '../recovery/profile-rotation.js';
import type {LoginRestartOptions} from '../recovery/login-restart.js';
import {RecordedReactions} from './reactions.js';
import {agentResources, type AgentResources} from '../resources/agent-resources.js';
import {RecorderChecks} from './recorder-checks.js';
import {RemoteStreams} from '../hosts/remote-streams.js';

export type WorkspaceObserverEvents = {
	state: [agent: string, verdict: StateVerdict, event: StoredEvent | undefined];
	screen: [agent: string];
};

export type WorkspaceObserverOptions = {
	/** How often pane life and sizes are checked (over a control client when one is attached). @default 500 */
	pollMs?: number;
	idleDebounceMs?: number;
	/** Record state changes in the store. @default true */
	record?: boolean;
	/** Cooldowns and parking of crash restarts (see CrashRestarts); only when recording. */
	crashRestart?: CrashRestartOptions;
	/** Waiting out rate limits and provider outages, then going on (see WaitRecovery); only when recording. */
	waitRecovery?: WaitRecoveryOptions;
	/** Moving a limited agent to another account profile (see ProfileRotation); only when recording. */
	profileRotation?: ProfileRotationOptions;
	/** Restarting an agent once a person signs in again (see LoginRestart); only when recording. */
	loginRestart?: LoginRestartOptions;
	/**
	 * `stream` follows each pane over tmux control mode (falling back to polling for a pane whose
	 * control client cannot attach); `poll` captures every pane each round, in one tmux call.
	 * @default process.env.TUTTI_OBSERVE ?? 'stream'
	 */
	mode?: 'stream' | 'poll';
	/** Working with no output for this long is `stalled`. @default 300_000 */
	stalledAfterMs?: number;
};

/**
 * Watches every agent of a workspace: one control-mode client per running agent session streams
 * its output into a screen model; a light poll notices sessions appearing, dying or resizing.
 */
export class WorkspaceObserver extends EventEmitter<WorkspaceObserverEvents> {
	readonly ctx: WorkspaceContext;
	readonly #observers = new Map<string, AgentObserver>();
	readonly #starting = new Set<string>();
	readonly #options: WorkspaceObserverOptions;
	#timer: NodeJS.Timeout | undefined;
	#stopped = false;
	#polling = false;
	readonly #last = new Map<string, string>();
	readonly #missing = new Map<string, number>();
	readonly #signals: SignalFeed;
	readonly #upkeep: RecorderUpkeep;
	/** Takes back the pipelines lent to turns followed in this process. */
	#unlend: (() => void) | undefined;
	/** Ends this process's announcement as the workspace's recorder. */
	#unannounce: (() => void) | undefined;
	/** Agents watched by polling (no control client). */
	readonly #polled = new Set<string>();
	/** Handoff packets, crash restarts, waiting out limits, notifications: what recorded changes set off. */
	readonly #reactions: RecordedReactions;
	/** The panes of the last round (their pids root the agents' process trees). */
	#panes = new Map<string, PaneInfo>();
	/** Idle hibernation, memory caps, worktree collisions (only when recording). */
	readonly #checks: RecorderChecks;
	/** When streams of agents on hosts attach again; hosts going and coming back. */
	readonly #remote: RemoteStreams;

	constructor(ctx: WorkspaceContext, options: WorkspaceObserverOptions = {}) {
		super();
		this.ctx = ctx;
		this.#options = options;
		this.#reactions = new RecordedReactions(ctx, (agent) => this.#observers.get(agent)?.screen.snapshot().lines, options);
		this.#checks = new RecorderChecks(ctx);
		this.#signals = new SignalFeed(ctx, (agent) => this.#observers.get(agent), options.record ?? true);
		this.#upkeep = new RecorderUpkeep(ctx);
		this.#remote = new RemoteStreams(ctx, options.record ?? true);
	}

	observer(agent: string): AgentObserver | undefined {
		return this.#observers.get(agent);
	}

	/** The agent's process tree now (see agentResources), rooted at the pane this recorder last listed: no tmux call. */
	resources(agent: string): AgentResources {
		return agentResources(this.#panes.get(this.ctx.sessionOf(agent)));
	}

	async start(): Promise<void> {
		mkdirSync(this.ctx.paths.state, {recursive: true});
		this.#signals.start();
		await this.poll();
		this.#unlend = this.ctx.lendObservers((agent) => {
			const observer = this.#observers.get(agent);
			return observer?.connected ? observer : undefined;
		});
		// From its first round on, one-shot commands read what this recorder records instead of
		// writing weaker verdicts of their own.
		if ((this.#options.record ?? true) && !this.#stopped) this.#unannounce = announce(this.ctx.store, 'recorder');
		this.#timer = setInterval(() => void this.poll(), this.#options.pollMs ?? 500);
		this.#timer.unref?.();
	}

	/** One round: list panes, attach to new sessions, report dead or vanished ones. */
	async poll(): Promise<void> {
		if (this.#polling || this.#stopped) return;
		this.#polling = true;
		const round = this.#pollRound();
		this.#inFlight = round;
		await round;
	}

	/** The round under way, which `stop` waits for: a round finishing after it would reopen the closed store. */
	#inFlight: Promise<void> | undefined;

	async #pollRound(): Promise<void> {
		try {
			this.#signals.readHooks();
			this.#signals.readStatusFiles(this.#observers.keys());
			this.#upkeep.rotateLogs();
			if (this.#options.record ?? true) this.#reactions.poll();
			const panes = await listPanesForRound(this.ctx, this.#observers.values());
			this.#panes = panes;
			this.#remote.checkHosts();
			for (const agent of this.ctx.config.agent) {
				const session = this.ctx.sessionOf(agent.name);
				if (this.#hostState(agent.name) === 'unreachable') continue;
				const pane = panes.get(session);
				if (pane) this.#missing.delete(agent.name);
				this.#upkeep.checkWorktree(agent, pane);
				const observer = this.#observers.get(agent.name);
				if (observer) {
					observer.updatePane(pane);
					if (!pane) await this.#drop(agent.name);
					continue;
				}
				if (pane && !pane.dead && this.#pollMode(agent.name)) this.#observers.set(agent.name, this.#pipeline(agent, session));
				else if (pane && !pane.dead && !this.#starting.has(agent.name)) {
					if (this.#remote.backoff.mayAttach(agent.name)) await this.#attach(agent.name, session, pane);
				}
				else if (!this.#starting.has(agent.name)) this.#reportWithoutStream(agent.name, pane);
			}
			await this.#pollScreens(panes);
			// A host that went silent during the captures is said at once, not a listing later.
			this.#remote.checkHosts();
			for (const agent of this.ctx.config.agent) this.#hostState(agent.name);
			if (this.#options.record ?? true) this.#checks.check(panes);
		} catch (error) {
			log.warn('observer poll failed', {error: String(error)});
		} finally {
			this.#polling = false;
		}
	}

	/** One agent's pipeline, wired to this workspace's events (streamed once {@link #attach} starts it, else fed captures). */
	#pipeline(config: AgentConfig, session: string): AgentObserver {
		const agent = config.name;
		// A new session may run another CLI than the last (a handoff to another runtime): read it fresh.
		this.ctx.forgetRuntimeOverrides();
		const observer = new AgentObserver({
			agent,
			session,
			control: this.ctx.services.tmux.controlProcess(session),
			rules: this.ctx.rulesFor(config),
			idleDebounceMs: this.#options.idleDebounceMs ?? this.ctx.adapterFor(config).idleDebounceMs,
			stalledAfterMs: this.#options.stalledAfterMs,
		});
		observer.on('state', (verdict) => this.#report(agent, verdict));
		observer.on('screen', () => this.emit('screen', agent));
		observer.on('detached', () => {
			// A stream through ssh that dropped is attached again after a wait (see RemoteStreams).
			if (this.#remote.isRemote(agent)) this.#remote.backoff.failed(agent);
			void this.#drop(agent).then(() => this.poll());
		});
		return observer;
	}

	async #attach(agent: string, session: string, pane: PaneInfo): Promise<void> {
		const config = this.ctx.config.agent.find((candidate) => candidate.name === agent);
		if (!config) return;
		this.#starting.add(agent);
		const observer = this.#pipeline(config, session);
		try {
			await observer.start(pane);
			this.#observers.set(agent, observer);
			this.#remote.attached(agent, observer);
		} catch (error) {
			await observer.stop().catch(() => undefined);
			// A host that does not answer now will again: try its stream later instead of polling.
			if (this.#remote.isRemote(agent)) {
				this.#remote.backoff.failed(agent);
				return;
			}
			log.warn('could not attach observer; polling this pane instead', {agent, error: String(error)});
			this.#polled.add(agent);
		} finally {
			this.#starting.delete(agent);
		}
	}

	async #drop(agent: string): Promise<void> {
		const observer = this.#observers.get(agent);
		if (!observer) return;
		this.#observers.delete(agent);
		this.#remote.detached(agent);
		await observer.stop().catch(() => undefined);
	}

	#pollMode(agent: string): boolean {
		const mode = this.#options.mode ?? (process.env['TUTTI_OBSERVE'] === 'poll' ? 'poll' : 'stream');
		if (mode === 'poll') this.#polled.add(agent);
		return this.#polled.has(agent);
	}

	/**
	 * The polling transport: every polled pane captured in one tmux call, each capture fed to its
	 * agent's pipeline (the same layers as a stream: native signals, debounce, `stalled`).
	 */
	async #pollScreens(panes: Map<string, PaneInfo>): Promise<void> {
		const live = this.ctx.config.agent.filter((agent) => this.#polled.has(agent.name) && this.#observers.has(agent.name) && panes.get(this.ctx.sessionOf(agent.name))?.dead === false);
		if (live.length === 0) return;
		const screens = await this.ctx.services.tmux.captureMany(live.map((agent) => this.ctx.sessionOf(agent.name)));
		for (const agent of live) {
			const session = this.ctx.sessionOf(agent.name);
			const text = screens.get(session);
			if (text !== undefined) await this.#observers.get(agent.name)?.captured(text, panes.get(session));
		}
	}

	/**
	 * Reports `unreachable` for an agent whose host does not answer (its pipeline is kept for when
	 * the host is back), and the pipeline's word again once it does.
	 */
	#hostState(agent: string): 'unreachable' | 'reachable' {
		const outage = hostOutageOf(this.ctx.services.tmux, this.ctx.sessionOf(agent));
		if (outage) {
			this.#report(agent, unreachableVerdict(outage));
			return 'unreachable';
		}
		if (this.#last.get(agent) === 'unreachable') {
			// Its verdict did not change while the host was away: say it again.
			this.#last.delete(agent);
			const held = this.#observers.get(agent)?.verdict;
			if (held) this.#report(agent, held);
		}
		return 'reachable';
	}

	/** Agents without a stream (not running, or a dead pane) are stopped. */
	#reportWithoutStream(agent: string, pane: PaneInfo | undefined): void {
		if (pane && !pane.dead) return;
		// A session missing from one listing may be a failed listing: believe it the second time.
		// (A dead pane is reliable at once.)
		if (!pane) {
			const misses = (this.#missing.get(agent) ?? 0) + 1;
			this.#missing.set(agent, misses);
			if (misses < 2 && this.#last.get(agent) !== 'stopped') return;
		}
		const gone = paneGoneVerdict(pane);
		if (gone) this.#report(agent, gone);
	}

	#report(agent: string, verdict: StateVerdict): void {
		if (this.#last.get(agent) === verdict.state) return;
		this.#last.set(agent, verdict.state);
		const event = (this.#options.record ?? true) ? this.#reactions.record(agent, verdict) : undefined;
		this.emit('state', agent, verdict, event);
	}

	async stop(): Promise<void> {
		this.#stopped = true;
		this.#unlend?.();
		this.#unlend = undefined;
		this.#unannounce?.();
		this.#unannounce = undefined;
		if (this.#timer) clearInterval(this.#timer);
		await this.#inFlight;
		this.#signals.close();
		await this.#reactions.stop();
		await this.#checks.settle();
		await Promise.all([...this.#observers.keys()].map((agent) => this.#drop(agent)));
	}
}
