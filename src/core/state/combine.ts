import type {AgentState, StateVerdict} from './types.js';

/** Working with no output for this long is `stalled`. */
export const stalledAfterMs = 300_000;

/** How long a CLI without screen rules must print nothing to count as idle. */
export const quietAfterMs = 3000;

/**
 * A CLI tutti has no screen rules for (a custom command without `[agent.screen]`) would stay
 * `unknown` forever; its output is all there is to go on: working while it flows, idle once it
 * has been quiet for {@link quietAfterMs}. Only `unknown` and `starting` verdicts are replaced.
 */
export function activityVerdict(screen: StateVerdict, lastOutputAt: number, now: number): StateVerdict {
	// `starting` too: it is only a guess from the session's age, and output says more.
	if (screen.state !== 'unknown' && screen.state !== 'starting') return screen;
	const quietFor = now - lastOutputAt;
	return quietFor < quietAfterMs
		? {state: 'working', source: 'activity', rule: 'activity.output', detail: 'no screen rules for this CLI; its output is flowing'}
		: {state: 'idle', source: 'activity', rule: 'activity.quiet', detail: `no screen rules for this CLI; no output for ${Math.round(quietFor / 1000)} s`};
}

/**
 * A native signal: the CLI itself said what state it is in (hook, status file, OSC 7501).
 * `endsTurn`: it said only that its turn ended; the screen says what it ended in.
 */
export type NativeSignal = {state: AgentState; rule: string; detail?: string | undefined; at: number; endsTurn?: boolean};

/** Screen states that show on the live region only when they are current: they beat busy/idle. */
const screenFirst: ReadonlySet<AgentState> = new Set(['needs_input', 'auth_failed', 'rate_limited', 'provider_down']);

/**
 * Layers, strongest first: the pane's life (a dead pane is stopped whatever was said before),
 * dialogs and final errors on the live region (native signals have gaps: a rejected approval or
 * an interrupt fires no hook), then the CLI's own signal, then the screen rules.
 */
export function combine(screen: StateVerdict, native: NativeSignal | undefined): StateVerdict {
	if (screen.state === 'stopped') return screen;
	if (screenFirst.has(screen.state)) return screen;
	// The turn is over by the CLI's own word: an idle screen is that end (no debounce needed, the
	// source says native); a screen still drawing the turn says working until it catches up.
	if (native?.endsTurn) return screen.state === 'idle' ? {state: 'idle', source: 'native', rule: native.rule, detail: native.detail} : screen;
	if (native) return {state: native.state, source: 'native', rule: native.rule, detail: native.detail};
	return screen;
}

export type HysteresisOptions = {
	/** How long idle must hold after working before it is reported. @default 1000 */
	idleDebounceMs: number;
	/**
	 * How long `unknown` may last after a known state before it is reported. @default 1000
	 */
	unknownHoldMs: number;
};

/** States an `unknown` frame can sit between; `starting` and `stopped` are not held over. */
/** States a CLI shows once it is up (a verdict in one of them holds over a brief unknown frame). */
export const holdable: ReadonlySet<AgentState> = new Set(['idle', 'working', 'needs_input', 'auth_failed', 'rate_limited', 'provider_down']);

/**
 * Debounces the busy→idle edge seen on the screen (CLIs flash their prompt box between tool
 * calls), and holds the last known state over a brief `unknown`: a CLI that switches views
 * (opencode's first prompt, about 0.5 s) or redraws its status row (OpenClaw) shows a frame no
 * rule matches between two known states, which says nothing about the agent. An `unknown` that
 * outlasts the hold is reported. Every other change — and an idle the CLI signals itself — is
 * reported at once, so dialogs, errors and ends of turns are never late.
 */
export class Hysteresis {
	#reported: StateVerdict | undefined;
	#idleSince: number | undefined;
	#unknownSince: number | undefined;
	readonly #options: HysteresisOptions;

	constructor(options: Partial<HysteresisOptions> = {}) {
		this.#options = {idleDebounceMs: options.idleDebounceMs ?? 1000, unknownHoldMs: options.unknownHoldMs ?? 1000};
	}

	get reported(): StateVerdict | undefined {
		return this.#reported;
	}

	get idleDebounceMs(): number {
		return this.#options.idleDebounceMs;
	}

	/**
	 * Offers the latest combined verdict; returns the verdict to report now (when it differs from
	 * the last one reported), and the time at which to look again when an idle edge is pending.
	 */
	offer(verdict: StateVerdict, now: number): {report: StateVerdict | undefined; recheckAt: number | undefined} {
		const previous = this.#reported;
		if (verdict.state === 'unknown' && previous && holdable.has(previous.state)) {
			this.#unknownSince ??= now;
			const due = this.#unknownSince + this.#options.unknownHoldMs;
			// A pending idle edge keeps its own start: the frames around it decide.
			if (now < due) return {report: undefined, recheckAt: due};
		} else {
			this.#unknownSince = undefined;
		}
		// Only the screen's word is debounced: when the CLI itself says its turn ended (a Stop hook,
		// OSC 7501 done, Claude's status file), idle is reported at once.
		if (previous?.state === 'working' && verdict.state === 'idle' && verdict.source !== 'native') {
			this.#idleSince ??= now;
			const due = this.#idleSince + this.#options.idleDebounceMs;
			if (now < due) return {report: undefined, recheckAt: due};
		} else {
			this.#idleSince = undefined;
		}
		this.#idleSince = verdict.state === 'idle' ? this.#idleSince : undefined;
		if (previous && previous.state === verdict.state) {
			this.#reported = verdict;
			return {report: undefined, recheckAt: undefined};
		}
		this.#reported = verdict;
		this.#idleSince = undefined;
		return {report: verdict, recheckAt: undefined};
	}
}

const errorStates: ReadonlySet<AgentState> = new Set(['auth_failed', 'rate_limited', 'provider_down']);

/**
 * Remembers an error the agent has moved on from within a turn. CLIs keep an old error box on
 * screen after they are ready again; any redraw (a keystroke, a paste) would otherwise show the
 * same old line on the live region and flip the agent back to the error for a moment. An error
 * that was superseded stays superseded until the next turn starts (working): a new error in a
 * new turn is reported as usual.
 */
export class SupersededErrors {
	#superseded: {state: AgentState; detail: string | undefined} | undefined;

	/** Whether this screen verdict is an error the agent already moved on from. */
	stale(screen: StateVerdict): boolean {
		return this.#superseded !== undefined && screen.state === this.#superseded.state && screen.detail === this.#superseded.detail;
	}

	/** Follows what was reported: leaving an error supersedes it; a new turn forgets it. */
	reported(previous: StateVerdict | undefined, next: StateVerdict): void {
		if (next.state === 'working' || next.state === 'starting' || next.state === 'stopped') this.#superseded = undefined;
		else if (previous && errorStates.has(previous.state) && !errorStates.has(next.state)) this.#superseded = {state: previous.state, detail: previous.detail};
	}
}
