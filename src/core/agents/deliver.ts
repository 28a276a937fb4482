import {setTimeout as delay} from 'node:timers/promises';
import type {AgentConfig} from '../config/index.js';
import {neutralizePrompt} from '../prompt-text.js';
import {withLease} from '../store/leases.js';
import type {WorkspaceContext} from './context.js';

export type Typed = {chars: number; lines: number; neutralized: number};

/** Pause between clearing the input line and pasting, so the CLI has applied the clear. */
const clearSettleMs = 50;

/**
 * The one place text is typed into an agent's CLI — `tt send`, the API, the TUI and dashboard
 * prompt bars, webhooks, review packets, workflow prompt steps and `initial_prompt` all end here.
 * Under the agent's delivery lease (one at a time across every tutti process, so concurrent
 * prompts never interleave), it clears whatever is left on the input line (a paste whose Enter
 * never came), pastes the neutralised text (see {@link neutralizePrompt}) and submits it.
 * `afterPaste` runs between paste and Enter (the workflow's crash point).
 */
export async function typePrompt(ctx: WorkspaceContext, agent: AgentConfig, text: string, hooks: {afterPaste?: () => void} = {}): Promise<Typed> {
	const {tmux} = ctx.services;
	const adapter = ctx.adapterFor(agent);
	const session = ctx.sessionOf(agent.name);
	const prompt = neutralizePrompt(text);
	const multiLine = prompt.text.includes('\n');
	await withLease(ctx.store, `deliver:${agent.name}`, async () => {
		await tmux.sendKeys(session, ['C-u']);
		await delay(clearSettleMs);
		await tmux.pasteText(session, prompt.text, {bracketed: multiLine});
		hooks.afterPaste?.();
		if (adapter.submit.enterDelayMs > 0) await delay(adapter.submit.enterDelayMs);
		await tmux.sendKeys(session, Array.from({length: multiLine ? adapter.submit.multiLineEnters : 1}, () => 'Enter'));
	});
	return {chars: prompt.text.length, lines: prompt.text.split('\n').length, neutralized: prompt.removed};
}
