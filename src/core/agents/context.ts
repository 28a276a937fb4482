import {existsSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import type {AgentConfig, ConfigWarning, GlobalConfig, TuttiConfig} from '../config/index.js';
import {resolveAgentRuntime} from '../config/resolve.js';
import type {Runner} from '../process/runner.js';
import {TuttiError} from '../errors.js';
import type {TuttiEventMap, TuttiEventName} from '../events/types.js';
import {readRuntimeOverride, type RuntimeOverride} from '../store/runtime-override.js';
import {Store} from '../store/store.js';
import type {Tmux} from '../tmux/client.js';
import {sessionName} from '../tmux/names.js';
import {servicesForWorkspace} from '../hosts/routing.js';
import {workspacePaths, type WorkspacePaths} from '../workspace/paths.js';
import {assertOwnTuttiDir} from '../workspace/tutti-dir.js';
import type {AgentAdapter, DialogAnswer, RuntimeId} from './adapter.js';
import type {AdapterRegistry} from './registry.js';
import type {ScreenRule} from '../state/screen-rules.js';
import type {AgentObserver} from '../state/agent-observer.js';

/** The pipelines a recorder in this process is running, by agent name. */
export type LiveObservers = (agent: string) => AgentObserver | undefined;

/** Process-wide services, built once by the CLI (or a test) and shared by every workspace. */
export type Services = {
	runner: Runner;
	tmux: Tmux;
	adapters: AdapterRegistry;
	global: GlobalConfig;
	/** Environment handed to agents (the caller's). */
	env: NodeJS.ProcessEnv;
	/** Absolute path of the `tt` entry script. */
	tuttiBin: string;
	nodeBin: string;
	/** Screen rules from config for custom runtimes (adapters provide the built-in ones). */
	customRules?: (agent: AgentConfig) => ScreenRule[];
	/** Dialog answers from config for custom runtimes (adapters declare the built-in ones). */
	customAnswers?: (agent: AgentConfig) => DialogAnswer[];
};

/** One loaded workspace: its config, where its files are, and its store (opened on first use). */
export class WorkspaceContext {
	readonly name: string;
	readonly root: string;
	readonly configPath: string;
	readonly config: TuttiConfig;
	readonly warnings: readonly ConfigWarning[];
	readonly paths: WorkspacePaths;
	readonly services: Services;
	#store: Store | undefined;
	#closed = false;
	#live: LiveObservers | undefined;

	constructor(loaded: {root: string; path: string; config: TuttiConfig; warnings: readonly ConfigWarning[]}, services: Services) {
		this.root = loaded.root;
		this.configPath = loaded.path;
		this.config = loaded.config;
		this.name = loaded.config.workspace.name;
		this.warnings = loaded.warnings;
		this.paths = workspacePaths(loaded.root);
		// Agents with a `host` run there: their tmux calls go through its ssh master (core/hosts).
		this.services = servicesForWorkspace(loaded.config, services);
	}

	get store(): Store {
		// Reopening after close would recreate a state folder its owner may have just removed (a
		// late poll round did, in CI): work that outlives its workspace is a bug to surface.
		if (this.#closed) throw new TuttiError('ERR_INTERNAL', `workspace "${this.name}" was used after it was closed`, {hint: 'This is a bug in tutti; please report it with the command you ran.'});
		if (!this.#store) {
			assertOwnTuttiDir(this.root);
			this.#store = new Store(this.paths.database);
		}
		return this.#store;
	}

	/**
	 * Fails with `error[state]` (naming the folder and the cause) when tutti cannot record here —
	 * read-only file system, disk full — before an action whose effect must be recorded (starting or
	 * stopping agents): an agent stopped or started without a record is a lie in every later status.
	 */
	assertRecordable(): void {
		void this.store;
		const probe = path.join(this.paths.state, `.write-probe-${process.pid}`);
		try {
			writeFileSync(probe, '');
			rmSync(probe, {force: true});
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code ?? '';
			const cause = ({EROFS: 'read-only file system', ENOSPC: 'no space left on device', EDQUOT: 'disk quota exceeded', EACCES: 'permission denied', EPERM: 'permission denied'} as Record<string, string>)[code];
			throw new TuttiError('ERR_STATE', `cannot record anything in ${this.paths.state}: ${cause ?? (error instanceof Error ? error.message : String(error))}`, {
				hint: code === 'ENOSPC' || code === 'EDQUOT' ? 'Free some disk space, then run the command again.' : `Make ${this.paths.state} writable, then run the command again.`,
				cause: error,
				details: {path: this.paths.state},
			});
		}
	}

	close(): void {
		this.#closed = true;
		this.#store?.close();
		this.#store = undefined;
	}

	/**
	 * A recorder running in this process (`tt serve`, `tt watch`) lends its pipelines, so a turn
	 * followed here (`send --wait`, workflow steps) reads the verdicts being recorded instead of
	 * attaching a second control client that could decide differently. Returns the way to take them back.
	 */
	lendObservers(live: LiveObservers): () => void {
		this.#live = live;
		return () => {
			if (this.#live === live) this.#live = undefined;
		};
	}

	/** The recorder's pipeline for this agent, when one runs in this process and is attached. */
	liveObserver(agent: string): AgentObserver | undefined {
		return this.#live?.(agent);
	}

	sessionOf(agent: string): string {
		return sessionName(this.name, agent);
	}

	/**
	 * The CLI an agent runs now: tutti.toml's runtime, unless the agent was handed over to another
	 * CLI (see RuntimeOverride) — every surface asks here, so all of them read it with the same rules.
	 */
	runtimeOf(agent: AgentConfig): RuntimeId {
		const configured = resolveAgentRuntime(this.config, agent);
		const override = this.#override(agent.name);
		return override && override.configured === configured && this.services.adapters.has(override.runtime) ? this.services.adapters.get(override.runtime).id : configured;
	}

	/**
	 * The handover recorded for an agent; none before the workspace has a store (nothing is created
	 * to look). Read at most once a second per agent: recorders ask on every poll round, and a
	 * handover restarts the agent, which takes longer than that.
	 */
	#override(agent: string): RuntimeOverride | undefined {
		const cached = this.#overrides.get(agent);
		if (cached && Date.now() - cached.at < 1000) return cached.value;
		let value: RuntimeOverride | undefined;
		if (this.#store || existsSync(this.paths.database)) {
			try {
				value = readRuntimeOverride(this.store, agent);
			} catch {
				value = undefined;
			}
		}
		this.#overrides.set(agent, {at: Date.now(), value});
		return value;
	}

	readonly #overrides = new Map<string, {at: number; value: RuntimeOverride | undefined}>();

	/** Forgets what was read of handovers (this process just recorded one). */
	forgetRuntimeOverrides(): void {
		this.#overrides.clear();
	}

	adapterFor(agent: AgentConfig): AgentAdapter {
		return this.services.adapters.get(this.runtimeOf(agent));
	}

	rulesFor(agent: AgentConfig): readonly ScreenRule[] {
		const adapter = this.adapterFor(agent);
		const custom = this.services.customRules?.(agent) ?? [];
		return custom.length === 0 ? adapter.screenRules : [...custom, ...adapter.screenRules];
	}

	/** The dialogs tutti can answer for the agent: its runtime's, and for a custom runtime the ones its config declares. */
	answersFor(agent: AgentConfig): readonly DialogAnswer[] {
		const builtin = this.adapterFor(agent).answers ?? [];
		const custom = this.services.customAnswers?.(agent) ?? [];
		return custom.length === 0 ? builtin : [...custom, ...builtin];
	}

	/** Persists one event (see core/events/types.ts for every name and payload). */
	emit<K extends TuttiEventName>(event: K, agent: string | null, data: TuttiEventMap[K], correlation?: string): void {
		this.store.appendEvent({event, workspace: this.name, agent, correlation_id: correlation ?? `${event}-${Date.now()}-${agent ?? 'workspace'}`, data});
	}
}
