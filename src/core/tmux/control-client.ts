import {spawn, type ChildProcessWithoutNullStreams} from 'node:child_process';
import {EventEmitter} from 'node:events';
import {TuttiError} from '../errors.js';
import {commandLine, ControlParser, type ControlMessage} from './control-protocol.js';
import type {ControlProcess} from './client.js';

export type ControlClientEvents = {
	output: [pane: string, data: Buffer];
	notification: [name: string, args: string];
	/** The client ended: `reason` is tmux's (e.g. "server exited unexpectedly") or undefined for a normal detach. */
	exit: [reason: string | undefined];
};

type Pending = {resolve: (lines: string[]) => void; reject: (error: Error) => void; args: readonly string[]};

/**
 * One `tmux -C attach` client on tutti's server. It streams %output of the panes of the session it
 * is attached to, and carries tutti's own tmux commands without spawning a process per call.
 * stdout is read continuously (a stalled reader makes tmux buffer without bound).
 */
const liveChildren = new Set<ChildProcessWithoutNullStreams>();

/**
 * Control clients die with the process that started them, however it ends (a deadline hit while
 * shutting down, process.exit, an uncaught error): a tmux client that already got a SIGTERM of its
 * own may ignore both its stdin closing and further SIGTERMs, and would outlive tutti otherwise.
 */
function outliveNoClient(child: ChildProcessWithoutNullStreams): void {
	if (liveChildren.size === 0) process.once('exit', killLiveChildren);
	liveChildren.add(child);
	child.once('exit', () => {
		liveChildren.delete(child);
		if (liveChildren.size === 0) process.off('exit', killLiveChildren);
	});
}

function killLiveChildren(): void {
	for (const child of liveChildren) child.kill('SIGKILL');
	liveChildren.clear();
}

/** The longest {@link ControlClient.close} waits. */
export const closeDeadlineMs = 1000;

export class ControlClient extends EventEmitter<ControlClientEvents> {
	readonly session: string;
	readonly #child: ChildProcessWithoutNullStreams;
	readonly #parser = new ControlParser();
	readonly #pending: Pending[] = [];
	#closed = false;

	private constructor(child: ChildProcessWithoutNullStreams, session: string) {
		super();
		this.session = session;
		this.#child = child;
		child.stdout.on('data', (chunk: Buffer) => {
			for (const message of this.#parser.push(chunk)) this.#handle(message);
		});
		child.stderr.on('data', () => undefined);
		// Writing a command just as tmux goes away gives EPIPE: the exit handler reports the end.
		child.stdin.on('error', () => undefined);
		child.on('exit', () => this.#finish(undefined));
		child.on('error', () => this.#finish('could not run tmux'));
	}

	/**
	 * Attaches a control client to `session` (exact match) — `process` starts it, on this machine or
	 * through a host's ssh master — and waits until tmux answered once (at most
	 * `process.attachTimeoutMs`: a host gone silent must not hold the caller).
	 */
	static async attach(options: {session: string; process: ControlProcess}): Promise<ControlClient> {
		const child = spawn(options.process.command, options.process.args, {
			stdio: ['pipe', 'pipe', 'pipe'],
			env: {...process.env, TMUX: undefined, TMUX_PANE: undefined, CLAUDECODE: undefined, CLAUDE_CODE_ENTRYPOINT: undefined},
		});
		outliveNoClient(child);
		const client = new ControlClient(child, options.session);
		const limit = options.process.attachTimeoutMs;
		let timer: NodeJS.Timeout | undefined;
		const late = new Promise<never>((_resolve, reject) => {
			if (limit !== undefined) timer = setTimeout(() => reject(new TuttiError('ERR_TMUX', `control client for ${options.session} got no answer in ${limit} ms`)), limit);
		});
		try {
			await Promise.race([client.command(['display-message', '-p', 'ok']), late]);
		} catch (error) {
			child.kill('SIGKILL');
			throw error;
		} finally {
			clearTimeout(timer);
		}
		return client;
	}

	get closed(): boolean {
		return this.#closed;
	}

	/** Runs a tmux command over this client; resolves with its output lines, rejects on %error. */
	command(args: readonly string[]): Promise<string[]> {
		if (this.#closed) return Promise.reject(new TuttiError('ERR_TMUX', `control client for ${this.session} is closed`));
		return new Promise((resolve, reject) => {
			this.#pending.push({resolve, reject, args});
			this.#child.stdin.write(commandLine(args));
		});
	}

	/**
	 * Detaches politely (closing stdin), then escalates: SIGTERM, then SIGKILL. A tmux client that
	 * already received a SIGTERM of its own (systemd signals the whole process group) ignores both
	 * stdin and further SIGTERMs, so only SIGKILL ends it. Returns within {@link closeDeadlineMs}.
	 */
	async close(): Promise<void> {
		if (this.#closed || this.#child.exitCode !== null || this.#child.signalCode !== null) return;
		const exited = new Promise<void>((resolve) => this.#child.once('exit', () => resolve()));
		this.#child.stdin.end();
		const term = setTimeout(() => this.#child.kill('SIGTERM'), 400);
		const kill = setTimeout(() => this.#child.kill('SIGKILL'), 800);
		let deadline: NodeJS.Timeout | undefined;
		await Promise.race([exited, new Promise<void>((resolve) => (deadline = setTimeout(resolve, closeDeadlineMs)))]);
		clearTimeout(term);
		clearTimeout(kill);
		clearTimeout(deadline);
		this.#finish('closed');
	}

	#handle(message: ControlMessage): void {
		switch (message.type) {
			case 'reply': {
				// Blocks not flagged as ours (the attach itself, hooks) answer nobody here.
				if (!message.fromClient) return;
				const pending = this.#pending.shift();
				if (!pending) return;
				if (message.ok) pending.resolve(message.lines);
				else pending.reject(new TuttiError('ERR_TMUX', `tmux ${pending.args[0] ?? ''} failed: ${message.lines.join(' ')}`));
				return;
			}
			case 'output':
				this.emit('output', message.pane, message.data);
				return;
			case 'exit':
				this.#finish(message.reason);
				return;
			case 'notification':
				this.emit('notification', message.name, message.args);
		}
	}

	#finish(reason: string | undefined): void {
		if (this.#closed) return;
		this.#closed = true;
		for (const pending of this.#pending.splice(0)) pending.reject(new TuttiError('ERR_TMUX', `control client for ${this.session} ended${reason ? `: ${reason}` : ''}`));
		this.emit('exit', reason);
	}
}
