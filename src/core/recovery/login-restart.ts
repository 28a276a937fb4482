import {statSync} from 'node:fs';
import path from 'node:path';
import type {WorkspaceContext} from '../agents/context.js';
import {restartAgent} from '../actions/stop.js';
import {log} from '../log.js';
import type {AgentState} from '../state/types.js';
import {readAgentSession} from '../store/sessions.js';
import {loginStrategy} from './strategy.js';

export type LoginRestartOptions = {
	/** How often the login files are looked at while an agent waits for a person to sign in. @default 2_000 */
	pollMs?: number;
	/** After a change, how long the CLI may take to notice the new login by itself before it is restarted. @default 5_000 */
	settleMs?: number;
};

type Watch = {files: string[]; seen: string; attempt: number; timer: NodeJS.Timeout | undefined};

/**
 * `[resilience] auth_strategy = "restart"` (the default): an agent whose CLI lost its login waits
 * for a person to sign in again — in another terminal, on another agent of the same account, with
 * the CLI's own login command — and is then restarted in its conversation. A new login shows as a
 * change to the files the CLI keeps it in (declared per adapter as `loginFiles`, under the config
 * dir its launch recorded); a CLI that picks the new login up by itself within `settleMs` is left
 * alone. Nothing is restarted on a guess: with no login file known, the person is told (the
 * notifier) and restarts it. Each restart is `agent.recovery_attempted` → `recovery_succeeded` /
 * `recovery_failed` (`login_restart`).
 */
export class LoginRestart {
	readonly #ctx: WorkspaceContext;
	readonly #pollMs: number;
	readonly #settleMs: number;
	readonly #watches = new Map<string, Watch>();
	readonly #latest = new Map<string, AgentState>();
	readonly #pending = new Set<Promise<void>>();
	#stopped = false;

	constructor(ctx: WorkspaceContext, options: LoginRestartOptions = {}) {
		this.#ctx = ctx;
		this.#pollMs = options.pollMs ?? 2_000;
		this.#settleMs = options.settleMs ?? 5_000;
	}

	/** A state change this process recorded. */
	onRecorded(agent: string, state: AgentState): void {
		this.#latest.set(agent, state);
		if (state !== 'auth_failed') return this.#forget(agent);
		if (this.#stopped || this.#watches.has(agent) || loginStrategy(this.#ctx.services.global.resilience.auth_strategy) !== 'restart') return;
		const files = this.#loginFiles(agent);
		if (files.length === 0) return;
		const watch: Watch = {files, seen: fingerprint(files), attempt: 0, timer: undefined};
		this.#watches.set(agent, watch);
		this.#schedule(agent, watch);
	}

	async stop(): Promise<void> {
		this.#stopped = true;
		for (const agent of [...this.#watches.keys()]) this.#forget(agent);
		await Promise.allSettled([...this.#pending]);
	}

	/** The login files of the account the agent was launched on (the config dir its conversation is kept under). */
	#loginFiles(agent: string): string[] {
		const config = this.#ctx.config.agent.find((candidate) => candidate.name === agent);
		if (!config) return [];
		const names = this.#ctx.adapterFor(config).loginFiles ?? [];
		const configDir = readAgentSession(this.#ctx.store, agent)?.config_dir;
		if (names.length === 0 || typeof configDir !== 'string') return [];
		return names.map((name) => path.join(configDir, name));
	}

	#schedule(agent: string, watch: Watch): void {
		watch.timer = setTimeout(() => this.#look(agent, watch), this.#pollMs);
		watch.timer.unref();
	}

	#look(agent: string, watch: Watch): void {
		if (this.#stopped || this.#watches.get(agent) !== watch) return;
		const now = fingerprint(watch.files);
		if (now === watch.seen) return this.#schedule(agent, watch);
		watch.seen = now;
		// Signed in again: give the CLI a moment to notice by itself, then restart it if it has not.
		watch.timer = setTimeout(() => {
			if (this.#watches.get(agent) !== watch || this.#latest.get(agent) !== 'auth_failed') return;
			this.#track(this.#restart(agent, watch));
		}, this.#settleMs);
		watch.timer.unref();
	}

	async #restart(agent: string, watch: Watch): Promise<void> {
		const ctx = this.#ctx;
		watch.attempt++;
		const changed = watch.files.map((file) => path.basename(file)).join(', ');
		ctx.emit('agent.recovery_attempted', agent, {strategy: 'login_restart', trigger: `signed in again (${changed} changed)`, attempt: watch.attempt, delay_ms: 0});
		try {
			const {started} = await restartAgent(ctx, agent);
			const conversation = started?.conversation;
			const carried = conversation?.kind === 'resumed' ? `resumed ${conversation.id ?? ''}`.trim() : conversation?.kind === 'new' ? `new conversation${conversation.note ? ` (${conversation.note})` : ''}` : null;
			ctx.emit('agent.recovery_succeeded', agent, {strategy: 'login_restart', attempt: watch.attempt, conversation: carried});
		} catch (error) {
			ctx.emit('agent.recovery_failed', agent, {strategy: 'login_restart', attempt: watch.attempt, error: error instanceof Error ? error.message : String(error)});
		} finally {
			// Still (or again) signed out after the restart: the next recorded auth_failed watches anew.
			if (this.#watches.get(agent) === watch) this.#forget(agent);
		}
	}

	#forget(agent: string): void {
		const watch = this.#watches.get(agent);
		if (watch?.timer) clearTimeout(watch.timer);
		this.#watches.delete(agent);
	}

	#track(work: Promise<void>): void {
		const tracked = work.catch((error: unknown) => log.error('restart after a new login failed', {error: String(error)}));
		this.#pending.add(tracked);
		void tracked.finally(() => this.#pending.delete(tracked));
	}
}

/** Size and modification time of each file ("-" when absent): what a new login changes. */
function fingerprint(files: readonly string[]): string {
	return files
		.map((file) => {
			try {
				const stat = statSync(file);
				return `${stat.size}:${stat.mtimeMs}:${stat.ino}`;
			} catch {
				return '-';
			}
		})
		.join(' ');
}
