import type {AgentConfig} from '../config/index.js';
import {observeAgent, screenLines} from '../agents/observe.js';
import {typePrompt} from '../agents/deliver.js';
import {TuttiError} from '../errors.js';
import {neutralizePrompt} from '../prompt-text.js';
import type {StepContext} from './step-context.js';
import {transcriptEvidence} from './transcripts.js';

/**
 * Exactly-once prompts. A prompt's delivery is an effect of its step, recorded as `intent`
 * (with the store's last event id and the time) before anything is typed and as `done` right
 * after Enter. When a process dies in between, the next one (`tt run --resume`) decides from
 * evidence, strongest first:
 * 1. the `agent.prompt_sent` event written right after Enter, with the prompt's length, after the
 *    recorded event id — the prompt was submitted;
 * 2. the agent's own session log (the demo agent and Claude Code write Claude-format JSONL): a user
 *    turn with exactly this text since the intent — submitted (and, if a reply follows, answered);
 * 3. the text sitting in the last rows the agent drew, with no evidence of submission — typed
 *    but never submitted;
 * otherwise it never reached the agent. In both of the last cases the input line is cleared
 * (Ctrl-U, harmless when empty) and the prompt is typed and submitted again.
 */
export type DeliveryState =
	| {kind: 'done'; answered: boolean}
	| {kind: 'fresh'}
	/** Typed before a crash, never submitted: clear the input, then deliver. */
	| {kind: 'typed'}
	| {kind: 'lost'};

/**
 * The text a workflow types, as the agent will receive it: neutralised (no control characters,
 * see neutralizePrompt) and without trailing newlines, which would submit early (as `tt send`).
 * Evidence of delivery (events, transcripts, the screen) is compared against this text.
 */
export function promptText(text: string): string {
	return neutralizePrompt(text).text.replace(/\n+$/, '');
}

export async function deliveryState(sc: StepContext, agent: AgentConfig, workdir: string, text: string, name: string): Promise<DeliveryState> {
	const effect = sc.effect(name);
	if (!effect) return {kind: 'fresh'};
	const sinceMs = Date.parse(effect.created_at);
	if (effect.state === 'done') return {kind: 'done', answered: transcriptEvidence(sc.ctx, agent, workdir, text, sinceMs).answered};
	const cursor = Number(effect.data['event_cursor'] ?? 0);
	const sent = sc.ctx.store
		.eventsAfter(cursor, {agent: agent.name, limit: 10_000})
		.some((event) => event.event === 'agent.prompt_sent' && event.data?.['chars'] === text.length && event.data['run_id'] === sc.run.runId && event.data['step_index'] === sc.step.index);
	const transcript = transcriptEvidence(sc.ctx, agent, workdir, text, sinceMs);
	if (sent || transcript.submitted) {
		sc.mark(name, 'done', {evidence: sent ? 'event' : 'transcript'});
		return {kind: 'done', answered: transcript.answered};
	}
	return (await typedOnScreen(sc, agent, text)) ? {kind: 'typed'} : {kind: 'lost'};
}

/** Whether the start of `text` shows in the bottom rows of the agent's screen (its input box). */
async function typedOnScreen(sc: StepContext, agent: AgentConfig, text: string): Promise<boolean> {
	try {
		const lines = screenLines(await sc.ctx.services.tmux.capturePane(sc.ctx.sessionOf(agent.name)));
		const squash = (value: string) => value.replace(/[\s│╭╮╰╯─❯›>]+/g, '');
		// The input box is the last thing drawn, wherever it sits (a short transcript leaves it near the top).
		const drawn = lines.filter((line) => line.trim() !== '');
		const screen = squash(drawn.slice(-15).join(''));
		const start = squash(text).slice(0, 40);
		return start !== '' && screen.includes(start);
	} catch {
		return false;
	}
}

/**
 * Types and submits the prompt, recording the intent first and `done` after: the only place a
 * workflow types into an agent. Emits `agent.prompt_sent` like `tt send`.
 */
export async function deliver(sc: StepContext, agent: AgentConfig, text: string, name: string, state: DeliveryState): Promise<void> {
	if (state.kind === 'done') return;
	const {ctx} = sc;
	// Text typed into a question or a trust dialog would answer it: refuse, a human must look.
	const {verdict} = await observeAgent(ctx, agent);
	if (verdict.state === 'needs_input') {
		throw new TuttiError('ERR_AGENT_NOT_RUNNING', `agent "${agent.name}" is waiting for an answer (${verdict.rule ?? verdict.detail ?? 'needs input'}), so the prompt was not typed`, {
			hint: `Answer it (tt attach ${agent.name}), then continue with tt run --resume ${sc.run.runId}`,
		});
	}
	const cursor = ctx.store.lastEvents(1)[0]?.id ?? 0;
	sc.mark(name, 'intent', {agent: agent.name, chars: text.length, event_cursor: cursor});
	// The input line is cleared before every delivery, so text an earlier process typed without
	// submitting is never glued to this prompt.
	const typed = await typePrompt(ctx, agent, text, {afterPaste: () => sc.crash('pasted')});
	sc.emit('agent.prompt_sent', agent.name, typed);
	sc.crash('sent');
	sc.mark(name, 'done', {evidence: 'sent'});
}
