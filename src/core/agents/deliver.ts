import {setTimeout as delay} from 'node:timers/promises';
import type {AgentConfig} from '../config/index.js';
import {TuttiError} from '../errors.js';
import {neutralizePrompt} from '../prompt-text.js';
import {withLease} from '../store/leases.js';
import type {WorkspaceContext} from './context.js';
import {screenLines, screenUntil} from './observe.js';
import {markerRow, promptMarker, stillTyped} from './submit-check.js';

/**
 * What was typed. `confirmed`: the screen showed the text arrive and then move on after Enter;
 * false when the text cannot be recognised on screen (multi-line, very short, or a CLI that
 * does not echo input), so nothing could be checked.
 */
export type Typed = {chars: number; lines: number; neutralized: number; confirmed: boolean};

/** Pause between clearing the input line and pasting, so the CLI has applied the clear. */
const clearSettleMs = 50;
/** How long a clear may take to show when the prompt's text is already on screen. */
const clearShowsWithinMs = 300;
/** How long a paste may take to show before it is typed once more (keys dropped in a redraw). */
const showWithinMs = [1_000, 2_500] as const;
/** How long the screen may stay as the paste left it after Enter before Enter is pressed again. */
const submitWithinMs = [1_500, 5_000] as const;
const pollMs = 40;

export type TypeHooks = {
	/** Runs between paste and Enter (the workflow's crash point). */
	afterPaste?: () => void;
	/**
	 * Runs under the delivery lease with the screen as it is before any key is sent; throwing
	 * sends nothing (the mailbox refuses a dialog or a person's half-typed input here).
	 */
	beforeType?: (lines: string[]) => void | Promise<void>;
};

/**
 * The one place text is typed into an agent's CLI — `tt send`, the API, the TUI and dashboard
 * prompt bars, webhooks, review packets, workflow prompt steps and `initial_prompt` all end here.
 * Under the agent's delivery lease (one at a time across every tutti process, so concurrent
 * prompts never interleave), it clears whatever is left on the input line (a paste whose Enter
 * never came), pastes the neutralised text (see {@link neutralizePrompt}) and submits it, then
 * checks the screen: a paste that never showed is typed again, an Enter that left the screen as
 * it was is pressed again, and a prompt still sitting unsubmitted after that is an error.
 * `hooks` may check the screen before any key and mark the crash point after the paste.
 */
export async function typePrompt(ctx: WorkspaceContext, agent: AgentConfig, text: string, hooks: TypeHooks = {}): Promise<Typed> {
	const {tmux} = ctx.services;
	const adapter = ctx.adapterFor(agent);
	const session = ctx.sessionOf(agent.name);
	const prompt = neutralizePrompt(text);
	const multiLine = prompt.text.includes('\n');
	const marker = promptMarker(prompt.text);
	const look = async () => screenLines(await tmux.capturePane(session));
	const lookUntil = (done: (lines: string[]) => boolean, withinMs: number) => screenUntil(ctx, session, done, withinMs, pollMs);
	let confirmed = false;
	await withLease(ctx.store, `deliver:${agent.name}`, async () => {
		// Checked under the lease, right before the first key: nothing else can type in between.
		if (hooks.beforeType) await hooks.beforeType(await look());
		let shown = marker === undefined;
		for (const withinMs of showWithinMs) {
			// Ctrl-U first: a clear before each paste means a retry never doubles the text.
			const uncleared = marker === undefined ? undefined : markerRow(await look(), marker);
			await tmux.sendKeys(session, ['C-u']);
			await delay(clearSettleMs);
			// The same text may already be on screen — an earlier prompt's echo, or this prompt left
			// unsubmitted by a process that died — so a paste shows as the marker appearing on another
			// row than after the clear. Text left in the input box goes away with the clear: wait for
			// that, or the new paste would look like the old text that was never taken away.
			const before = marker === undefined || uncleared === undefined ? undefined : markerRow((await lookUntil((lines) => markerRow(lines, marker) !== uncleared, clearShowsWithinMs)) ?? (await look()), marker);
			await tmux.pasteText(session, prompt.text, {bracketed: multiLine || adapter.submit.bracketSingleLine});
			if (marker === undefined) break;
			shown = (await lookUntil((lines) => {
				const row = markerRow(lines, marker);
				return row !== undefined && row !== before;
			}, withinMs)) !== undefined;
			if (shown) break;
		}
		hooks.afterPaste?.();
		if (adapter.submit.enterDelayMs > 0) await delay(adapter.submit.enterDelayMs);
		const enters = Array.from({length: multiLine ? adapter.submit.multiLineEnters : 1}, () => 'Enter');
		if (marker === undefined || !shown) {
			await tmux.sendKeys(session, enters);
			return;
		}
		const pasted = await look();
		for (const withinMs of submitWithinMs) {
			await tmux.sendKeys(session, enters);
			if (await lookUntil((lines) => !stillTyped(pasted, lines, marker), withinMs)) {
				confirmed = true;
				return;
			}
		}
		const seconds = Math.round((submitWithinMs[0] + submitWithinMs[1]) / 1000);
		throw new TuttiError('ERR_PROMPT_NOT_SUBMITTED', `the prompt was typed into "${agent.name}", but it was still in the input box after Enter (pressed twice, waited ${seconds}s): it is probably still in the input box, unsent`, {
			hint: `Look at it: tt attach ${agent.name} (press Enter there to send it, or Ctrl-U to drop it)`,
			remedy: {action: 'inspect', agent: agent.name},
		});
	});
	return {chars: prompt.text.length, lines: prompt.text.split('\n').length, neutralized: prompt.removed, confirmed};
}
