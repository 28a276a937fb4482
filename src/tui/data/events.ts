import {humanStates} from '../../core/model/attention.js';
import type {AgentState} from '../../core/state/types.js';
import {statePresentation} from '../../core/model/presentation.js';
import type {StoredEvent} from '../../core/store/store.js';
import type {RunView, StepMark, TickerItem, TickerLevel} from '../types.js';

const stateNames = new Set(Object.keys(statePresentation));

function str(value: unknown): string | undefined {
	return typeof value === 'string' && value !== '' ? value : undefined;
}

function num(value: unknown): number | undefined {
	return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** One ticker line for a stored event. */
export function tickerItem(event: StoredEvent): TickerItem {
	const data = event.data ?? {};
	const who = event.agent ?? event.workspace;
	let text = `${who}: ${event.event}`;
	let level: TickerLevel = 'info';
	const state = event.event.startsWith('agent.') ? event.event.slice(6) : '';
	if (stateNames.has(state) && ('to' in data || 'from' in data)) {
		const from = str(data['from']);
		const detail = str(data['detail']);
		text = `${who}: ${from ? `${statePresentation[from as AgentState]?.label ?? from} → ` : ''}${statePresentation[state as AgentState].label}${detail ? ` (${detail})` : ''}`;
		if (humanStates.has(state as AgentState)) level = 'attention';
		if (state === 'stopped') level = 'error';
		if (state === 'auth_failed' || state === 'provider_down') level = 'error';
	} else if (event.event === 'agent.prompt_sent') {
		text = `${who}: prompt sent (${num(data['chars']) ?? '?'} chars)`;
	} else if (event.event.startsWith('workflow.')) {
		const name = str(data['workflow_name']) ?? 'workflow';
		const step = num(data['step_index']);
		const total = num(data['total_steps']);
		const what = event.event.slice('workflow.'.length).replace('step.', 'step ');
		text = `${name}: ${what}${step === undefined ? '' : ` ${step + 1}${total ? `/${total}` : ''}`}${event.agent ? ` · ${event.agent}` : ''}`;
		if (event.event.endsWith('failed')) level = 'error';
	} else if (event.event === 'agent.worktree_missing') {
		text = `${who}: ${str(data['problem']) ?? 'its worktree was deleted'}`;
		level = 'attention';
	} else if (event.event === 'agent.started') {
		const conversation = data['conversation'] as {kind?: unknown; id?: unknown; note?: unknown} | undefined;
		const id = str(conversation?.id)?.slice(0, 8);
		const note = str(conversation?.note);
		text = `${who}: started${conversation?.kind === 'resumed' ? ` · resumed ${id ?? ''}` : conversation?.kind === 'new' ? ` · new conversation${note ? ` (${note})` : ''}` : ''}`;
		// A conversation that could not be resumed is worth a look.
		if (conversation?.kind === 'new' && note !== undefined && !note.includes('--new-session')) level = 'attention';
	} else if (event.event === 'agent.session_recorded') {
		text = `${who}: conversation ${str(data['session_id'])?.slice(0, 8) ?? '?'} recorded`;
	} else if (event.event === 'agent.review_requested') {
		text = `${who}: review requested from ${str(data['reviewer']) ?? 'reviewer'}`;
	}
	return {id: `${event.workspace}#${event.id}`, time: Date.parse(event.timestamp) || Date.now(), workspace: event.workspace, agent: event.agent ?? undefined, event: event.event, text, level};
}

type RunDraft = {id: string; workspace: string; name: string; status: RunView['status']; steps: StepMark[]; current: number | undefined; agent: string | undefined; stepType: string | undefined; updatedAt: number};

/**
 * Folds `workflow.*` events into runs. A run is keyed by `run_id` when the engine sends one,
 * else by the workflow's name (the latest run of it).
 */
export function foldRuns(previous: ReadonlyMap<string, RunDraft>, events: readonly StoredEvent[]): Map<string, RunDraft> {
	const runs = new Map(previous);
	for (const event of events) {
		if (!event.event.startsWith('workflow.')) continue;
		const data = event.data ?? {};
		const name = str(data['workflow_name']) ?? 'workflow';
		const id = `${event.workspace}:${str(data['run_id']) ?? name}`;
		const total = num(data['total_steps']);
		const step = num(data['step_index']);
		const time = Date.parse(event.timestamp) || Date.now();
		let run = runs.get(id);
		if (!run || event.event === 'workflow.started') {
			run = {id, workspace: event.workspace, name, status: 'running', steps: [], current: undefined, agent: undefined, stepType: undefined, updatedAt: time};
		} else {
			run = {...run, steps: [...run.steps], updatedAt: time};
		}
		if (total !== undefined && total > 0 && total <= 200) {
			while (run.steps.length < total) run.steps.push('pending');
		}
		if (step !== undefined && step >= 0 && step < 200) {
			while (run.steps.length <= step) run.steps.push('pending');
			if (event.event === 'workflow.step.started') {
				run.steps[step] = 'active';
				run.current = step;
				run.agent = event.agent ?? str(data['agent']);
				run.stepType = str(data['step_type']);
			} else if (event.event === 'workflow.step.completed') {
				run.steps[step] = 'done';
				run.current = step;
			} else if (event.event === 'workflow.step.failed') {
				run.steps[step] = 'failed';
				run.current = step;
			}
		}
		if (event.event === 'workflow.completed') run.status = 'completed';
		if (event.event === 'workflow.failed') run.status = 'failed';
		runs.set(id, run);
	}
	return runs;
}

export type {RunDraft};

/** Runs to show: running ones first, then the most recent finished ones. */
export function visibleRuns(runs: ReadonlyMap<string, RunDraft>, stageOf: (workspace: string, agent: string) => string | undefined, limit = 6): RunView[] {
	const all = [...runs.values()].sort((a, b) => Number(b.status === 'running') - Number(a.status === 'running') || b.updatedAt - a.updatedAt);
	return all.slice(0, limit).map((run) => ({...run, stage: run.agent ? stageOf(run.workspace, run.agent) : undefined}));
}
