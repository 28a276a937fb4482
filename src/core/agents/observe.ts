import {statSync} from 'node:fs';
import {hostOutageOf, unreachableVerdict} from '../hosts/host-tmux.js';
import {setTimeout as delay} from 'node:timers/promises';
import path from 'node:path';
import type {AgentConfig} from '../config/index.js';
import {activityVerdict, combine, stalledAfterMs} from '../state/combine.js';
import {detectFromScreen} from '../state/detect.js';
import {statusSignal, latestHookSignal, newest} from '../state/native-sources.js';
import type {StateVerdict} from '../state/types.js';
import {present} from '../store/presence.js';
import type {AgentStateRow, StoredEvent} from '../store/store.js';
import {log} from '../log.js';
import type {PaneInfo} from '../tmux/client.js';
import type {WorkspaceContext} from './context.js';

export type Observation = {
	pane: PaneInfo | undefined;
	/** Visible screen rows, trailing spaces trimmed. */
	lines: string[];
	verdict: StateVerdict;
};

/** Splits captured pane text into rows without trailing blanks. */
export function screenLines(captured: string): string[] {
	const lines = captured.replace(/\n$/, '').split('\n').map((line) => line.trimEnd());
	return lines;
}

/**
 * Looks at a pane every `pollMs` until `done` holds for its rows (returning them) or `withinMs`
 * has passed (undefined): how prompt delivery and dialog answers check what the CLI did.
 */
export async function screenUntil(ctx: WorkspaceContext, session: string, done: (lines: string[]) => boolean, withinMs: number, pollMs = 40): Promise<string[] | undefined> {
	const deadline = Date.now() + withinMs;
	for (;;) {
		const lines = screenLines(await ctx.services.tmux.capturePane(session));
		if (done(lines)) return lines;
		if (Date.now() > deadline) return undefined;
		await delay(pollMs);
	}
}

/** What an agent is doing right now, from one look at its pane (used when no observer streams it). */
export async function observeAgent(ctx: WorkspaceContext, agent: AgentConfig, knownPane?: PaneInfo | null): Promise<Observation> {
	const session = ctx.sessionOf(agent.name);
	const pane = knownPane === null ? undefined : (knownPane ?? (await ctx.services.tmux.paneInfo(session)));
	let lines: string[] = [];
	if (pane && !pane.dead) {
		try {
			lines = screenLines(await ctx.services.tmux.capturePane(session));
		} catch {
			// The pane vanished between the two calls; detection below reports what is known.
		}
	}
	const verdict = detectFromScreen({pane, lines, rules: ctx.rulesFor(agent)});
	return {pane, lines, verdict};
}

/** Records the observed state in the store (one event per change, shared by every tutti process). */
export function recordObservation(ctx: WorkspaceContext, agent: string, verdict: StateVerdict): StoredEvent | undefined {
	return ctx.store.recordState(ctx.name, agent, {
		state: verdict.state,
		source: verdict.source,
		rule: verdict.rule,
		detail: verdict.detail,
		data: verdict.exitStatus === undefined ? {} : {exit_status: verdict.exitStatus},
	});
}

/** When the pane last printed anything: the recorded output log's last write. */
export function lastOutputAt(ctx: WorkspaceContext, agent: string): Date | undefined {
	try {
		return statSync(path.join(ctx.paths.logs, `${agent}.log`)).mtime;
	} catch {
		return undefined;
	}
}

export type CurrentVerdict = Observation & {
	/** What the screen alone says (the pane's life and the screen rules). */
	screen: StateVerdict;
	/** The recorder (`<host>:<pid>` of `tt watch` or `tt serve`) whose verdict this is, if one runs. */
	recorder: string | undefined;
};

/** What the store says about who records and what was recorded: read once for a whole workspace. */
export type Recorded = {recorder: string | undefined; states: ReadonlyMap<string, AgentStateRow>};

export function recordedState(ctx: WorkspaceContext): Recorded {
	return {recorder: present(ctx.store, 'recorder')[0]?.owner, states: ctx.store.agentStates()};
}

/**
 * The state every one-shot command reports (`tt status`, `tt health`, `tt explain`, the server
 * without a recorder). While a recorder streams the workspace, its recorded verdict is the truth
 * — it has seen every frame, the debounce and the native signals — and nothing here writes over
 * it; only the pane's life, which is certain, is taken at once. With no recorder, the same layers
 * are applied to one look: the screen rules, the latest native signal of this session, the
 * stalled rule; and the result is recorded.
 */
export async function currentVerdict(ctx: WorkspaceContext, agent: AgentConfig, knownPane?: PaneInfo | null, known: Recorded = recordedState(ctx)): Promise<CurrentVerdict> {
	// A host that did not answer the listing: nothing there can be looked at, and the last known
	// state would be a guess. Its agents read `unreachable` (they may well run on) until it answers.
	const outage = hostOutageOf(ctx.services.tmux, ctx.sessionOf(agent.name));
	if (outage) {
		const verdict = unreachableVerdict(outage);
		if (known.recorder === undefined) recordObservation(ctx, agent.name, verdict);
		return {pane: undefined, lines: [], verdict, screen: verdict, recorder: known.recorder};
	}
	const observation = await observeAgent(ctx, agent, knownPane);
	const screen = observation.verdict;
	const alive = Boolean(observation.pane && !observation.pane.dead);
	let verdict = screen;
	if (alive) {
		const sessionStart = (observation.pane?.createdAt ?? 0) * 1000;
		verdict = combine(screen, newest(latestHookSignal(ctx.paths.state, agent.name, sessionStart), statusSignal(ctx, agent)));
		const outputAt = lastOutputAt(ctx, agent.name);
		if (ctx.rulesFor(agent).length === 0 && outputAt) verdict = activityVerdict(verdict, outputAt.getTime(), Date.now());
		if (verdict.state === 'working' && outputAt && Date.now() - outputAt.getTime() > stalledAfterMs) {
			verdict = {state: 'stalled', source: 'hysteresis', rule: 'no-output', detail: `working, but no output since ${outputAt.toISOString()}`};
		}
	}
	const {recorder} = known;
	if (recorder === undefined) {
		const recordedNow = recordObservation(ctx, agent.name, verdict);
		// With no recorder running, this look is the one that saw the login fail (as `tt status` does in the reference).
		if (recordedNow && verdict.state === 'auth_failed') await writeEmergencyPacket(ctx, agent.name);
		return {...observation, verdict, screen, recorder};
	}
	const recorded = known.states.get(agent.name);
	// A recorder that has not attached to a just-started agent yet still says `stopped`: the live
	// pane is the better word until it catches up (within its poll).
	if (alive && recorded && recorded.state !== 'stopped') {
		verdict = {state: recorded.state as StateVerdict['state'], source: (recorded.source ?? 'none') as StateVerdict['source'], rule: recorded.rule ?? undefined, detail: recorded.detail ?? undefined};
	}
	return {...observation, verdict, screen, recorder};
}

/** The emergency handoff packet of an agent whose login failed; a failure to write it is logged, not thrown. */
async function writeEmergencyPacket(ctx: WorkspaceContext, agent: string): Promise<void> {
	try {
		// Loaded only here: the packet gathers git facts and logs that a plain look does not need.
		const {emergencyHandoff} = await import('../handoff/auto.js');
		await emergencyHandoff(ctx, agent);
	} catch (error) {
		log.warn('could not write the emergency handoff packet', {agent, error: String(error)});
	}
}
