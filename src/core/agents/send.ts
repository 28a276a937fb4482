import {setTimeout as delay} from 'node:timers/promises';
import {findAgent, type AgentConfig} from '../config/index.js';
import {TuttiError} from '../errors.js';
import type {AgentState, StateVerdict} from '../state/types.js';
import type {WorkspaceContext} from './context.js';
import {paneDelta} from './delta.js';
import {observeAgent, recordObservation, screenLines} from './observe.js';
import {upAgents} from './up.js';

export type SendOptions = {
	/** Start the agent first when it is not running. */
	autoUp?: boolean;
	/** Wait until the agent has finished the turn. */
	wait?: boolean;
	/** @default 900_000 */
	timeoutMs?: number;
	/** How long idle must hold after activity before the turn counts as done. @default 1_500 */
	idleStableMs?: number;
	/** Return the text the pane gained (implies waiting when `wait` is set, else a short settle). */
	output?: boolean;
};

export type SendResult = {
	workspace: string;
	agent: string;
	session: string;
	started: boolean;
	waited: boolean;
	completion_source: string | null;
	completion_detail: string | null;
	state: AgentState;
	captured_output: string | null;
};

/** States in which a turn cannot go on without a human. */
const blockingStates: ReadonlySet<AgentState> = new Set(['needs_input', 'auth_failed', 'rate_limited', 'provider_down', 'stopped']);

export async function sendPrompt(ctx: WorkspaceContext, agentName: string, text: string, options: SendOptions = {}): Promise<SendResult> {
	const agent = findAgent(ctx.config, agentName);
	const prompt = text.replace(/[\r\n]+$/, '');
	if (prompt.trim() === '') throw new TuttiError('ERR_USAGE', 'the prompt is empty', {hint: 'Give the text to send, e.g. tt send implementer "add a test for parse()"'});
	const session = ctx.sessionOf(agent.name);
	let started = false;
	const pane = await ctx.services.tmux.paneInfo(session);
	if (!pane || pane.dead) {
		if (!options.autoUp) {
			const why = pane?.dead ? `has exited${pane.deadStatus === undefined ? '' : ` (status ${pane.deadStatus})`}` : 'is not running';
			throw new TuttiError('ERR_AGENT_NOT_RUNNING', `agent "${agent.name}" ${why}`, {hint: `Start it first: tt up ${agent.name} (or pass --auto-up)`});
		}
		const [result] = await upAgents(ctx, {agents: [agent.name]});
		if (result?.error) throw result.error;
		started = true;
		await waitUntilReady(ctx, agent, 45_000);
	}
	const before = options.output ? await captureWithHistory(ctx, session) : undefined;
	await deliverPrompt(ctx, agent, prompt);
	let verdict: StateVerdict | undefined;
	let source: string | null = null;
	let detail: string | null = null;
	if (options.wait) {
		const outcome = await waitForTurn(ctx, agent, {timeoutMs: options.timeoutMs ?? 900_000, idleStableMs: options.idleStableMs ?? 1_500});
		verdict = outcome.verdict;
		source = outcome.source;
		detail = outcome.detail;
	}
	let captured: string | null = null;
	if (before) {
		if (!options.wait) await delay(500);
		captured = paneDelta(before, await captureWithHistory(ctx, session));
		captured = stripEcho(captured, prompt);
	}
	const state = verdict?.state ?? (await observeAgent(ctx, agent)).verdict.state;
	return {workspace: ctx.name, agent: agent.name, session, started, waited: Boolean(options.wait), completion_source: source, completion_detail: detail, state, captured_output: captured};
}

/** Types a prompt into the agent's pane literally, then submits it. */
export async function deliverPrompt(ctx: WorkspaceContext, agent: AgentConfig, prompt: string): Promise<void> {
	const adapter = ctx.adapterFor(agent);
	const session = ctx.sessionOf(agent.name);
	const multiLine = prompt.includes('\n');
	await ctx.services.tmux.pasteText(session, prompt, {bracketed: multiLine});
	if (adapter.submit.enterDelayMs > 0) await delay(adapter.submit.enterDelayMs);
	const enters = multiLine ? adapter.submit.multiLineEnters : 1;
	await ctx.services.tmux.sendKeys(session, Array.from({length: enters}, () => 'Enter'));
	ctx.emit('agent.prompt_sent', agent.name, {chars: prompt.length, lines: prompt.split('\n').length});
}

/** Waits until a freshly started agent shows its prompt (or times out quietly: the caller decides). */
export async function waitUntilReady(ctx: WorkspaceContext, agent: AgentConfig, timeoutMs: number): Promise<StateVerdict> {
	const deadline = Date.now() + timeoutMs;
	let verdict: StateVerdict = {state: 'unknown', source: 'none', rule: undefined, detail: undefined};
	let idleSince: number | undefined;
	while (Date.now() < deadline) {
		verdict = (await observeAgent(ctx, agent)).verdict;
		if (verdict.state === 'stopped') throw new TuttiError('ERR_AGENT_EXITED', `agent "${agent.name}" exited while starting (${verdict.detail ?? 'no status'})`, {hint: `See its output: tt logs ${agent.name}`});
		if (verdict.state === 'auth_failed') throw new TuttiError('ERR_AGENT_EXITED', `agent "${agent.name}" cannot authenticate: ${verdict.detail ?? ''}`, {hint: 'Log in to the CLI (run it once by hand), then try again.'});
		if (verdict.state === 'idle' || verdict.state === 'needs_input') {
			idleSince ??= Date.now();
			// A prompt box can flash before the CLI takes input; require it to hold briefly.
			if (Date.now() - idleSince >= 500 || verdict.state === 'needs_input') return verdict;
		} else {
			idleSince = undefined;
		}
		await delay(150);
	}
	return verdict;
}

export type TurnOutcome = {verdict: StateVerdict; source: string; detail: string};

/**
 * Waits for the turn started by a prompt to end: the agent must show activity (working) and then
 * be idle for `idleStableMs`, or reach a state that needs a human. An agent that answers faster
 * than one poll is caught by the idle-after-grace rule.
 */
export async function waitForTurn(ctx: WorkspaceContext, agent: AgentConfig, options: {timeoutMs: number; idleStableMs: number; graceMs?: number}): Promise<TurnOutcome> {
	const started = Date.now();
	const deadline = started + options.timeoutMs;
	const grace = options.graceMs ?? 3_000;
	let sawActivity = false;
	let idleSince: number | undefined;
	let previousScreen = '';
	while (Date.now() < deadline) {
		const observation = await observeAgent(ctx, agent);
		const {verdict} = observation;
		recordObservation(ctx, agent.name, verdict);
		const screen = observation.lines.join('\n');
		if (verdict.state === 'working') sawActivity = true;
		if (blockingStates.has(verdict.state) && (sawActivity || Date.now() - started > 1_000)) {
			if (verdict.state === 'stopped') throw new TuttiError('ERR_AGENT_EXITED', `agent "${agent.name}" exited during the turn (${verdict.detail ?? 'no status'})`, {hint: `See its output: tt logs ${agent.name}`});
			return {verdict, source: 'state', detail: `${verdict.state}${verdict.rule ? ` (${verdict.rule})` : ''}`};
		}
		if (verdict.state === 'idle') {
			if (previousScreen !== '' && screen !== previousScreen) idleSince = Date.now();
			idleSince ??= Date.now();
			const stableFor = Date.now() - idleSince;
			if (sawActivity && stableFor >= options.idleStableMs) return {verdict, source: 'idle_after_activity', detail: `idle for ${stableFor} ms after working`};
			if (!sawActivity && Date.now() - started >= grace && stableFor >= options.idleStableMs) return {verdict, source: 'idle_after_grace', detail: 'no busy screen was seen; idle after the start-up grace'};
		} else {
			idleSince = undefined;
		}
		previousScreen = screen;
		await delay(150);
	}
	throw new TuttiError('ERR_TIMEOUT', `agent "${agent.name}" did not finish within ${Math.round(options.timeoutMs / 1000)} s`, {hint: `Look at it: tt peek ${agent.name}; wait longer with --timeout-secs`});
}

async function captureWithHistory(ctx: WorkspaceContext, session: string): Promise<string[]> {
	return screenLines(await ctx.services.tmux.capturePane(session, {history: 3000}));
}

/** Drops the echo of the prompt itself from the front of the captured reply. */
function stripEcho(captured: string, prompt: string): string {
	const lines = captured.split('\n');
	const first = prompt.split('\n')[0]?.trim() ?? '';
	const index = lines.findIndex((line) => first !== '' && line.includes(first.slice(0, 60)));
	if (index >= 0 && index < 3) {
		const promptLines = prompt.split('\n').length;
		return lines.slice(index + promptLines).join('\n').replace(/^\n+/, '');
	}
	return captured;
}
