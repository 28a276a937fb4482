import {appendFileSync} from 'node:fs';
import {performance} from 'node:perf_hooks';
import type {ProfilerOnRenderCallback} from 'react';

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

	/** React committed a frame: its work runs from `startTime` until the task ends (layout and Ink's paint included). */
	readonly onCommit: ProfilerOnRenderCallback = (_id, _phase, actualDuration, _base, startTime) => {
		const start = performance.timeOrigin + startTime;
		const key = this.#pendingKey;
		this.#pendingKey = undefined;
		setImmediate(() => {
			const end = TimingLog.now();
			this.#push({k: 'frame', at: end, ms: end - start, react: actualDuration});
			if (key !== undefined) this.#push({k: 'answered', at: end, key});
		});
	};

	/** Ink wrote a frame (or a throttled trailing one). */
	onPaint(renderTime: number): void {
		this.#push({k: 'paint', at: TimingLog.now(), ms: renderTime});
	}

	onKey(sequence: string): void {
		const at = TimingLog.now();
		this.#pendingKey = at;
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
