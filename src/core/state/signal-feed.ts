import {watch, type FSWatcher} from 'node:fs';
import type {WorkspaceContext} from '../agents/context.js';
import {followSessionStart} from '../agents/conversation.js';
import {log} from '../log.js';
import type {AgentObserver} from './agent-observer.js';
import {signalsFile} from './hook-signals.js';
import {hookSignal, statusSignal} from './native-sources.js';
import {SignalTail} from './signal-tail.js';

/**
 * The native signals a workspace's CLIs give besides their screens — hook lines appended to
 * signals.jsonl and the status files an adapter declares — fed into the agents' pipelines.
 */
export class SignalFeed {
	readonly #ctx: WorkspaceContext;
	readonly #observer: (agent: string) => AgentObserver | undefined;
	readonly #record: boolean;
	#tail: SignalTail | undefined;
	#watcher: FSWatcher | undefined;
	readonly #statusSeen = new Map<string, number>();

	constructor(ctx: WorkspaceContext, observer: (agent: string) => AgentObserver | undefined, record: boolean) {
		this.#ctx = ctx;
		this.#observer = observer;
		this.#record = record;
	}

	/**
	 * Follows the hook lines written from now on (older ones describe older turns); hooks append to
	 * signals.jsonl, so a file watch reacts within milliseconds, not at the next poll.
	 */
	start(): void {
		this.#tail = new SignalTail(signalsFile(this.#ctx.paths.state));
		try {
			this.#watcher = watch(this.#ctx.paths.state, (_event, name) => {
				if (name === 'signals.jsonl') this.readHooks();
			});
			this.#watcher.unref();
		} catch {
			// No inotify: the poll reads the file too.
		}
	}

	readHooks(): void {
		for (const line of this.#tail?.read() ?? []) {
			this.#observer(line.agent)?.signal(hookSignal(line), line.t);
			if (line.event === 'SessionStart' && line.session_id !== undefined && this.#record) this.#followSession(line.agent, line.runtime);
		}
	}

	/** Each observed agent's status file, for CLIs that write one (Claude Code: idle / busy / waiting). */
	readStatusFiles(agents: Iterable<string>): void {
		for (const agent of agents) {
			const observer = this.#observer(agent);
			const config = this.#ctx.config.agent.find((candidate) => candidate.name === agent);
			const signal = observer && config && statusSignal(this.#ctx, config);
			if (!observer || !signal || this.#statusSeen.get(agent) === signal.at) continue;
			this.#statusSeen.set(agent, signal.at);
			observer.signal(signal, signal.at);
		}
	}

	close(): void {
		this.#watcher?.close();
	}

	/** A CLI that began another session (Claude's `/clear`) is resumed in that one from now on. */
	#followSession(agent: string, runtime: string): void {
		try {
			followSessionStart(this.#ctx, agent, runtime);
		} catch (error) {
			log.error('could not record the new session', {agent, error: String(error)});
		}
	}
}
