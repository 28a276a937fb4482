import {setTimeout as delay} from 'node:timers/promises';
import {findAgent} from '../config/resolve.js';
import type {AgentConfig} from '../config/index.js';
import {checkBudget} from '../budget/guard.js';
import {TuttiError} from '../errors.js';
import type {AgentState, StateVerdict} from '../state/types.js';
import type {WorkspaceContext} from './context.js';
import {typePrompt, type TypeHooks, type Typed} from './deliver.js';
import {paneDelta} from './delta.js';
import {observeAgent, screenLines} from './observe.js';
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
	/** The screen showed the prompt arrive and Enter taken (false: it could not be checked). */
	confirmed: boolean;
	/** `[budget]` caps near or past their limit (core/budget). */
	warnings: string[];
};

export async function sendPrompt(ctx: WorkspaceContext, agentName: string, text: string, options: SendOptions = {}): Promise<SendResult> {
	const agent = findAgent(ctx.config, agentName);
	const prompt = text.replace(/[\r\n]+$/, '');
	if (prompt.trim() === '') throw new TuttiError('ERR_USAGE', 'the prompt is empty', {hint: 'Give the text to send, e.g. tt send implementer "add a test for parse()"'});
	// Every surface's send comes here (CLI, tt watch, the API, webhooks, reviews): one budget check.
	const warnings = await checkBudget(ctx, {action: 'send', agents: [agent.name]});
	const session = ctx.sessionOf(agent.name);
	let started = false;
	const pane = await ctx.services.tmux.paneInfo(session);
	if (!pane || pane.dead) {
		if (!options.autoUp) {
			const why = pane?.dead ? `has exited${pane.deadStatus === undefined ? '' : ` (status ${pane.deadStatus})`}` : 'is not running';
			throw new TuttiError('ERR_AGENT_NOT_RUNNING', `agent "${agent.name}" ${why}`, {hint: `Start it first: tt up ${agent.name} (or pass --auto-up)`, remedy: {action: 'start', agent: agent.name}});
		}
		const [result] = await upAgents(ctx, {agents: [agent.name]});
		if (result?.error) throw result.error;
		started = true;
		await waitUntilReady(ctx, agent, 45_000);
	}
	let verdict: StateVerdict | undefined;
	let source: string | null = null;
	let detail: string | null = null;
	let captured: string | null = null;
	let typed: Typed | undefined;
	const deliver = async () => {
		typed = await deliverPrompt(ctx, agent, prompt);
	};
	if (options.wait) {
		// The streaming observer (xterm) loads only when a turn is followed.
		const {runTurn} = await import('./turn.js');
		const outcome = await runTurn(ctx, agent, deliver, {timeoutMs: options.timeoutMs ?? 900_000, idleStableMs: options.idleStableMs ?? 1_000});
		if (outcome.verdict.state === 'stopped') throw new TuttiError('ERR_AGENT_EXITED', `agent "${agent.name}" exited during the turn (${outcome.verdict.detail ?? 'no status'})`, {hint: `See its output: tt logs ${agent.name}`, remedy: {action: 'inspect', agent: agent.name}});
		verdict = outcome.verdict;
		source = outcome.source;
		detail = outcome.detail;
		if (options.output) captured = stripEcho(outcome.output, prompt);
	} else {
		const before = options.output ? await captureWithHistory(ctx, session) : undefined;
		await deliver();
		if (before) {
			await delay(500);
			captured = stripEcho(paneDelta(before, await captureWithHistory(ctx, session)), prompt);
		}
	}
	const state = verdict?.state ?? (await observeAgent(ctx, agent)).verdict.state;
	return {workspace: ctx.name, agent: agent.name, session, started, waited: Boolean(options.wait), completion_source: source, completion_detail: detail, state, captured_output: captured, confirmed: typed?.confirmed ?? false, warnings};
}

/**
 * Types a prompt into the agent's pane (see {@link typePrompt}), then records it; `messages`:
 * the mailbox rows it carries, named in the `agent.prompt_sent` event. `afterSubmit` runs between
 * the submit and the record (the mailbox's crash point).
 */
export async function deliverPrompt(ctx: WorkspaceContext, agent: AgentConfig, prompt: string, options: TypeHooks & {messages?: number[]; afterSubmit?: () => void} = {}): Promise<Typed> {
	const {messages, afterSubmit, ...hooks} = options;
	const typed = await typePrompt(ctx, agent, prompt, hooks);
	afterSubmit?.();
	ctx.emit('agent.prompt_sent', agent.name, messages ? {...typed, messages} : typed);
	return typed;
}

/** Waits until a freshly started agent shows its prompt (or times out quietly: the caller decides). */
export async function waitUntilReady(ctx: WorkspaceContext, agent: AgentConfig, timeoutMs: number): Promise<StateVerdict> {
	const deadline = Date.now() + timeoutMs;
	let verdict: StateVerdict = {state: 'unknown', source: 'none', rule: undefined, detail: undefined};
	let idleSince: number | undefined;
	while (Date.now() < deadline) {
		verdict = (await observeAgent(ctx, agent)).verdict;
		if (verdict.state === 'stopped') throw new TuttiError('ERR_AGENT_EXITED', `agent "${agent.name}" exited while starting (${verdict.detail ?? 'no status'})`, {hint: `See its output: tt logs ${agent.name}`, remedy: {action: 'inspect', agent: agent.name}});
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
