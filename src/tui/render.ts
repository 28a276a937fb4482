import {spawnSync} from 'node:child_process';
import {render, type Instance} from 'ink';
import {createElement} from 'react';
import type {WorkspaceContext} from '../core/agents/context.js';
import {TuttiError} from '../core/errors.js';
import {log} from '../core/log.js';
import {WorkspaceObserver} from '../core/state/workspace-observer.js';
import {coreActions, errorLine} from './actions.js';
import {App} from './app.js';
import {newViewRefs, ServicesProvider, type AppControl, type AppServices} from './app-context.js';
import {noUsage, type UsageSourceFactory, type WindowsSource} from './data/usage.js';
import {listThemes, loadTheme} from './theme/load.js';
import type {Theme} from './theme/tokens.js';
import {terminalNotification} from '../core/notify/terminal.js';
import {attentionNotice, notifyDesktop} from './notify.js';
import {WatchStore, type WatchSource} from './store.js';
import {sequences, TerminalPort} from './terminal.js';
import {TimingLog} from './timing.js';
import {initialUiState, UiStore} from './ui-state.js';

export type WatchOptions = {
	contexts: readonly WorkspaceContext[];
	/** A validated theme (load it before calling, so a bad theme fails before the screen is taken). */
	theme: Theme;
	/** Mouse clicks select cards. @default true */
	mouse?: boolean;
	/** When an agent starts needing you (not the one in focus): the bell, OSC 9 and OSC 777 (core/notify/terminal.ts). @default false */
	bell?: boolean;
	/** Desktop notification (notify-send / osascript) when an agent starts needing you. @default false */
	notify?: boolean;
	usage?: UsageSourceFactory;
	/** Plan windows per profile for the header. */
	windows?: WindowsSource;
	/** Starts a workflow run (wired by the CLI once `tt run` exists). */
	runWorkflow?: (workspace: string, name: string) => Promise<string>;
	stdin?: NodeJS.ReadStream;
	stdout?: NodeJS.WriteStream;
	/** JSON-lines timing log for the benchmark. @default process.env.TUTTI_WATCH_TIMING */
	timingFile?: string | undefined;
};

/**
 * `tt watch`: takes the terminal (alternate screen), renders the app, hands the terminal to
 * `tmux attach` and back when asked, and restores the terminal exactly on every way out (quit,
 * SIGTERM, SIGHUP, an uncaught error).
 */
export async function runWatch(options: WatchOptions): Promise<void> {
	const stdin = options.stdin ?? process.stdin;
	const stdout = options.stdout ?? process.stdout;
	if (!stdin.isTTY || !stdout.isTTY) {
		throw new TuttiError('ERR_USAGE', 'tt watch needs an interactive terminal', {hint: 'Use tt status (or tt status --json) to read states from a script.'});
	}
	const usage = options.usage ?? noUsage;
	const observers = options.contexts.map((ctx) => new WorkspaceObserver(ctx));
	const sources: WatchSource[] = options.contexts.map((ctx, index) => ({ctx, observer: observers[index] as WorkspaceObserver, usage: usage(ctx)}));
	const store = new WatchStore(sources, {windows: options.windows});
	const ui = new UiStore(initialUiState(options.theme.name, (stdout.columns || 80) >= 150));
	const port = new TerminalPort(stdout);
	const timingFile = options.timingFile ?? process.env['TUTTI_WATCH_TIMING'];
	const timing = timingFile ? new TimingLog(timingFile) : undefined;
	if (timing) {
		port.tap((chunk) => timing.onWrite(chunk));
		store.subscribe(timing.onUpdate);
		ui.subscribe(timing.onUpdate);
	}
	const mouse = options.mouse ?? true;

	let instance: Instance | undefined;
	let restored = false;
	const takeTerminal = () => port.write(sequences.enterAltScreen + sequences.hideCursor + sequences.clearScreen + (mouse ? sequences.mouseOn : ''));
	const releaseTerminal = () => port.writeNow((mouse ? sequences.mouseOff : '') + sequences.resetStyle + sequences.showCursor + sequences.leaveAltScreen);
	const restore = () => {
		if (restored) return;
		restored = true;
		try {
			instance?.unmount();
		} catch {
			// Unmounting during a crash may throw; the terminal matters more.
		}
		if (stdin.isTTY) stdin.setRawMode?.(false);
		releaseTerminal();
		timing?.close();
	};

	// Requests from the app (quit, attach) are queued and served by the loop below.
	type Request = {kind: 'quit'} | {kind: 'attach'; key: string};
	const requests: Request[] = [];
	let wake: (() => void) | undefined;
	const push = (request: Request) => {
		requests.push(request);
		wake?.();
	};
	const next = async (): Promise<Request> => {
		while (requests.length === 0) await new Promise<void>((resolve) => (wake = resolve));
		return requests.shift() as Request;
	};
	const control: AppControl = {
		quit: () => push({kind: 'quit'}),
		attach: (key) => push({kind: 'attach', key}),
		notify: (text) => {
			// The bell, and OSC 9 / OSC 777 so the terminal (or tmux around it) shows the words too.
			if (options.bell) port.write(terminalNotification('tutti', text, {insideTmux: Boolean(process.env['TMUX'])}));
			if (options.notify) notifyDesktop('tutti', text);
		},
	};
	const services: AppServices = {store, ui, actions: coreActions(store, {runWorkflow: options.runWorkflow}), control, refs: newViewRefs(), themes: listThemes()};
	store.onAttention((agent) => {
		const text = attentionNotice(agent, ui.getSnapshot());
		if (text !== undefined) control.notify?.(text);
	});

	const mount = () => {
		instance = render(createElement(ServicesProvider, {value: services}, createElement(App, {loadTheme: (name: string) => loadTheme(name), initialTheme: options.theme, onCommit: timing?.onCommit, onKey: timing ? (key) => timing.onKey(key.sequence) : undefined})), {
			stdout: port as unknown as NodeJS.WriteStream,
			stdin,
			stderr: process.stderr,
			exitOnCtrlC: false,
			patchConsole: true,
			// The store batches updates into frames (~33 ms; 250 ms for activity lines). Ink's throttle
			// would only hold back the frame that answers a key, so it just merges commits that land
			// within a few milliseconds of each other.
			maxFps: 120,
			incrementalRendering: true,
			onRender: ({renderTime}) => {
				timing?.onPaint(renderTime);
				if (renderTime > 200) log.warn('slow frame', {ms: Math.round(renderTime)});
			},
		});
	};
	const remount = () => {
		instance?.unmount();
		instance = undefined;
		port.write(sequences.hideCursor + sequences.clearScreen);
		mount();
	};

	// A resize is one clean redraw at the new size (debounced: a drag sends many).
	let resizeTimer: NodeJS.Timeout | undefined;
	const onResize = () => {
		if (resizeTimer) clearTimeout(resizeTimer);
		resizeTimer = setTimeout(() => {
			timing?.mark('resize');
			if (!restored && instance) remount();
		}, 40);
	};
	const onSignal = (signal: NodeJS.Signals) => {
		restore();
		// With the terminal gone (hang-up), node's own exit-time tty reset aborts; end at once.
		if (signal === 'SIGHUP') process.kill(process.pid, 'SIGKILL');
		process.exit(128 + (signal === 'SIGTERM' ? 15 : 2));
	};
	const onCrash = (error: unknown) => {
		restore();
		process.stderr.write(`tt watch crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
		process.exit(1);
	};
	stdout.on('resize', onResize);
	process.on('SIGTERM', onSignal);
	process.on('SIGHUP', onSignal);
	process.on('SIGINT', onSignal);
	process.on('uncaughtException', onCrash);
	process.on('unhandledRejection', onCrash);
	process.on('exit', restore);

	try {
		store.start();
		for (const observer of observers) observer.start().catch((error: unknown) => log.warn('observer start failed', {error: String(error)}));
		takeTerminal();
		mount();
		for (let request = await next(); request.kind === 'attach'; request = await next()) {
			await handOver(request.key);
			if (!restored) mount();
		}
	} finally {
		stdout.off('resize', onResize);
		if (resizeTimer) clearTimeout(resizeTimer);
		restore();
		process.off('SIGTERM', onSignal);
		process.off('SIGHUP', onSignal);
		process.off('SIGINT', onSignal);
		process.off('uncaughtException', onCrash);
		process.off('unhandledRejection', onCrash);
		process.off('exit', restore);
		store.stop();
		await Promise.all(observers.map((observer) => observer.stop().catch(() => undefined)));
	}

	/** Leaves the screen to `tmux attach` and takes it back on detach. */
	async function handOver(key: string): Promise<void> {
		let after: (() => Promise<void>) | undefined;
		let command: 'tmux' | 'ssh';
		let argv: string[];
		let env: NodeJS.ProcessEnv;
		try {
			({command, argv, env, after} = await services.actions.attach(key));
		} catch (error) {
			ui.dispatch({type: 'toast', text: `attach failed: ${errorLine(error)}`, level: 'error', at: Date.now()});
			return;
		}
		instance?.unmount();
		instance = undefined;
		releaseTerminal();
		const result = spawnSync(command, argv, {stdio: 'inherit', env});
		await after?.().catch(() => undefined);
		takeTerminal();
		if (result.error || (result.status ?? 0) !== 0) ui.dispatch({type: 'toast', text: `tmux attach ended: ${result.error?.message ?? `status ${result.status}`}`, level: 'error', at: Date.now()});
	}
}
