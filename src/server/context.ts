import type {WorkspaceContext} from '../core/agents/context.js';
import {findAgent, type AgentConfig} from '../core/config/index.js';
import {TuttiError} from '../core/errors.js';
import type {Store} from '../core/store/store.js';
import {ApiError} from './envelope.js';
import {EventHub} from './events/hub.js';
import {ScreenFeed} from './events/screen-feed.js';
import {SseRegistry, type SseLimits} from './events/sse.js';
import {IdempotencyStore} from './idempotency.js';
import {noUsage, type ServerCore, type UsageReader} from './types.js';

export type ServerContextOptions = {
	sse?: Partial<SseLimits>;
	/** @default 100 */
	eventPollMs?: number;
	/** Screen frames per second per focused agent. @default 10 */
	screenFps?: number;
	/** @default 24 h */
	idempotencyTtlMs?: number;
};

/**
 * Everything the routes share, attached to Fastify as the `tutti` decorator: the served
 * workspaces, the event hub, the open streams, the screen feed, idempotency keys, action locks.
 */
export class ServerContext {
	readonly core: ServerCore;
	readonly hub: EventHub;
	readonly sse: SseRegistry;
	readonly screens: ScreenFeed;
	readonly idempotency: IdempotencyStore;
	readonly usage: UsageReader;
	readonly #locks = new Map<string, Promise<unknown>>();

	constructor(core: ServerCore, options: ServerContextOptions = {}) {
		this.core = core;
		const names = core.workspaces.map((ctx) => ctx.name);
		const twice = names.find((name, index) => names.indexOf(name) !== index);
		if (twice !== undefined) throw new TuttiError('ERR_USAGE', `two served workspaces are both named "${twice}"`, {hint: 'Give each workspace its own [workspace] name in its tutti.toml.'});
		const stores = new Map<string, Store>(core.workspaces.map((ctx) => [ctx.name, ctx.store]));
		this.hub = new EventHub(stores, {pollMs: options.eventPollMs});
		this.sse = new SseRegistry(options.sse);
		this.screens = new ScreenFeed(core, {fps: options.screenFps});
		this.idempotency = new IdempotencyStore(options.idempotencyTtlMs);
		this.usage = core.usage ?? noUsage;
		// The recorder writes state changes in this process: send them now, not at the next poll.
		for (const ctx of core.workspaces) {
			const observer = core.observer?.(ctx.name);
			if (!observer) continue;
			observer.on('state', this.#kick);
			this.#unhook.push(() => observer.off('state', this.#kick));
		}
	}

	readonly #kick = () => this.hub.kick();
	readonly #unhook: Array<() => void> = [];

	get workspaces(): readonly WorkspaceContext[] {
		return this.core.workspaces;
	}

	/** A served workspace by name, or 404 `not_found`. */
	workspace(action: string, name: string): WorkspaceContext {
		const ctx = this.core.workspaces.find((candidate) => candidate.name === name);
		if (!ctx) throw new ApiError(action, 'not_found', `unknown workspace "${name}"`, {hint: `Served workspaces: ${this.core.workspaces.map((candidate) => candidate.name).join(', ')}.`});
		return ctx;
	}

	/** The workspaces a read filter selects: one by name, else all. */
	select(action: string, name: string | undefined): WorkspaceContext[] {
		return name === undefined ? [...this.core.workspaces] : [this.workspace(action, name)];
	}

	/** The workspace an action targets: named, or the only one served. */
	target(action: string, name: string | undefined): WorkspaceContext {
		if (name !== undefined) return this.workspace(action, name);
		const [only, ...others] = this.core.workspaces;
		if (!only) throw new ApiError(action, 'not_found', 'this server serves no workspace');
		if (others.length > 0) throw new ApiError(action, 'bad_request', `"workspace" is required: this server serves ${this.core.workspaces.length} workspaces (${this.core.workspaces.map((ctx) => ctx.name).join(', ')})`);
		return only;
	}

	/** A configured agent of a workspace, or 404 `not_found` with a did-you-mean hint. */
	agent(action: string, ctx: WorkspaceContext, name: string): AgentConfig {
		try {
			return findAgent(ctx.config, name);
		} catch (error) {
			const hint = error instanceof Error && 'hint' in error && typeof error.hint === 'string' ? error.hint : undefined;
			throw new ApiError(action, 'not_found', `unknown agent "${name}" in workspace "${ctx.name}"`, hint ? {hint} : {});
		}
	}

	/** Runs `fn` after every earlier call with the same key has settled (e.g. two prompts to one agent). */
	async serialize<T>(key: string, fn: () => Promise<T>): Promise<T> {
		const previous = this.#locks.get(key) ?? Promise.resolve();
		const next = previous.catch(() => undefined).then(fn);
		const tail = next.catch(() => undefined);
		this.#locks.set(key, tail);
		try {
			return await next;
		} finally {
			if (this.#locks.get(key) === tail) this.#locks.delete(key);
		}
	}

	start(): void {
		this.hub.start();
	}

	close(): void {
		for (const unhook of this.#unhook.splice(0)) unhook();
		this.sse.closeAll();
		this.screens.close();
		this.hub.close();
	}
}
