import type {ServerResponse} from 'node:http';

export type SseLimits = {
	/** Bytes a client may have queued (unsent) before it is dropped. @default 1 MiB */
	maxQueueBytes: number;
	/** Interval of `: keepalive` comments. @default 15000 */
	heartbeatMs: number;
	/** Concurrent streams; more are refused with 503 `too_many_streams`. @default 1000 */
	maxClients: number;
};

export const defaultSseLimits: SseLimits = {maxQueueBytes: 1024 * 1024, heartbeatMs: 15_000, maxClients: 1000};

/** Formats one SSE message. `data` must be a single line (JSON is). */
export function sseFrame(event: string, data: string, id?: string): string {
	return `${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${data}\n\n`;
}

/**
 * One open event stream. Writes go to the socket's buffer, which is the client's queue: it is
 * bounded, and a client whose unsent bytes pass the limit is dropped (it reconnects and resumes
 * from its Last-Event-ID), so one slow reader never holds memory or slows the others.
 */
export class SseConnection {
	readonly raw: ServerResponse;
	readonly #registry: SseRegistry;
	readonly #onClose = new Set<() => void>();
	#closed = false;
	#corked = false;
	/** Set when the client was dropped for falling behind. */
	dropped = false;

	constructor(raw: ServerResponse, registry: SseRegistry) {
		this.raw = raw;
		this.#registry = registry;
		raw.on('close', () => this.#finish());
		raw.on('error', () => this.#finish());
		// A client that went away while the route was still preparing (sizing the agent, say) has
		// already closed: there will be no 'close' event to wait for.
		if (raw.destroyed || raw.socket?.destroyed === true) queueMicrotask(() => this.#finish());
	}

	get closed(): boolean {
		return this.#closed;
	}

	/**
	 * Writes a frame; false when the stream is closed, or is dropped now because what it has not
	 * yet taken is over the limit (one large frame, such as a snapshot, is always let through).
	 */
	write(frame: string): boolean {
		if (this.#closed) return false;
		if (this.raw.writableLength > this.#registry.limits.maxQueueBytes) {
			this.dropped = true;
			this.raw.destroy();
			this.#finish();
			return false;
		}
		// Frames written in one turn of the event loop (a batch of events) leave in one syscall.
		if (!this.#corked) {
			this.#corked = true;
			this.raw.cork();
			process.nextTick(() => {
				this.#corked = false;
				this.raw.uncork();
			});
		}
		this.raw.write(frame);
		return true;
	}

	/** True while the socket has unsent bytes (writers of conflatable data skip frames then). */
	get backedUp(): boolean {
		return this.raw.writableNeedDrain;
	}

	onClose(listener: () => void): void {
		if (this.#closed) listener();
		else this.#onClose.add(listener);
	}

	end(): void {
		if (this.#closed) return;
		this.raw.end();
		this.#finish();
	}

	#finish(): void {
		if (this.#closed) return;
		this.#closed = true;
		this.#registry.remove(this);
		for (const listener of this.#onClose) listener();
		this.#onClose.clear();
	}
}

/** Every open stream of a server: the client limit, shared heartbeats, closing all on shutdown. */
export class SseRegistry {
	readonly limits: SseLimits;
	readonly #connections = new Set<SseConnection>();
	#timer: NodeJS.Timeout | undefined;
	/** Clients dropped for falling behind since the start (for benchmarks and tests). */
	droppedCount = 0;

	constructor(limits: Partial<SseLimits> = {}) {
		this.limits = {...defaultSseLimits, ...limits};
	}

	get size(): number {
		return this.#connections.size;
	}

	get full(): boolean {
		return this.#connections.size >= this.limits.maxClients;
	}

	/** Sends the stream headers and the opening comment; the connection is then registered. */
	open(raw: ServerResponse, headers: Record<string, string>): SseConnection {
		raw.writeHead(200, {
			...headers,
			'Content-Type': 'text/event-stream; charset=utf-8',
			'Cache-Control': 'no-cache, no-store',
			Connection: 'keep-alive',
			'X-Accel-Buffering': 'no',
		});
		raw.socket?.setNoDelay(true);
		raw.write(': tutti events stream\nretry: 2000\n\n');
		const connection = new SseConnection(raw, this);
		this.#connections.add(connection);
		if (!this.#timer) {
			this.#timer = setInterval(() => this.#heartbeat(), this.limits.heartbeatMs);
			this.#timer.unref?.();
		}
		return connection;
	}

	remove(connection: SseConnection): void {
		if (!this.#connections.delete(connection)) return;
		if (connection.dropped) this.droppedCount++;
		if (this.#connections.size === 0 && this.#timer) {
			clearInterval(this.#timer);
			this.#timer = undefined;
		}
	}

	#heartbeat(): void {
		const line = `: keepalive ${new Date().toISOString()}\n\n`;
		for (const connection of [...this.#connections]) connection.write(line);
	}

	closeAll(): void {
		for (const connection of [...this.#connections]) connection.end();
		if (this.#timer) clearInterval(this.#timer);
		this.#timer = undefined;
	}
}
