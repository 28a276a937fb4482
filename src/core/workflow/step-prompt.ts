import {existsSync, readFileSync, rmSync} from 'node:fs';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import type {AgentConfig, PromptStepConfig} from '../config/index.js';
import {ensureAgent} from './agents.js';
import {findNewArtifact, pollArtifact, resolveArtifactGlob, snapshotArtifacts, storeArtifact, type ArtifactGlob} from './artifacts.js';
import {deliver, deliveryState, promptText, type DeliveryState} from './delivery.js';
import {followTurn, type TurnEnd} from './follow.js';
import {headBeforeTurn, unmetExpectations} from './expect.js';
import {injectFiles} from './inject.js';
import {resolveStepPath} from './safe-path.js';
import type {StepContext} from './step-context.js';
import {renderOutputs, templatesIn} from './template.js';
import type {StepOutcome} from './types.js';

/**
 * A `prompt` step (reference §8.3): start the agent if needed, inject files, type the prompt
 * exactly once (see delivery.ts), then wait as configured — for idle, for an artifact, or not at
 * all — and collect `output_json` and artifacts. Holds the agent's lock throughout: one workflow
 * turn per agent at a time, across processes.
 */
export async function runPromptStep(sc: StepContext): Promise<StepOutcome> {
	const step = sc.step.config as PromptStepConfig;
	return sc.locked([`agent:${step.agent}`], async () => {
		const {agent, workdir} = await ensureAgent(sc, step.agent);
		const injected = injectFiles(sc, step.inject_files, workdir);
		const text = promptText(renderPromptText(sc, step.text, injected));
		const outputFile = step.output_json === undefined ? undefined : resolveStepPath(sc.ctx.root, workdir, renderOutputs(step.output_json, sc.run.outputs, {where: `${sc.label}: output_json`}), `${sc.label}: output_json`).file;
		const state = await deliveryState(sc, agent, workdir, text, 'deliver');
		const glob = step.artifact_glob === undefined ? undefined : await resolveArtifactGlob(sc, step, workdir);
		const snapshot = glob ? artifactSnapshot(sc, glob) : {};
		// A stale output file from an earlier run must not pass for this turn's answer — unless
		// the agent already has the prompt (a resumed run), when the file may be its answer.
		if (outputFile && state.kind !== 'done') rmSync(outputFile, {force: true});
		const send = () => deliver(sc, agent, text, 'deliver', state);
		const headBefore = step.expect ? await headBeforeTurn(sc, workdir) : null;

		let end: TurnEnd;
		if (glob && !step.wait_for_idle) {
			await send();
			return pollArtifact(sc, step, glob, snapshot, step.wait_timeout_secs * 1000);
		} else if (step.wait_for_idle) {
			end = await waitTurn(sc, agent, state, send, step);
			if (!end.ok && outputFile && existsSync(outputFile)) end = {ok: true, timedOut: false, message: `output_json detected after the wait ended (${end.message})`};
		} else {
			await send();
			end = {ok: true, timedOut: false, message: state.kind === 'done' ? 'prompt was delivered before the resume' : 'prompt sent'};
		}
		if (!end.ok) return {ok: false, message: end.message, timedOut: end.timedOut};
		const messages = [end.message];
		if (outputFile && step.id !== undefined) {
			const collected = await collectOutputJson(sc, agent, step.id, outputFile, workdir);
			if (!collected.ok) return collected;
			messages.push(collected.message);
		}
		if (glob) {
			const captured = await captureAfterTurn(sc, step, glob, snapshot);
			if (!captured.ok) return captured;
			messages.push(captured.message);
		}
		const sideEffects = {agent: agent.name, delivered: true};
		const unmet = step.expect ? await unmetExpectations(sc, step.expect, workdir, headBefore) : [];
		if (unmet.length === 0) return {ok: true, message: messages.join('; '), sideEffects};
		if (step.expect?.fail_mode === 'open') return {ok: true, message: [...messages, ...unmet.map((line) => `warning: ${line}`)].join('; '), sideEffects, warnings: unmet};
		return {ok: false, message: `the turn ended, but ${unmet.join('; ')}`, sideEffects};
	});
}

/** The text with outputs filled in; an output injected by this step points at its copy in the agent's directory. */
function renderPromptText(sc: StepContext, text: string, injected: ReadonlyMap<string, string>): string {
	const outputs = new Map(sc.run.outputs);
	for (const {id, field} of templatesIn(text)) {
		const copy = injected.get(id);
		const output = outputs.get(id);
		if (copy && output && field === 'path') outputs.set(id, {...output, kind: 'json', path: copy});
	}
	return renderOutputs(text, outputs, {where: `${sc.label}: text`});
}

async function waitTurn(sc: StepContext, agent: AgentConfig, state: DeliveryState, send: () => Promise<void>, step: PromptStepConfig): Promise<TurnEnd> {
	if (state.kind === 'done' && state.answered) return {ok: true, timedOut: false, message: 'the agent had answered before the resume'};
	const graceMs = state.kind === 'done' ? 3000 : Math.min(Math.max(step.startup_grace_secs, 2), 10) * 1000;
	return followTurn(sc.ctx, agent, send, {timeoutMs: step.wait_timeout_secs * 1000, graceMs});
}

/** The artifact snapshot is taken once, before the prompt, and kept for a resumed run. */
function artifactSnapshot(sc: StepContext, glob: ArtifactGlob): Record<string, number> {
	const recorded = sc.effect('artifact_snapshot');
	if (recorded) return recorded.data['files'] as Record<string, number>;
	const files = snapshotArtifacts(glob);
	sc.mark('artifact_snapshot', 'done', {pattern: glob.pattern, files});
	return files;
}

async function captureAfterTurn(sc: StepContext, step: PromptStepConfig, glob: ArtifactGlob, snapshot: Readonly<Record<string, number>>): Promise<StepOutcome> {
	let found = findNewArtifact(sc, glob, snapshot);
	if (!found) {
		await delay(2000);
		found = findNewArtifact(sc, glob, snapshot);
	}
	if (!found) return {ok: false, message: `the turn ended without a new file matching ${step.artifact_glob}`};
	const raw = storeArtifact(sc, step, found.file);
	return {ok: true, message: `artifact ${step.artifact_name} captured from ${found.file} (${path.basename(raw)})${found.warning ? `; ${found.warning}` : ''}`};
}

/**
 * Waits for the step's `output_json` (15 s), asks the agent once to write it if it is missing
 * (reference §8.3 step 9), parses it and stores it as the step's output.
 */
async function collectOutputJson(sc: StepContext, agent: AgentConfig, id: string, file: string, workdir: string): Promise<StepOutcome> {
	const wait = async (ms: number) => {
		const deadline = Date.now() + ms;
		while (!existsSync(file) && Date.now() < deadline) await delay(250);
		return existsSync(file);
	};
	if (!(await wait(15_000))) {
		const relative = path.relative(workdir, file);
		const text = `Write the JSON output file ${relative} now: overwrite it completely with valid JSON for the task you just did, then reply briefly.`;
		const state = await deliveryState(sc, agent, workdir, text, 'correct');
		const end = await followTurn(sc.ctx, agent, () => deliver(sc, agent, text, 'correct', state), {timeoutMs: 120_000});
		if (!(await wait(end.ok ? 5_000 : 0))) return {ok: false, message: `output_json ${relative} was not written (asked once more: ${end.message})`};
	}
	let value: unknown;
	try {
		value = JSON.parse(readFileSync(file, 'utf8'));
	} catch (error) {
		return {ok: false, message: `output_json ${file} is not valid JSON: ${(error as Error).message}`};
	}
	sc.saveOutput([id], {kind: 'json', value});
	return {ok: true, message: `output ${id} stored`};
}
