import {appendFileSync} from 'node:fs';
import {performance} from 'node:perf_hooks';

/**
 * Frame and key timings for bench/watch-frames.mjs, written as JSON lines to the file named by
 * `TUTTI_WATCH_TIMING` (never to the terminal). Times are absolute (ms since the epoch, with
 * sub-millisecond precision) so the benchmark can compare them with when it sent a key.
 */
export class TimingLog {
	readonly #file: string;
	#buffer: string[] = [];
	readonly #timer: NodeJS.Timeout;
	#pendingKey: number | undefined;

	constructor(file: string) {
		this.#file = file;
		this.#timer = setInterval(() => this.flush(), 250);
		this.#timer.unref?.();
	}

	static now(): number {
		return performance.timeOrigin + performance.now();
	}

	#push(entry: Record<string, unknown>): void {
		this.#buffer.push(JSON.stringify(entry));
	}

	#updateSince: number | undefined;

	/** An update reached the app (store snapshot, UI state): a frame is owed from now. */
	readonly onUpdate = (): void => {
		this.#updateSince ??= TimingLog.now();
	};

	/**
	 * The app committed a frame. Its work runs from the update that caused it until the current
	 * task ends: React's render and commit, Yoga's layout and, when not throttled, Ink's paint.
	 */
	readonly onCommit = (): void => {
		const start = this.#updateSince ?? TimingLog.now();
		this.#updateSince = undefined;
		setImmediate(() => {
			const end = TimingLog.now();
			this.#push({k: 'frame', at: end, ms: end - start});
		});
	};

	/**
	 * Ink painted a frame (or a throttled trailing one). A key is answered by the first frame
	 * painted after it: the one that shows it (its commit comes first, in the same task).
	 */
	onPaint(renderTime: number): void {
		this.#push({k: 'paint', at: TimingLog.now(), ms: renderTime});
		const key = this.#pendingKey;
		this.#pendingKey = undefined;
		if (key === undefined) return;
		setImmediate(() => {
			const end = TimingLog.now();
			this.#push({k: 'answered', at: end, key, ms: end - key});
		});
	}

	onKey(sequence: string): void {
		const at = TimingLog.now();
		this.#pendingKey ??= at;
		this.#updateSince ??= at;
		this.#push({k: 'key', at, seq: sequence});
	}

	onWrite(chunk: string): void {
		const clears = chunk.split('\u001B[2J').length - 1;
		if (clears > 0) this.#push({k: 'clear', at: TimingLog.now(), n: clears});
	}

	mark(kind: string, data: Record<string, unknown> = {}): void {
		this.#push({k: kind, at: TimingLog.now(), ...data});
	}

	flush(): void {
		if (this.#buffer.length === 0) return;
		const text = `${this.#buffer.join('\n')}\n`;
		this.#buffer = [];
		try {
			appendFileSync(this.#file, text);
		} catch {
			// Timing is best effort.
		}
	}

	close(): void {
		clearInterval(this.#timer);
		this.flush();
	}
}
