export type SseMessage = {event: string; data: string; id: string | undefined; comment?: string};

/** A minimal SSE reader over fetch, for tests: collects messages and waits for them. */
export type SseStream = {
	status: number;
	messages: SseMessage[];
	comments: string[];
	/** Resolves with the first message (from `from` on) that matches. */
	next(predicate?: (message: SseMessage) => boolean, timeoutMs?: number): Promise<SseMessage>;
	close(): void;
	closed: Promise<void>;
};

export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseStream> {
	const controller = new AbortController();
	const response = await fetch(url, {headers: {accept: 'text/event-stream', ...headers}, signal: controller.signal});
	const messages: SseMessage[] = [];
	const comments: string[] = [];
	const waiters = new Set<() => void>();
	const notify = () => {
		for (const waiter of [...waiters]) waiter();
	};
	let ended = false;
	const closed = (async () => {
		if (!response.body) return;
		const reader = response.body.getReader();
		const decoder = new TextDecoder();
		let buffer = '';
		try {
			for (;;) {
				const {value, done} = await reader.read();
				if (done) break;
				buffer += decoder.decode(value, {stream: true});
				let index: number;
				while ((index = buffer.indexOf('\n\n')) !== -1) {
					const block = buffer.slice(0, index);
					buffer = buffer.slice(index + 2);
					const message: SseMessage = {event: 'message', data: '', id: undefined};
					const data: string[] = [];
					let isComment = true;
					for (const line of block.split('\n')) {
						if (line.startsWith(':')) {
							comments.push(line.slice(1).trim());
							continue;
						}
						isComment = false;
						const colon = line.indexOf(':');
						const field = colon === -1 ? line : line.slice(0, colon);
						const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
						if (field === 'event') message.event = value;
						else if (field === 'data') data.push(value);
						else if (field === 'id') message.id = value;
					}
					message.data = data.join('\n');
					if (!isComment && data.length > 0) messages.push(message);
					notify();
				}
			}
		} catch {
			// Aborted.
		} finally {
			ended = true;
			notify();
		}
	})();
	let cursor = 0;
	return {
		status: response.status,
		messages,
		comments,
		closed,
		next(predicate = () => true, timeoutMs = 10_000) {
			return new Promise((resolve, reject) => {
				const check = () => {
					while (cursor < messages.length) {
						const message = messages[cursor++]!;
						if (predicate(message)) {
							cleanup();
							resolve(message);
							return;
						}
					}
					if (ended) {
						cleanup();
						reject(new Error('stream ended'));
					}
				};
				const timer = setTimeout(() => {
					cleanup();
					reject(new Error(`no matching SSE message within ${timeoutMs} ms (got ${messages.map((message) => message.event).join(', ')})`));
				}, timeoutMs);
				const cleanup = () => {
					clearTimeout(timer);
					waiters.delete(check);
				};
				waiters.add(check);
				check();
			});
		},
		close: () => controller.abort(),
	};
}
