import type {DialogAnswer} from '../agents/adapter.js';
import type {WorkspaceContext} from '../agents/context.js';
import {observeAgent, screenUntil} from '../agents/observe.js';
import {findAgent} from '../config/resolve.js';
import {TuttiError} from '../errors.js';
import {statePresentation} from '../model/presentation.js';
import type {DialogAnswerChoice} from '../events/types.js';
import {liveRegionStart} from '../state/screen-rules.js';
import type {AgentState} from '../state/types.js';
import {withLease} from '../store/leases.js';

export type {DialogAnswerChoice} from '../events/types.js';

export type AnswerOptions = {
	/** How long the screen may stay as it was after the keys before that is an error. @default 3_000 */
	takenWithinMs?: number;
	/** How long a dialog the CLI announced (the recorded state is needs_input) may take to be drawn. @default 2_000 */
	dialogShowsWithinMs?: number;
};

export type AnswerResult = {
	workspace: string;
	agent: string;
	answer: DialogAnswerChoice;
	/** The adapter's dialog answer that matched the screen (its id). */
	rule: string;
	/** The tmux keys that were pressed. */
	keys: string[];
	/** The agent's state once the dialog had reacted (`working` after an approval, typically). */
	state: AgentState;
};

const pollMs = 50;

/** The adapter's answer for the dialog on screen: the first whose row shows in the live region. */
export function findDialogAnswer(answers: readonly DialogAnswer[], lines: readonly string[]): DialogAnswer | undefined {
	return answers.find((answer) => {
		const regex = new RegExp(answer.pattern, answer.flags);
		return lines.slice(liveRegionStart(lines, answer.rows)).some((line) => regex.test(line));
	});
}

/**
 * Answers the dialog an agent is blocked on — the one approve/deny used by `tt approve`,
 * `tt deny`, `tt watch` and the API. Refuses unless the agent's screen says `needs_input` now and
 * shows a dialog its adapter declares keys for (a question, a trust dialog or an unknown CLI is
 * left to a person: keys are never guessed). Under the agent's delivery lease, so a prompt being
 * typed and an answer never interleave, it presses the keys once (a second press could answer the
 * next dialog) and checks that the screen reacted. Emits one `agent.answered`.
 */
export async function answerPrompt(ctx: WorkspaceContext, agentName: string, answer: DialogAnswerChoice, options: AnswerOptions = {}): Promise<AnswerResult> {
	const agent = findAgent(ctx.config, agentName);
	const adapter = ctx.adapterFor(agent);
	const session = ctx.sessionOf(agent.name);
	const verb = answer === 'approve' ? 'approve' : 'deny';
	const answered = await withLease(ctx.store, `deliver:${agent.name}`, async () => {
		const seen = await observeAgent(ctx, agent);
		if (!seen.pane || seen.pane.dead) {
			throw new TuttiError('ERR_AGENT_NOT_RUNNING', `agent "${agent.name}" ${seen.pane ? 'has exited' : 'is not running'}: there is no dialog to ${verb}`, {
				hint: `Start it: tt up ${agent.name}`,
				remedy: {action: 'start', agent: agent.name},
			});
		}
		const known = ctx.answersFor(agent);
		let lines = seen.lines;
		let dialog = seen.verdict.state === 'needs_input' ? findDialogAnswer(known, lines) : undefined;
		// A CLI can say it is blocked (Codex's OSC 7501, Claude's hooks — what the recorder shows)
		// a moment before it draws the dialog: give the screen a little time to catch up.
		if (!dialog && known.length > 0 && ctx.store.agentStates().get(agent.name)?.state === 'needs_input') {
			const shown = await dialogShown(ctx, session, known, options.dialogShowsWithinMs ?? 2_000);
			if (shown) ({dialog, lines} = shown);
		}
		if (!dialog && seen.verdict.state !== 'needs_input') {
			throw new TuttiError('ERR_AGENT_NOT_ASKING', `agent "${agent.name}" is not waiting for an answer (it ${statePresentation[seen.verdict.state].phrase}): nothing to ${verb}`, {
				hint: `See what it is doing: tt peek ${agent.name}`,
				remedy: {action: 'inspect', agent: agent.name},
				details: {state: seen.verdict.state},
			});
		}
		if (!dialog) {
			const custom = adapter.id === 'custom';
			const why =
				known.length === 0
					? custom
						? 'its config declares no keys for its dialogs'
						: `tutti does not know the keys that answer ${adapter.displayName}'s dialogs`
					: custom
						? 'none of the patterns of its [[agent.answers]] matches the dialog on its screen'
						: `its dialog is not one tutti knows the keys of (a question, a trust prompt, or a layout ${adapter.displayName} changed)`;
			// A custom CLI's keys are the user's to declare; say where, besides answering by hand.
			const declare = custom ? ` — or declare its keys in tutti.toml: [[agent.answers]] pattern = '<a row of the dialog>', approve = ["y"], deny = ["n"] (docs/config.md)` : '';
			throw new TuttiError('ERR_ANSWER_UNKNOWN', `agent "${agent.name}" needs input, but ${why}`, {
				hint: `Answer it yourself: tt attach ${agent.name}${declare}`,
				remedy: {action: 'inspect', agent: agent.name},
			});
		}
		const keys = [...(answer === 'approve' ? dialog.approve : dialog.deny)];
		await ctx.services.tmux.sendKeys(session, keys);
		const taken = await dialogLeft(ctx, session, dialog, lines, options.takenWithinMs ?? 3_000);
		if (!taken) {
			throw new TuttiError('ERR_ANSWER_NOT_TAKEN', `pressed ${keys.join(' ')} in "${agent.name}", but its dialog still reads as it did: it may still be waiting`, {
				hint: `Look at it: tt attach ${agent.name}`,
				remedy: {action: 'inspect', agent: agent.name},
			});
		}
		return {dialog, keys};
	});
	ctx.emit('agent.answered', agent.name, {answer, rule: answered.dialog.id, keys: answered.keys});
	const state = (await observeAgent(ctx, agent)).verdict.state;
	return {workspace: ctx.name, agent: agent.name, answer, rule: answered.dialog.id, keys: answered.keys, state};
}

/** Waits up to `withinMs` for one of `known` dialogs to be drawn; the dialog and the screen showing it. */
async function dialogShown(ctx: WorkspaceContext, session: string, known: readonly DialogAnswer[], withinMs: number): Promise<{dialog: DialogAnswer; lines: string[]} | undefined> {
	const lines = await screenUntil(ctx, session, (rows) => findDialogAnswer(known, rows) !== undefined, withinMs, pollMs);
	const dialog = lines && findDialogAnswer(known, lines);
	return lines && dialog ? {dialog, lines} : undefined;
}

/** The rows a dialog answer looks at: the last `rows` non-empty rows of the screen. */
function dialogBlock(lines: readonly string[], dialog: DialogAnswer): string {
	return lines.slice(liveRegionStart(lines, dialog.rows)).map((line) => line.trimEnd()).join('\n').trimEnd();
}

/**
 * Whether the dialog's rows changed within `withinMs` of the keys. Only those rows count: a
 * spinner or a title elsewhere on the screen can change while the dialog still waits.
 */
async function dialogLeft(ctx: WorkspaceContext, session: string, dialog: DialogAnswer, before: readonly string[], withinMs: number): Promise<boolean> {
	const was = dialogBlock(before, dialog);
	return (await screenUntil(ctx, session, (lines) => dialogBlock(lines, dialog) !== was, withinMs, pollMs)) !== undefined;
}
