import {authHeaders, unauthorized} from './api.js';

export type StreamStatus = 'connecting' | 'open' | 'retrying' | 'unauthorized' | 'closed';

export type StreamHandlers = {
	onMessage(event: string, data: string, id: string | undefined): void;
	onStatus?(status: StreamStatus): void;
};

/**
 * An SSE client over fetch (EventSource cannot send the Authorization header). It reconnects
 * after a drop with backoff and sends `Last-Event-ID`, so the server replays what was missed.
 * This is a push channel: nothing here asks the server for news on a timer.
 */
export class EventStream {
	readonly #url: string;
	readonly #handlers: StreamHandlers;
	#controller: AbortController | undefined;
	#lastId: string | undefined;
	#closed = false;
	#failures = 0;

	readonly #resume: boolean;

	constructor(url: string, handlers: StreamHandlers, options: {resume?: boolean} = {}) {
		this.#url = url;
		this.#handlers = handlers;
		this.#resume = options.resume ?? true;
	}

	get lastId(): string | undefined {
		return this.#lastId;
	}

	start(): void {
		void this.#run();
	}

	close(): void {
		this.#closed = true;
		this.#controller?.abort();
		this.#handlers.onStatus?.('closed');
	}

	/** Reconnects now (e.g. after a token was entered). */
	restart(): void {
		this.#controller?.abort();
		this.#failures = 0;
	}

	async #run(): Promise<void> {
		while (!this.#closed) {
			this.#controller = new AbortController();
			this.#handlers.onStatus?.(this.#failures === 0 ? 'connecting' : 'retrying');
			try {
				const headers: Record<string, string> = {Accept: 'text/event-stream', ...authHeaders()};
				if (this.#resume && this.#lastId !== undefined) headers['Last-Event-ID'] = this.#lastId;
				const response = await fetch(this.#url, {headers, signal: this.#controller.signal, cache: 'no-store'});
				if (response.status === 401) {
					this.#handlers.onStatus?.('unauthorized');
					unauthorized.dispatchEvent(new Event('unauthorized'));
					await this.#wait(true);
					continue;
				}
				// A cursor the server refuses cannot get better: start over with a fresh snapshot.
				if (response.status === 400) this.#lastId = undefined;
				if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
				this.#failures = 0;
				this.#handlers.onStatus?.('open');
				await this.#read(response.body);
			} catch {
				// Dropped, refused or aborted: try again below.
			}
			if (this.#closed) return;
			this.#failures++;
			this.#handlers.onStatus?.('retrying');
			await this.#wait(false);
		}
	}

	/** Backoff: 0.5 s, 1 s, 2 s … at most 10 s; after a 401, until `restart()`. */
	#wait(untilRestart: boolean): Promise<void> {
		const controller = this.#controller;
		return new Promise((resolve) => {
			const delay = untilRestart ? 3_600_000 : Math.min(10_000, 500 * 2 ** Math.min(this.#failures, 5));
			const timer = setTimeout(resolve, delay);
			controller?.signal.addEventListener('abort', () => {
				clearTimeout(timer);
				resolve();
			});
		});
	}

	async #read(body: ReadableStream<Uint8Array>): Promise<void> {
		const reader = body.getReader();
		const decoder = new TextDecoder();
		let buffer = '';
		for (;;) {
			const {value, done} = await reader.read();
			if (done) return;
			buffer += decoder.decode(value, {stream: true});
			let end: number;
			while ((end = buffer.indexOf('\n\n')) !== -1) {
				const block = buffer.slice(0, end);
				buffer = buffer.slice(end + 2);
				this.#dispatch(block);
			}
		}
	}

	#dispatch(block: string): void {
		let event = 'message';
		let id: string | undefined;
		const data: string[] = [];
		for (const line of block.split('\n')) {
			if (line === '' || line.startsWith(':')) continue;
			const colon = line.indexOf(':');
			const field = colon === -1 ? line : line.slice(0, colon);
			const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
			if (field === 'event') event = value;
			else if (field === 'data') data.push(value);
			else if (field === 'id') id = value;
		}
		if (data.length === 0) return;
		if (id !== undefined) this.#lastId = id;
		this.#handlers.onMessage(event, data.join('\n'), id);
	}
}
