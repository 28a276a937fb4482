import {setTimeout as delay} from 'node:timers/promises';
import type {WorkspaceContext} from '../agents/context.js';
import {observeAgent} from '../agents/observe.js';
import type {AgentConfig} from '../config/index.js';
import {TuttiError} from '../errors.js';
import {statePresentation} from '../model/presentation.js';

export type TurnEnd = {ok: boolean; timedOut: boolean; message: string};

/** How a turn that ended idle ended, in words for the run's step table (the detector's codes stay in the turn outcome). */
const idleEnding: Readonly<Record<string, string>> = {
	idle_after_activity: 'its turn ended: it worked, then went idle',
	idle_after_grace: 'it stayed idle: no work was seen on its screen',
};

function timedOut(seconds: number): TurnEnd {
	return {ok: false, timedOut: true, message: `its turn did not end within ${seconds}s (wait_timeout_secs)`};
}

/**
 * Follows an agent's turn until it is idle again (reference §8.3 step 8). `send` (typing the
 * prompt) runs once the agent's output is being watched. An agent that asks a question
 * (`needs_input`) is waited for — a human can answer in `tt attach` — until the deadline; auth,
 * rate-limit and provider failures and exits end the turn as failures.
 */
export async function followTurn(ctx: WorkspaceContext, agent: AgentConfig, send: () => Promise<void>, options: {timeoutMs: number; idleStableMs?: number; graceMs?: number}): Promise<TurnEnd> {
	const {runTurn} = await import('../agents/turn.js');
	const deadline = Date.now() + options.timeoutMs;
	const seconds = Math.round(options.timeoutMs / 1000);
	let first = true;
	for (;;) {
		const remaining = deadline - Date.now();
		if (remaining <= 0) return timedOut(seconds);
		let outcome;
		try {
			outcome = await runTurn(ctx, agent, first ? send : () => Promise.resolve(), {timeoutMs: remaining, idleStableMs: options.idleStableMs ?? 1000, graceMs: options.graceMs ?? 3000});
		} catch (error) {
			if (error instanceof TuttiError && error.code === 'ERR_TIMEOUT') return timedOut(seconds);
			throw error;
		}
		first = false;
		const {state} = outcome.verdict;
		if (state === 'idle' && outcome.failed) {
			// Ready again, but the CLI said the turn failed: that is not a successful step.
			const line = outcome.output.split('\n').reverse().find((text) => /error|failed/i.test(text))?.trim();
			return {ok: false, timedOut: false, message: `agent "${agent.name}" ended its turn with an error${line ? `: ${line.replace(/^[⎿⏺\s]+/, '').slice(0, 200)}` : ''}`};
		}
		if (state === 'idle') return {ok: true, timedOut: false, message: idleEnding[outcome.source] ?? 'it is idle'};
		if (state === 'needs_input') {
			// Wait for someone to answer, then follow the rest of the turn.
			while (Date.now() < deadline && (await observeAgent(ctx, agent)).verdict.state === 'needs_input') await delay(500);
			continue;
		}
		if (state === 'stopped') return {ok: false, timedOut: false, message: `agent "${agent.name}" exited during the turn${outcome.verdict.detail ? ` (${outcome.verdict.detail})` : ''}`};
		return {ok: false, timedOut: false, message: `agent "${agent.name}" ${statePresentation[state].phrase}${outcome.verdict.detail ? `: ${outcome.verdict.detail}` : ''}`};
	}
}
