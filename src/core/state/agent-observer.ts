import {EventEmitter} from 'node:events';
import {ScreenModel} from '../screen/screen-model.js';
import type {ControlProcess, PaneInfo} from '../tmux/client.js';
import {ControlClient} from '../tmux/control-client.js';
import {activityVerdict, combine, holdable, Hysteresis, quietAfterMs, stalledAfterMs, SupersededErrors, type NativeSignal} from './combine.js';
import {detectFromScreen} from './detect.js';
import {parseOsc7501} from './native-osc.js';
import type {ScreenRule} from './screen-rules.js';
import type {StateVerdict} from './types.js';

export type AgentObserverEvents = {
	/** A reported state change (after hysteresis). */
	state: [verdict: StateVerdict];
	/** The screen changed (for views; coalesced per evaluation). */
	screen: [];
	/** The control client ended (session killed, server gone). */
	detached: [reason: string | undefined];
};

export type AgentObserverOptions = {
	agent: string;
	session: string;
	/** How to start the control client that streams the session (Tmux.controlProcess). */
	control: ControlProcess;
	rules: readonly ScreenRule[];
	/** Delay between output and evaluation, so a burst of output is looked at once. @default 25 */
	settleMs?: number;
	idleDebounceMs?: number;
	/** Working with no output for this long becomes `stalled`. @default 300_000 */
	stalledAfterMs?: number;
};

/**
 * One agent's observation pipeline: its pane's output reaches a screen model — streamed over a
 * control client ({@link start}), or, where no control client can attach, as one capture per
 * poll round ({@link captured}) — and every layer (the pane's life, native signals, the screen
 * rules, the debounce, `stalled`) turns what it sees into state changes, whichever way it came.
 */
export class AgentObserver extends EventEmitter<AgentObserverEvents> {
	readonly agent: string;
	readonly session: string;
	readonly screen: ScreenModel;
	readonly #options: AgentObserverOptions;
	readonly #hysteresis: Hysteresis;
	readonly #superseded = new SupersededErrors();
	#client: ControlClient | undefined;
	#paneId: string | undefined;
	#pane: PaneInfo | undefined;
	#native: NativeSignal | undefined;
	#timer: NodeJS.Timeout | undefined;
	#timerDue = 0;
	#lastOutputAt = Date.now();
	#lastScreen: StateVerdict | undefined;
	/** The launch (pane pid and creation time) this pipeline has seen up — idle, working, asking… */
	#upLaunch: string | undefined;
	#lastCapture: string | undefined;

	constructor(options: AgentObserverOptions) {
		super();
		this.agent = options.agent;
		this.session = options.session;
		this.#options = options;
		this.#hysteresis = new Hysteresis({idleDebounceMs: options.idleDebounceMs});
		this.screen = new ScreenModel(200, 50);
		this.screen.onOsc((code, data) => {
			if (code !== 7501) return;
			const signal = parseOsc7501(data, Date.now());
			// How the CLI itself said the last turn ended (Codex and the demo agent: done or error).
			const raw = /(?:^|:)state=(done|error)(?::|$)/.exec(data)?.[1];
			if (raw === 'done' || raw === 'error') this.#turnEnd = {kind: raw, at: Date.now()};
			if (signal === 'clear') this.#native = undefined;
			else if (signal) this.#native = signal;
		});
	}

	#turnEnd: {kind: 'done' | 'error'; at: number} | undefined;

	/** The CLI's own end-of-turn signal, when it gives one (OSC 7501 `done` / `error`). */
	get turnEnd(): {kind: 'done' | 'error'; at: number} | undefined {
		return this.#turnEnd;
	}

	/** How long idle must hold after working before this pipeline reports it. */
	get idleDebounceMs(): number {
		return this.#hysteresis.idleDebounceMs;
	}

	get verdict(): StateVerdict | undefined {
		return this.#hysteresis.reported;
	}

	/** What the screen rules alone said at the last evaluation (for `tt explain`). */
	get screenVerdict(): StateVerdict | undefined {
		return this.#lastScreen;
	}

	get native(): NativeSignal | undefined {
		return this.#native;
	}

	get connected(): boolean {
		return this.#client !== undefined && !this.#client.closed;
	}

	/** Runs a tmux command over this agent's control client (no process spawned). */
	command(args: readonly string[]): Promise<string[]> {
		if (!this.#client) return Promise.reject(new Error('not attached'));
		return this.#client.command(args);
	}

	/** Attaches the control client, seeds the screen from `capture-pane -e`, starts streaming. */
	async start(pane?: PaneInfo): Promise<void> {
		this.#pane = pane;
		const client = await ControlClient.attach({session: this.session, process: this.#options.control});
		this.#client = client;
		client.on('output', (pane, data) => {
			if (pane !== this.#paneId) return;
			this.#lastOutputAt = Date.now();
			this.screen.feed(data);
			this.#schedule(this.#options.settleMs ?? 25);
		});
		client.on('exit', (reason) => this.emit('detached', reason));
		// A resize must reach the screen model before the output drawn for the new size.
		client.on('notification', (name) => {
			if (name === 'layout-change' || name === 'window-pane-changed' || name === 'session-window-changed') void this.#syncSize();
		});
		const [info] = await client.command(['display-message', '-p', '-t', `=${this.session}:`, '#{pane_id}\t#{pane_width}\t#{pane_height}\t#{cursor_x}\t#{cursor_y}\t#{pane_title}']);
		const [paneId = '', width, height, cursorX, cursorY, ...title] = (info ?? '').split('\t');
		this.#paneId = paneId;
		this.screen.resize(Number(width) || 200, Number(height) || 50);
		const captured = await client.command(['capture-pane', '-p', '-e', '-t', paneId]);
		await this.screen.seed(captured.join('\n'), {x: Number(cursorX) || 0, y: Number(cursorY) || 0}, title.join('\t'));
		this.evaluate();
	}

	async #syncSize(): Promise<void> {
		if (!this.#paneId || !this.#client) return;
		const [line] = await this.#client.command(['display-message', '-p', '-t', this.#paneId, '#{pane_width}\t#{pane_height}']).catch(() => [] as string[]);
		const [width, height] = (line ?? '').split('\t').map(Number);
		if (width && height) this.screen.resize(width, height);
	}

	/**
	 * The polling transport: the pane's text from this round's capture. A capture that differs from
	 * the last one counts as output (for `stalled`); the screen model is redrawn from it.
	 */
	async captured(text: string, pane: PaneInfo | undefined): Promise<void> {
		if (pane) this.#pane = pane;
		if (pane && (pane.width !== this.screen.cols || pane.height !== this.screen.rows)) this.screen.resize(pane.width, pane.height);
		if (text !== this.#lastCapture) {
			this.#lastCapture = text;
			this.#lastOutputAt = Date.now();
			await this.screen.seed(text, {x: 0, y: 0}, pane?.title);
		}
		// The title can change while the screen stays the same (a turn ends on an unchanged screen,
		// or the listing that came with the last capture was older than it): take this round's.
		if (pane) this.screen.setTitle(pane.title);
		this.evaluate();
	}

	/** Pane facts from the workspace poll (life, size); re-evaluates when they change. */
	updatePane(pane: PaneInfo | undefined): void {
		const changed = pane?.dead !== this.#pane?.dead || pane?.width !== this.#pane?.width || pane?.height !== this.#pane?.height || pane === undefined;
		this.#pane = pane;
		if (pane && (pane.width !== this.screen.cols || pane.height !== this.screen.rows)) this.screen.resize(pane.width, pane.height);
		if (changed) this.evaluate();
	}

	/**
	 * A native signal from outside the stream (hooks, status files); `undefined` clears it. An
	 * older signal than the one held is ignored (hooks and status files can arrive out of order).
	 */
	signal(signal: NativeSignal | undefined, at = Date.now()): void {
		if (signal && this.#native && signal.at < this.#native.at) return;
		if (!signal && this.#native && at < this.#native.at) return;
		this.#native = signal;
		this.evaluate();
	}

	/** Looks at the screen now and reports a change if there is one. */
	evaluate(now = Date.now()): void {
		const snapshot = this.screen.snapshot();
		const pane = this.#pane ?? (this.connected ? syntheticPane(this.session, snapshot.title) : undefined);
		const launch = pane?.pid === undefined ? undefined : `${pane.pid}@${pane.createdAt ?? ''}`;
		let screen = detectFromScreen({pane: pane ? {...pane, title: snapshot.title || pane.title} : undefined, lines: snapshot.lines, rules: this.#options.rules, now});
		// "Launched moments ago" is what a young pane no rule matches says. Once this very launch has
		// been seen up (a first prompt can come seconds after it), such a frame is an unknown one, held
		// like any other. Keyed by the launch, not the pipeline: a session restarted under the same
		// pipeline is starting again until its new CLI shows itself.
		if (screen.rule === 'session.recent' && launch !== undefined && launch === this.#upLaunch) screen = {state: 'unknown', source: 'none', rule: undefined, detail: 'no rule matched the screen'};
		// Up: its own screen matched a rule of a running CLI (not a signal left from an earlier launch).
		if (holdable.has(screen.state)) this.#upLaunch = launch;
		this.#lastScreen = screen;
		// An old error box redrawn after the agent moved on is not news (see SupersededErrors).
		let verdict = this.#superseded.stale(screen) ? (this.#native ? combine({...screen, state: 'unknown'}, this.#native) : (this.#hysteresis.reported ?? screen)) : combine(screen, this.#native);
		if (this.#options.rules.length === 0) {
			verdict = activityVerdict(verdict, this.#lastOutputAt, now);
			// Look again when the output would have been quiet long enough.
			if (verdict.rule === 'activity.output') this.#schedule(this.#lastOutputAt + quietAfterMs - now + 5);
		}
		const stalledAfter = this.#options.stalledAfterMs ?? stalledAfterMs;
		if (verdict.state === 'working' && now - this.#lastOutputAt > stalledAfter) {
			verdict = {state: 'stalled', source: 'hysteresis', rule: 'no-output', detail: `no output for ${Math.round((now - this.#lastOutputAt) / 1000)} s while working`};
		}
		const before = this.#hysteresis.reported;
		const {report, recheckAt} = this.#hysteresis.offer(verdict, now);
		if (report) this.#superseded.reported(before, report);

		if (recheckAt !== undefined) this.#schedule(recheckAt - now + 5);
		// A frozen agent prints nothing, so nothing else would look again: look when it would stall.
		else if (verdict.state === 'working') this.#schedule(this.#lastOutputAt + stalledAfter - now + 5);
		this.emit('screen');
		if (report) this.emit('state', report);
	}

	/** Evaluates after `delayMs`, or sooner when a look is already due sooner (one timer). */
	#schedule(delayMs: number): void {
		const due = Date.now() + Math.max(0, delayMs);
		if (this.#timer && this.#timerDue <= due) return;
		if (this.#timer) clearTimeout(this.#timer);
		this.#timerDue = due;
		this.#timer = setTimeout(() => {
			this.#timer = undefined;
			void this.screen.drain().then(() => this.evaluate());
		}, Math.max(0, delayMs));
	}

	async stop(): Promise<void> {
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = undefined;
		await this.#client?.close();
		this.#client = undefined;
		this.screen.dispose();
	}
}

function syntheticPane(session: string, title: string): PaneInfo {
	return {session, paneId: '', pid: undefined, dead: false, deadStatus: undefined, deadSignal: undefined, title, width: 0, height: 0, currentCommand: '', createdAt: undefined};
}
