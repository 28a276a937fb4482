import {log} from '../../core/log.js';
import type {ServerCore} from '../types.js';
import {sseFrame, type SseConnection} from './sse.js';

/** One screen frame: the visible screen as ANSI text for xterm.js, plus where the cursor is. */
export type ScreenFrame = {
	workspace: string;
	agent: string;
	running: boolean;
	/** Bumped by the screen model on every change; frames with the same version are equal. */
	version: number;
	cols: number;
	rows: number;
	cursor: {x: number; y: number};
	title: string;
	ansi: string;
};

type Feed = {
	workspace: string;
	agent: string;
	clients: Map<SseConnection, number>;
	timer: NodeJS.Timeout | undefined;
	lastSent: number;
	frame: ScreenFrame | undefined;
	frameText: string;
	/** Bumped whenever the frame changes; what each client has seen is tracked by it. */
	seq: number;
	pending: boolean;
	fallback: NodeJS.Timeout | undefined;
};

/**
 * Live screens for focus mode. Clients of one agent share one feed: when the recorder's screen
 * model changes, a frame is serialised once and written to each of them, at most `fps` times a
 * second (the last change is never lost: a trailing frame follows the throttle window). A client
 * whose socket is still busy skips frames and gets the newest one when it drains — screens
 * conflate, they do not queue. Without a recorder the pane is captured instead, at most 4/s.
 */
export class ScreenFeed {
	readonly #core: ServerCore;
	readonly #intervalMs: number;
	readonly #feeds = new Map<string, Feed>();
	readonly #hooked = new Set<string>();
	readonly #unhook: Array<() => void> = [];

	constructor(core: ServerCore, options: {fps?: number | undefined} = {}) {
		this.#core = core;
		this.#intervalMs = Math.round(1000 / Math.max(1, options.fps ?? 10));
	}

	get feeds(): number {
		return this.#feeds.size;
	}

	subscribe(workspace: string, agent: string, connection: SseConnection): void {
		const key = `${workspace}\u0000${agent}`;
		let feed = this.#feeds.get(key);
		if (!feed) {
			feed = {workspace, agent, clients: new Map(), timer: undefined, lastSent: 0, frame: undefined, frameText: '', seq: 0, pending: false, fallback: undefined};
			this.#feeds.set(key, feed);
			this.#hook(workspace);
		}
		const current = feed;
		current.clients.set(connection, -1);
		connection.raw.on('drain', () => this.#catchUp(current, connection));
		connection.onClose(() => {
			current.clients.delete(connection);
			if (current.clients.size === 0) this.#drop(key, current);
		});
		void this.#render(current).then(() => this.#catchUp(current, connection));
		if (!this.#core.observer?.(workspace)) {
			current.fallback = setInterval(() => void this.#render(current).then(() => this.#broadcast(current)), Math.max(250, this.#intervalMs));
			current.fallback.unref?.();
		}
	}

	/** Listens once per workspace to its recorder's screen changes. */
	#hook(workspace: string): void {
		if (this.#hooked.has(workspace)) return;
		const observer = this.#core.observer?.(workspace);
		if (!observer) return;
		this.#hooked.add(workspace);
		const onChange = (agent: string) => {
			const feed = this.#feeds.get(`${workspace}\u0000${agent}`);
			if (feed) this.#changed(feed);
		};
		// A state change can also follow a session starting or ending.
		observer.on('screen', onChange);
		observer.on('state', onChange);
		this.#unhook.push(() => {
			observer.off('screen', onChange);
			observer.off('state', onChange);
		});
	}

	/** Throttles: sends now when the window has passed, else once at its end. */
	#changed(feed: Feed): void {
		if (feed.timer) {
			feed.pending = true;
			return;
		}
		const wait = feed.lastSent + this.#intervalMs - Date.now();
		if (wait <= 0) {
			this.#flush(feed);
			feed.timer = setTimeout(() => this.#windowEnd(feed), this.#intervalMs);
		} else {
			feed.pending = true;
			feed.timer = setTimeout(() => this.#windowEnd(feed), wait);
		}
	}

	#windowEnd(feed: Feed): void {
		feed.timer = undefined;
		if (!feed.pending) return;
		feed.pending = false;
		this.#flush(feed);
		feed.timer = setTimeout(() => this.#windowEnd(feed), this.#intervalMs);
	}

	#flush(feed: Feed): void {
		feed.lastSent = Date.now();
		void this.#render(feed).then(() => this.#broadcast(feed));
	}

	async #render(feed: Feed): Promise<void> {
		try {
			const frame = await this.#frame(feed.workspace, feed.agent);
			if (feed.frame && frame.version === feed.frame.version && frame.running === feed.frame.running && frame.ansi === feed.frame.ansi) return;
			feed.frame = frame;
			feed.seq++;
			feed.frameText = sseFrame('screen', JSON.stringify(frame));
		} catch (error) {
			log.warn('screen feed: render failed', {workspace: feed.workspace, agent: feed.agent, error: String(error)});
		}
	}

	#broadcast(feed: Feed): void {
		for (const connection of feed.clients.keys()) this.#catchUp(feed, connection);
	}

	/** Sends the newest frame to a client that has not seen it and can take it now. */
	#catchUp(feed: Feed, connection: SseConnection): void {
		const frame = feed.frame;
		if (!frame || connection.closed || connection.backedUp) return;
		if (feed.clients.get(connection) === feed.seq) return;
		feed.clients.set(connection, feed.seq);
		connection.write(feed.frameText);
	}

	async #frame(workspace: string, agent: string): Promise<ScreenFrame> {
		const observer = this.#core.observer?.(workspace)?.observer(agent);
		if (observer) {
			const snapshot = observer.screen.snapshot();
			return {workspace, agent, running: true, version: observer.screen.version, cols: snapshot.cols, rows: snapshot.rows, cursor: snapshot.cursor, title: snapshot.title, ansi: observer.screen.serialize()};
		}
		const ctx = this.#core.workspaces.find((candidate) => candidate.name === workspace);
		const session = ctx?.sessionOf(agent);
		const pane = ctx && session ? await ctx.services.tmux.paneInfo(session) : undefined;
		if (!ctx || !session || !pane || pane.dead) return {workspace, agent, running: false, version: 0, cols: 80, rows: 24, cursor: {x: 0, y: 0}, title: '', ansi: ''};
		const captured = await ctx.services.tmux.capturePane(session, {escapes: true});
		const ansi = captured.replace(/\n$/, '').split('\n').join('\r\n');
		return {workspace, agent, running: true, version: hash(ansi), cols: pane.width, rows: pane.height, cursor: {x: 0, y: 0}, title: pane.title, ansi};
	}

	#drop(key: string, feed: Feed): void {
		if (feed.timer) clearTimeout(feed.timer);
		if (feed.fallback) clearInterval(feed.fallback);
		this.#feeds.delete(key);
	}

	close(): void {
		for (const [key, feed] of this.#feeds) this.#drop(key, feed);
		for (const unhook of this.#unhook.splice(0)) unhook();
		this.#hooked.clear();
	}
}

function hash(text: string): number {
	let value = 0x811c9dc5;
	for (let index = 0; index < text.length; index++) value = Math.imul(value ^ text.charCodeAt(index), 0x01000193);
	return value >>> 0;
}
