import type {HostConfig} from '../config/index.js';
import {hostUnreachable, isUnreachable} from './ssh-transport.js';

/** A tmux control client already attached on a host (an agent's stream): it can carry commands too. */
export type ControlChannel = {readonly connected: boolean; command(args: readonly string[]): Promise<string[]>};

/**
 * The streams attached on one host, lent to carry what would otherwise start an ssh process each
 * time: the pane listing of every poll round, keys sent to agents. One line on a connection
 * already open instead of an ssh client's start.
 */
export class StreamChannels {
	readonly #host: HostConfig;
	readonly #timeoutMs: number;
	readonly #channels = new Set<ControlChannel>();

	constructor(host: HostConfig, timeoutMs: number) {
		this.#host = host;
		this.#timeoutMs = timeoutMs;
	}

	/** Lends an attached stream; returns the way to take it back (when it is dropped). */
	lend(channel: ControlChannel): () => void {
		this.#channels.add(channel);
		return () => this.#channels.delete(channel);
	}

	/**
	 * Runs a tmux command over a lent stream; undefined when none is attached or it ended under the
	 * call (then the caller goes through ssh). A stream that does not answer in time means the host
	 * went silent: unreachable, as an ssh call that timed out would say.
	 */
	async run(args: readonly string[]): Promise<string[] | undefined> {
		const channel = [...this.#channels].find((candidate) => candidate.connected);
		if (!channel) return undefined;
		let timer: NodeJS.Timeout | undefined;
		const silent = new Promise<never>((_resolve, reject) => {
			timer = setTimeout(() => reject(hostUnreachable(this.#host, `no answer over its stream in ${this.#timeoutMs} ms`)), this.#timeoutMs);
		});
		try {
			return await Promise.race([channel.command(args), silent]);
		} catch (error) {
			if (isUnreachable(error)) throw error;
			return undefined;
		} finally {
			clearTimeout(timer);
		}
	}
}
