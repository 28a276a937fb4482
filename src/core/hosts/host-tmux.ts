import type {HostConfig} from '../config/index.js';
import type {TuttiError} from '../errors.js';
import type {Runner, RunResult} from '../process/runner.js';
import {paneFormat, parsePaneLine, Tmux, type ControlProcess, type NewSessionOptions, type PaneInfo} from '../tmux/client.js';
import type {StateVerdict} from '../state/types.js';
import {isUnreachable, type SshTransport} from './ssh-transport.js';
import {StreamChannels} from './stream-channels.js';
import {paneTarget} from '../tmux/names.js';

/** How long one tmux command on a host may take before the host counts as unreachable. */
const tmuxCallTimeoutMs = 3000;

/** tutti's tmux server on a `[[host]]`, every call carried by the host's ssh master. */
export class RemoteTmux extends Tmux {
	readonly transport: SshTransport;
	/** tutti's tmux config on this machine, copied to `confFile` on the host by `tt up`. */
	readonly confFileSource: string;
	/** Streams attached on this host, lent to carry its listings and keys (see StreamChannels). */
	readonly streams: StreamChannels;

	constructor(transport: SshTransport, socket: string, confFile: string, confFileSource: string) {
		// A tmux command answers in milliseconds: one that takes seconds means the host went silent,
		// and its agents must read `unreachable` within 5 s, not when TCP gives up.
		super({run: (command, args, options) => transport.runner.run(command, args, {timeoutMs: tmuxCallTimeoutMs, ...options})}, socket, confFile);
		this.transport = transport;
		this.confFileSource = confFileSource;
		this.streams = new StreamChannels(transport.host, tmuxCallTimeoutMs);
	}

	/**
	 * `-u`: a command run over ssh usually has no UTF-8 locale, and tmux then prints every
	 * non-ASCII or control character of its output as `_` — the field separator of pane listings too.
	 */
	override run(args: readonly string[], options?: Parameters<Tmux['run']>[1]): Promise<RunResult> {
		return super.run(['-u', ...args], options);
	}

	override attachArgv(session: string): string[] {
		return ['-u', ...super.attachArgv(session)];
	}

	/** Every poll round asks this: over a stream when one is attached, else through ssh. */
	override async listPanes(): Promise<PaneInfo[]> {
		const lines = await this.streams.run(['list-panes', '-a', '-F', paneFormat]);
		return lines ? lines.filter((line) => line !== '').map((line) => parsePaneLine(line)) : super.listPanes();
	}

	/** Keys (Enter after a prompt, answers to a dialog) reach the host in one line on a stream, not an ssh login's time. */
	override async sendKeys(session: string, keys: readonly string[]): Promise<void> {
		if (keys.length === 0) return;
		if (!(await this.streams.run(['send-keys', '-t', paneTarget(session), ...keys]))) await super.sendKeys(session, keys);
	}

	/**
	 * tmux control mode on the host, its stdin and stdout carried by the host's ssh master: the
	 * same %output stream a local agent's pipeline reads.
	 */
	override controlProcess(session: string): ControlProcess {
		return {command: 'ssh', args: this.transport.streamArgv(['tmux', '-u', ...super.controlProcess(session).args]), attachTimeoutMs: tmuxCallTimeoutMs};
	}

	/**
	 * A plain `start-server`: the systemd user scope that keeps local agents alive past a logout is
	 * looked for on this machine, not the host (and tmux daemonizes, so the server outlives the ssh
	 * call that started it).
	 */
	override async startServer(): Promise<void> {
		const probe = await this.run(['list-sessions', '-F', '#{session_name}'], {reject: false});
		if (probe.exitCode === 0 || !/no server running|error connecting to|failed to connect/i.test(probe.stderr)) return;
		await this.run(['start-server']);
	}
}

/** A host that did not answer, since when, and what ssh said. */
export type HostOutage = {host: string; since: number; error: TuttiError};

/**
 * The tmux of a workspace whose agents live on several machines: each call that names a session
 * goes to the tmux of the machine that session lives on (this one, or a `[[host]]` through ssh),
 * and listings merge every machine's. The rest of core keeps calling one Tmux.
 *
 * A host that cannot be reached is remembered ({@link outageOf}): listings leave its sessions out
 * and every agent on it reads `unreachable` (core/agents/observe.ts), not stopped — the agents keep
 * running there.
 */
export class RoutedTmux extends Tmux {
	readonly #local: Tmux;
	/** Remote tmux by session name (the sessions of agents with a `host`). */
	readonly #remote: ReadonlyMap<string, RemoteTmux>;
	readonly #outages = new Map<string, HostOutage>();

	constructor(local: Tmux, runner: Runner, remote: ReadonlyMap<string, RemoteTmux>) {
		super(runner, local.socket, local.confFile);
		this.#local = local;
		this.#remote = remote;
	}

	/** The remote tmux a session lives on; undefined: this machine. */
	remoteOf(session: string): RemoteTmux | undefined {
		return this.#remote.get(session);
	}

	/** Why the host of `session` is unreachable (as last found), or undefined when it answers or is this machine. */
	outageOf(session: string): HostOutage | undefined {
		const remote = this.#remote.get(session);
		return remote ? this.#outages.get(remote.transport.host.name) : undefined;
	}

	/** Every distinct remote tmux, one per host. */
	remotes(): RemoteTmux[] {
		return [...new Map([...this.#remote.values()].map((remote) => [remote.transport.host.name, remote])).values()];
	}

	#route(session: string): Tmux {
		return this.#remote.get(session) ?? this.#local;
	}

	/** Runs `call` on a host, remembering whether it answered. */
	async #onHost<T>(remote: RemoteTmux, call: () => Promise<T>): Promise<T> {
		const host: HostConfig = remote.transport.host;
		try {
			const result = await call();
			this.#outages.delete(host.name);
			return result;
		} catch (error) {
			if (isUnreachable(error) && !this.#outages.has(host.name)) this.#outages.set(host.name, {host: host.name, since: Date.now(), error});
			throw error;
		}
	}

	#at<T>(session: string, call: (tmux: Tmux) => Promise<T>): Promise<T> {
		const remote = this.#remote.get(session);
		return remote ? this.#onHost(remote, () => call(remote)) : call(this.#local);
	}

	override run(args: readonly string[], options?: Parameters<Tmux['run']>[1]): Promise<RunResult> {
		return this.#local.run(args, options);
	}

	override hasSession(name: string): Promise<boolean> {
		return this.#at(name, (tmux) => tmux.hasSession(name));
	}

	override async listSessions(): Promise<string[]> {
		return [...(await this.listPanes())].map((pane) => pane.session).filter((session, index, all) => all.indexOf(session) === index);
	}

	override newSession(options: NewSessionOptions): Promise<void> {
		return this.#at(options.name, (tmux) => tmux.newSession(options));
	}

	override async startServer(): Promise<void> {
		await this.#local.startServer();
		this.scope = this.#local.scope;
	}

	override killSession(name: string): Promise<boolean> {
		return this.#at(name, (tmux) => tmux.killSession(name));
	}

	override async stopServerIfEmpty(): Promise<void> {
		await this.#local.stopServerIfEmpty();
		for (const remote of this.remotes()) await this.#onHost(remote, () => remote.stopServerIfEmpty()).catch(() => undefined);
	}

	override killServer(): Promise<void> {
		return this.#local.killServer();
	}

	/**
	 * This machine's panes of local agents plus each reachable host's panes of its agents. A host that
	 * does not answer adds none (its agents read `unreachable`, see outageOf).
	 */
	override async listPanes(): Promise<PaneInfo[]> {
		const panes = (await this.#local.listPanes()).filter((pane) => !this.#remote.has(pane.session));
		const remotes = this.remotes();
		const listed = await Promise.all(remotes.map((remote) => this.#onHost(remote, () => remote.listPanes()).catch((error: unknown) => (isUnreachable(error) ? [] : Promise.reject(error)))));
		remotes.forEach((remote, index) => {
			for (const pane of listed[index] ?? []) if (this.#remote.get(pane.session) === remote) panes.push(withoutPid(pane));
		});
		return panes;
	}

	override async paneInfo(session: string): Promise<PaneInfo | undefined> {
		const pane = await this.#at(session, (tmux) => tmux.paneInfo(session));
		return pane && this.#remote.has(session) ? withoutPid(pane) : pane;
	}

	override secondsSinceKeyPress(session: string): Promise<number | undefined> {
		return this.#at(session, (tmux) => tmux.secondsSinceKeyPress(session));
	}

	override capturePane(session: string, options?: {history?: number; escapes?: boolean}): Promise<string> {
		return this.#at(session, (tmux) => tmux.capturePane(session, options));
	}

	/** One tmux call per machine (not per session), as on one machine. */
	override async captureMany(sessions: readonly string[]): Promise<Map<string, string>> {
		const byTmux = new Map<Tmux, string[]>();
		for (const session of sessions) byTmux.set(this.#route(session), [...(byTmux.get(this.#route(session)) ?? []), session]);
		const result = new Map<string, string>();
		for (const [tmux, group] of byTmux) {
			const captured = tmux instanceof RemoteTmux ? await this.#onHost(tmux, () => tmux.captureMany(group)).catch(() => new Map<string, string>()) : await tmux.captureMany(group);
			for (const [session, text] of captured) result.set(session, text);
		}
		return result;
	}

	override pasteText(session: string, text: string, options?: {bracketed?: boolean}): Promise<void> {
		return this.#at(session, (tmux) => tmux.pasteText(session, text, options));
	}

	override sendKeys(session: string, keys: readonly string[]): Promise<void> {
		return this.#at(session, (tmux) => tmux.sendKeys(session, keys));
	}

	override setSessionOption(session: string, option: string, value: string): Promise<void> {
		return this.#at(session, (tmux) => tmux.setSessionOption(session, option, value));
	}

	override setWindowOption(session: string, option: string, value: string): Promise<void> {
		return this.#at(session, (tmux) => tmux.setWindowOption(session, option, value));
	}

	override resizeWindow(session: string, width: number, height: number): Promise<void> {
		return this.#at(session, (tmux) => tmux.resizeWindow(session, width, height));
	}

	/** `file` is a path on the machine the session lives on. */
	override pipePaneToFile(session: string, file: string): Promise<void> {
		return this.#at(session, (tmux) => tmux.pipePaneToFile(session, file));
	}

	override attachArgv(session: string): string[] {
		return this.#route(session).attachArgv(session);
	}

	override controlProcess(session: string): ControlProcess {
		return this.#route(session).controlProcess(session);
	}

	/** Why host `name` is unreachable (as last found), or undefined when it answers. */
	outageOfHost(name: string): HostOutage | undefined {
		return this.#outages.get(name);
	}
}

/**
 * A pane on a host without its pid: that number names a process there, and nothing here may read
 * its /proc (memory, CPU) or signal it (hibernation, stop) as if it were local.
 */
function withoutPid(pane: PaneInfo): PaneInfo {
	return {...pane, pid: undefined};
}

/** The remote tmux of `session` when `tmux` routes it to a host (for the few callers that must know). */
export function remoteTmuxOf(tmux: Tmux, session: string): RemoteTmux | undefined {
	return tmux instanceof RoutedTmux ? tmux.remoteOf(session) : undefined;
}

/** Why the host of `session` is unreachable, or undefined (answers, or runs here). */
export function hostOutageOf(tmux: Tmux, session: string): HostOutage | undefined {
	return tmux instanceof RoutedTmux ? tmux.outageOf(session) : undefined;
}

/** What every surface shows for an agent whose host does not answer (decided here, once). */
export function unreachableVerdict(outage: HostOutage): StateVerdict {
	return {state: 'unreachable', source: 'host', rule: 'host.unreachable', detail: `${outage.error.message} (since ${new Date(outage.since).toISOString()})`};
}
