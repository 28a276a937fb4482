import {AgentObserver} from '../state/agent-observer.js';
import {paneFormat, parsePaneLine} from '../tmux/client.js';
import {paneTarget} from '../tmux/names.js';
import {TuttiError} from '../errors.js';
import type {AgentState, StateVerdict} from '../state/types.js';
import type {AgentConfig} from '../config/index.js';
import type {WorkspaceContext} from './context.js';
import {paneDelta} from './delta.js';

export type TurnOutcome = {
	verdict: StateVerdict;
	source: string;
	detail: string;
	output: string;
	/** The CLI said the turn failed (OSC 7501 `error`) even though it is ready for the next prompt. */
	failed: boolean;
};

/** States in which a turn cannot go on without a human. */
const blocking: ReadonlySet<AgentState> = new Set(['needs_input', 'auth_failed', 'rate_limited', 'provider_down', 'stopped']);

/**
 * Sends a prompt and follows the turn on the agent's output stream: done when the agent has been
 * working and is idle again (after the busy→idle debounce), or when it needs a human. An agent that
 * answers before it ever looks busy is done once it has stayed idle through `graceMs`.
 */
export async function runTurn(
	ctx: WorkspaceContext,
	agent: AgentConfig,
	send: () => Promise<void>,
	options: {timeoutMs: number; idleStableMs: number; graceMs?: number},
): Promise<TurnOutcome> {
	const pipeline = await followAgent(ctx, agent, options.idleStableMs);
	const {observer} = pipeline;
	const before = observer.screen.allLines();
	try {
		return await new Promise<TurnOutcome>((resolve, reject) => {
			let sawWork = false;
			let settled = false;
			let idleHold: NodeJS.Timeout | undefined;
			const started = Date.now();
			const finish = (verdict: StateVerdict, source: string, detail: string) => {
				cleanup();
				const end = observer.turnEnd;
				resolve({verdict, source, detail, output: paneDelta(before, observer.screen.allLines()), failed: end !== undefined && end.at >= started && end.kind === 'error'});
			};
			const check = (verdict: StateVerdict | undefined) => {
				clearTimeout(idleHold);
				if (!verdict) return;
				if (verdict.state === 'working' || verdict.state === 'stalled') sawWork = true;
				if (blocking.has(verdict.state) && (sawWork || Date.now() - started > 500)) return finish(verdict, 'state', `${verdict.state}${verdict.rule ? ` (${verdict.rule})` : ''}`);
				if (verdict.state === 'idle' && sawWork) {
					const done = () => finish(verdict, 'idle_after_activity', `idle for ${options.idleStableMs} ms after working (${verdict.rule ?? verdict.source})`);
					// A lent pipeline debounces with the recorder's setting: hold the rest of the wait asked for here.
					if (pipeline.extraIdleMs > 0 && verdict.source !== 'native') idleHold = setTimeout(done, pipeline.extraIdleMs);
					else done();
				}
			};
			const gone = () => finish({state: 'stopped', source: 'pane', rule: 'session-gone', detail: 'the tmux session ended'}, 'state', 'stopped (the tmux session ended)');
			observer.on('state', check);
			observer.on('detached', gone);
			// The grace counts from the moment the prompt is in: typing it (with its screen checks)
			// can take seconds, and an agent idle while it is still being typed has not answered yet.
			let grace: NodeJS.Timeout | undefined;
			const startGrace = () => {
				grace = setTimeout(() => {
					if (!sawWork && observer.verdict?.state === 'idle') finish(observer.verdict, 'idle_after_grace', 'no busy screen was seen; idle after the start-up grace');
				}, options.graceMs ?? 3000);
			};
			const deadline = setTimeout(() => {
				cleanup();
				reject(new TuttiError('ERR_TIMEOUT', `agent "${agent.name}" did not finish within ${Math.round(options.timeoutMs / 1000)} s (state: ${observer.verdict?.state ?? 'unknown'})`, {hint: `Look at it: tt peek ${agent.name}; wait longer with --timeout-secs`}));
			}, options.timeoutMs);
			const cleanup = () => {
				settled = true;
				clearTimeout(grace);
				clearTimeout(deadline);
				clearTimeout(idleHold);
				observer.off('state', check);
				observer.off('detached', gone);
			};
			send().then(
				() => {
					if (!settled) startGrace();
				},
				(error: unknown) => {
					cleanup();
					reject(error instanceof Error ? error : new Error(String(error)));
				},
			);
		});
	} finally {
		await pipeline.release();
	}
}

type FollowedPipeline = {
	observer: AgentObserver;
	/** Idle must hold this much longer than the pipeline's own debounce before the turn is done. */
	extraIdleMs: number;
	release(): Promise<void>;
};

/**
 * The pipeline a turn is followed on: the recorder's, when one runs in this process (`tt serve`,
 * `tt watch`: one control client per agent, and the turn ends on the verdict that is recorded),
 * else one of its own, attached for the turn (on a `[[host]]`: through its ssh master) and polling
 * the pane's life itself.
 */
async function followAgent(ctx: WorkspaceContext, agent: AgentConfig, idleStableMs: number): Promise<FollowedPipeline> {
	const lent = ctx.liveObserver(agent.name);
	if (lent) return {observer: lent, extraIdleMs: Math.max(0, idleStableMs - lent.idleDebounceMs), release: () => Promise.resolve()};
	const session = ctx.sessionOf(agent.name);
	const observer = new AgentObserver({
		agent: agent.name,
		session,
		control: ctx.services.tmux.controlProcess(session),
		rules: ctx.rulesFor(agent),
		idleDebounceMs: idleStableMs,
		settleMs: 15,
	});
	await observer.start();
	const pollPane = async () => {
		const [line] = await observer.command(['display-message', '-p', '-t', paneTarget(session), paneFormat]).catch(() => [] as string[]);
		const pane = line ? parsePaneLine(line) : undefined;
		observer.updatePane(pane?.session === session ? pane : undefined);
	};
	await pollPane();
	const panePoll = setInterval(() => void pollPane(), 250);
	return {
		observer,
		extraIdleMs: 0,
		release: async () => {
			clearInterval(panePoll);
			await observer.stop();
		},
	};
}
