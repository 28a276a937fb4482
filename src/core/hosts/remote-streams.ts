import type {WorkspaceContext} from '../agents/context.js';
import {remoteTmuxOf, RoutedTmux} from './host-tmux.js';
import type {ControlChannel} from './stream-channels.js';

/** The first wait before attaching a remote stream again; it doubles up to {@link maxDelayMs}. */
export const firstDelayMs = 500;
export const maxDelayMs = 10_000;
/** A stream that stayed up this long was a success: its next drop starts the waits over. */
const healthyAfterMs = 10_000;

type Backoff = {delayMs: number; retryAt: number; attachedAt: number | undefined};

/**
 * When a dropped or failed stream of each agent may be attached again: waits of 0.5 s doubling to
 * 10 s, started over once a stream stays up for 10 s (a stream that drops at once keeps waiting
 * longer, and a host does not get an ssh login attempt every poll round).
 */
export class StreamBackoff {
	readonly #entries = new Map<string, Backoff>();

	/** Whether the agent's stream may be attached now (always, until an attach failed or a stream dropped). */
	mayAttach(agent: string, now = Date.now()): boolean {
		const backoff = this.#entries.get(agent);
		return backoff === undefined || backoff.attachedAt !== undefined || now >= backoff.retryAt;
	}

	attached(agent: string, now = Date.now()): void {
		const backoff = this.#entries.get(agent);
		if (backoff) backoff.attachedAt = now;
	}

	/** An attach failed or a stream dropped: the next attach waits (longer each time in a row); returns the wait. */
	failed(agent: string, now = Date.now()): number {
		const backoff = this.#entries.get(agent);
		const healthy = backoff?.attachedAt !== undefined && now - backoff.attachedAt >= healthyAfterMs;
		const delayMs = backoff === undefined || healthy ? firstDelayMs : Math.min(backoff.delayMs * 2, maxDelayMs);
		this.#entries.set(agent, {delayMs, retryAt: now + delayMs, attachedAt: undefined});
		return delayMs;
	}
}

/**
 * The recorder's side of agents on `[[host]]`s: when each one's stream (tmux control mode through
 * the host's ssh master) may be attached again ({@link StreamBackoff}), and each host going away
 * and coming back, said once per change as `host.unreachable` / `host.reachable`.
 *
 * Whether a host answers is what RoutedTmux last found (every poll round lists its panes through
 * the master); this only turns changes of that into events.
 */
export class RemoteStreams {
	readonly #ctx: WorkspaceContext;
	readonly #record: boolean;
	readonly backoff = new StreamBackoff();
	/** Hosts found unreachable, with when. */
	readonly #down = new Map<string, number>();

	constructor(ctx: WorkspaceContext, record: boolean) {
		this.#ctx = ctx;
		this.#record = record;
	}

	/** Streams lent to their host's tmux for pane listings, by agent. */
	readonly #lent = new Map<string, () => void>();

	/** The agent's stream is up: waits start over when it stays up, and it carries its host's pane listings. */
	attached(agent: string, stream: ControlChannel): void {
		this.backoff.attached(agent);
		const remote = remoteTmuxOf(this.#ctx.services.tmux, this.#ctx.sessionOf(agent));
		if (remote) this.#lent.set(agent, remote.streams.lend(stream));
	}

	detached(agent: string): void {
		this.#lent.get(agent)?.();
		this.#lent.delete(agent);
	}

	isRemote(agent: string): boolean {
		return remoteTmuxOf(this.#ctx.services.tmux, this.#ctx.sessionOf(agent)) !== undefined;
	}

	/** Says each host that stopped or started answering since the last look (once per change). */
	checkHosts(now = Date.now()): void {
		const tmux = this.#ctx.services.tmux;
		if (!(tmux instanceof RoutedTmux)) return;
		for (const remote of tmux.remotes()) {
			const host = remote.transport.host;
			const outage = tmux.outageOfHost(host.name);
			const agents = this.#ctx.config.agent.filter((agent) => tmux.remoteOf(this.#ctx.sessionOf(agent.name)) === remote).map((agent) => agent.name);
			const downSince = this.#down.get(host.name);
			if (outage && downSince === undefined) {
				this.#down.set(host.name, outage.since);
				if (this.#record) this.#ctx.emit('host.unreachable', null, {host: host.name, ssh: host.ssh, error: outage.error.message, agents});
			} else if (!outage && downSince !== undefined) {
				this.#down.delete(host.name);
				if (this.#record) this.#ctx.emit('host.reachable', null, {host: host.name, ssh: host.ssh, down_ms: Math.max(0, now - downSince), agents});
			}
		}
	}
}
