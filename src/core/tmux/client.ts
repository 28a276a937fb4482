import {randomBytes} from 'node:crypto';
import {TuttiError, ProcessError} from '../errors.js';
import type {Runner, RunResult} from '../process/runner.js';
import {paneTarget, sessionTarget} from './names.js';
import {shellQuote} from '../shell-quote.js';
import {paneFormat, parsePaneLine, type PaneInfo} from './pane-info.js';
import {startInUserScope, type ScopeOutcome} from './user-scope.js';

export {paneFormat, parsePaneLine, type PaneInfo} from './pane-info.js';

export type NewSessionOptions = {
	name: string;
	cwd: string;
	/** The pane's command as argv, executed by tmux without a shell. */
	argv: readonly string[];
	env: Readonly<Record<string, string>>;
	width?: number;
	height?: number;
};

/**
 * How to start a control-mode client of a session: `tmux -C attach` here, or the same through a
 * host's ssh master. `attachTimeoutMs`: how long its first answer may take (a silent host).
 */
export type ControlProcess = {command: string; args: string[]; attachTimeoutMs?: number};

/** The size of a new agent pane unless `tt up` is told otherwise (tutti's tmux.conf default-size agrees). */
export const defaultPaneSize = {cols: 200, rows: 50} as const;

const installHint = 'Install tmux (Debian/Ubuntu: apt-get install tmux; macOS: brew install tmux) and run the command again.';

/** Variable names tmux can carry in a space-separated update-environment list (and shells can read). */
const portableName = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Named tmux operations on tutti's private server (`-L <socket> -f <tutti's tmux.conf>`).
 * Every call is an argv array; session targets are matched exactly (`=name`).
 */
export class Tmux {
	readonly socket: string;
	readonly confFile: string;
	readonly #runner: Runner;
	readonly #confFile: string;

	constructor(runner: Runner, socket: string, confFile: string) {
		this.#runner = runner;
		this.socket = socket;
		this.confFile = confFile;
		this.#confFile = confFile;
	}

	/** Runs a tmux command on tutti's server. */
	async run(args: readonly string[], options: {input?: string; reject?: boolean; env?: Record<string, string>} = {}): Promise<RunResult> {
		try {
			return await this.#runner.run('tmux', ['-L', this.socket, '-f', this.#confFile, ...args], {
				input: options.input,
				reject: options.reject ?? true,
				errorCode: 'ERR_TMUX',
				env: serverEnv(options.env),
			});
		} catch (error) {
			if (error instanceof ProcessError && error.exitCode === undefined && /ENOENT|not found/i.test(error.message)) {
				throw new TuttiError('ERR_TMUX_MISSING', 'tmux is not installed or not on PATH', {hint: installHint, cause: error});
			}
			if (isNoServer(error)) return {command: 'tmux', args, exitCode: 1, stdout: '', stderr: 'no server running', timedOut: false, signal: undefined};
			throw error;
		}
	}

	async hasSession(name: string): Promise<boolean> {
		const result = await this.run(['has-session', '-t', sessionTarget(name)], {reject: false});
		return result.exitCode === 0;
	}

	async listSessions(): Promise<string[]> {
		const result = await this.run(['list-sessions', '-F', '#{session_name}'], {reject: false});
		if (result.exitCode !== 0) return [];
		return result.stdout.split('\n').filter((line) => line !== '');
	}

	/**
	 * Creates a detached session whose only pane runs `argv` directly (no shell in between), with
	 * `env` in its environment. The values never appear on a command line (where `ps` shows them to
	 * every local user, for the server's whole life when this call starts it): they travel in the
	 * tmux client's own environment, and tmux copies the named variables into the new session
	 * (`update-environment`, set in the same command list as the new session, so concurrent calls
	 * cannot mix their lists). Only the names are on the command line.
	 */
	async newSession(options: NewSessionOptions): Promise<void> {
		// A server started by the call below would keep this agent's variables in its own
		// environment — the base of every later session. Start it first, with the caller's.
		await this.startServer();
		const names = Object.keys(options.env).filter((name) => portableName.test(name));
		await this.run(
			[
				'set-option',
				'-g',
				'update-environment',
				names.join(' '),
				';',
				'new-session',
				'-d',
				'-s',
				options.name,
				'-x',
				String(options.width ?? defaultPaneSize.cols),
				'-y',
				String(options.height ?? defaultPaneSize.rows),
				'-c',
				options.cwd,
				'--',
				...options.argv,
			],
			{env: Object.fromEntries(names.map((name) => [name, options.env[name] ?? '']))},
		);
		// Keep the size tutti chose whatever clients attach (a control client must never resize an agent).
		await this.run(['set-option', '-w', '-t', paneTarget(options.name), 'window-size', 'manual'], {reject: false});
	}

	/**
	 * Starts tutti's tmux server when none runs: in a systemd user scope of its own where there is
	 * one (so logging out does not kill the agents — see startInUserScope), else as a plain process.
	 * What happened is kept in {@link scope} for `tt doctor`.
	 */
	async startServer(): Promise<void> {
		const probe = await this.run(['list-sessions', '-F', '#{session_name}'], {reject: false});
		if (probe.exitCode === 0 || !noServer.test(probe.stderr)) return;
		this.scope = await startInUserScope(this.#runner, ['tmux', '-L', this.socket, '-f', this.#confFile, 'start-server'], serverEnv({}));
		if (!this.scope.scoped) await this.run(['start-server']);
	}

	/** How this process last started the server (undefined: it found one running). */
	scope: ScopeOutcome | undefined;

	async killSession(name: string): Promise<boolean> {
		const result = await this.run(['kill-session', '-t', sessionTarget(name)], {reject: false});
		return result.exitCode === 0;
	}

	/** Stops the server when no session is left on it (the config keeps an empty server alive). */
	async stopServerIfEmpty(): Promise<void> {
		if ((await this.listSessions()).length === 0) await this.killServer();
	}

	async killServer(): Promise<void> {
		await this.run(['kill-server'], {reject: false});
	}

	/** Every pane on the server in one call (one process for any number of agents). */
	async listPanes(): Promise<PaneInfo[]> {
		const result = await this.run(['list-panes', '-a', '-F', paneFormat], {reject: false});
		if (result.exitCode !== 0) return [];
		return result.stdout
			.split('\n')
			.filter((line) => line !== '')
			.map((line) => parsePaneLine(line));
	}

	async paneInfo(session: string): Promise<PaneInfo | undefined> {
		const result = await this.run(['display-message', '-p', '-t', paneTarget(session), paneFormat], {reject: false});
		if (result.exitCode !== 0) return undefined;
		// tmux 3.3 answers an unknown target with an empty line and exit 0: check the session name.
		const pane = parsePaneLine(result.stdout.replace(/\n$/, ''));
		return pane.session === session ? pane : undefined;
	}

	/**
	 * Seconds since a person last pressed a key in `session` (the newest key of any attached
	 * terminal; tmux's control-mode clients and `send-keys` from tutti do not count), or undefined
	 * when no terminal is attached. tmux keeps whole seconds of the machine's clock.
	 */
	async secondsSinceKeyPress(session: string): Promise<number | undefined> {
		const result = await this.run(['list-clients', '-t', sessionTarget(session), '-F', '#{client_control_mode} #{client_activity}'], {reject: false});
		if (result.exitCode !== 0) return undefined;
		let newest: number | undefined;
		for (const line of result.stdout.split('\n')) {
			const [control, activity] = line.split(' ');
			const at = Number(activity);
			if (control === '0' && Number.isFinite(at) && at > (newest ?? 0)) newest = at;
		}
		return newest === undefined ? undefined : Math.max(0, Date.now() / 1000 - newest);
	}

	/** The visible screen plus `history` lines of scrollback, as text (with `escapes`: with SGR colours). */
	async capturePane(session: string, options: {history?: number; escapes?: boolean} = {}): Promise<string> {
		const args = ['capture-pane', '-p', '-t', paneTarget(session)];
		if (options.escapes) args.push('-e');
		if (options.history) args.push('-S', `-${options.history}`);
		const result = await this.run(args);
		return result.stdout;
	}

	/**
	 * Visible screens of several sessions in ONE tmux invocation (the polling fallback): commands
	 * are chained with `;` and separated in the output by a marker line.
	 */
	async captureMany(sessions: readonly string[]): Promise<Map<string, string>> {
		const result = new Map<string, string>();
		if (sessions.length === 0) return result;
		const marker = `\u001Etutti-capture-${process.pid}`;
		const args: string[] = [];
		for (const session of sessions) {
			if (args.length > 0) args.push(';');
			args.push('display-message', '-p', `${marker}`, ';', 'capture-pane', '-p', '-t', paneTarget(session));
		}
		const output = await this.run(args, {reject: false});
		const parts = output.stdout.split(`${marker}\n`).slice(1);
		sessions.forEach((session, index) => {
			const part = parts[index];
			if (part !== undefined) result.set(session, part);
		});
		return result;
	}

	/**
	 * Types `text` into the pane exactly as given: it goes through a tmux paste buffer, so neither
	 * a shell nor tmux's key-name parser ever sees it. Multi-line text is sent as a bracketed paste.
	 */
	async pasteText(session: string, text: string, options: {bracketed?: boolean} = {}): Promise<void> {
		const buffer = `tutti-${process.pid}-${randomBytes(4).toString('hex')}`;
		await this.run(['load-buffer', '-b', buffer, '-'], {input: text});
		const args = ['paste-buffer', '-d', '-b', buffer, '-t', paneTarget(session)];
		if (options.bracketed ?? text.includes('\n')) args.push('-p');
		await this.run(args);
	}

	/** Sends tmux key names (e.g. `Enter`, `Escape`, `C-c`). Never pass user text here. */
	async sendKeys(session: string, keys: readonly string[]): Promise<void> {
		if (keys.length === 0) return;
		await this.run(['send-keys', '-t', paneTarget(session), ...keys]);
	}

	async setSessionOption(session: string, option: string, value: string): Promise<void> {
		// tmux 3.3 rejects `set-option -t =name` ("no such session"); `=name:` resolves.
		await this.run(['set-option', '-t', paneTarget(session), option, value]);
	}

	async setWindowOption(session: string, option: string, value: string): Promise<void> {
		await this.run(['set-option', '-w', '-t', paneTarget(session), option, value]);
	}

	async resizeWindow(session: string, width: number, height: number): Promise<void> {
		await this.run(['resize-window', '-t', paneTarget(session), '-x', String(width), '-y', String(height)]);
	}

	/** Starts recording the pane's raw output into `file` (appending), unless a pipe is already open. */
	async pipePaneToFile(session: string, file: string): Promise<void> {
		const open = await this.run(['display-message', '-p', '-t', paneTarget(session), '#{pane_pipe}'], {reject: false});
		if (open.stdout.trim() === '1') return;
		// tmux runs the pipe command through sh; the file name is quoted for it.
		await this.run(['pipe-pane', '-t', paneTarget(session), `exec cat >> ${shellQuote(file)}`]);
	}

	/** The process that streams `session` in control mode (tmux itself on this machine). */
	controlProcess(session: string): ControlProcess {
		return {command: 'tmux', args: ['-L', this.socket, '-f', this.#confFile, '-C', 'attach-session', '-t', sessionTarget(session)]};
	}

	/** argv for handing the user's terminal to the session (run with inherited stdio). */
	attachArgv(session: string): string[] {
		return ['-L', this.socket, '-f', this.#confFile, 'attach-session', '-t', sessionTarget(session)];
	}
}

/** The server inherits the environment of whichever call starts it: keep nesting markers out of agents. */
function serverEnv(extra: Record<string, string> | undefined): Record<string, string | undefined> {
	return {...extra, TMUX: undefined, TMUX_PANE: undefined, CLAUDECODE: undefined, CLAUDE_CODE_ENTRYPOINT: undefined};
}

const noServer = /no server running|error connecting to|failed to connect to server/i;

function isNoServer(error: unknown): boolean {
	return error instanceof ProcessError && noServer.test(error.stderr);
}

