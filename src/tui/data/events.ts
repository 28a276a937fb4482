import {stateChangeOf} from '../../core/events/read.js';
import {humanStates} from '../../core/model/attention.js';
import type {RecoveryStrategy} from '../../core/events/types.js';
import type {AgentState} from '../../core/state/types.js';
import {statePresentation} from '../../core/model/presentation.js';
import {formatDollars, formatTokenCount} from '../../core/model/windows-text.js';
import {formatBytes} from '../../core/model/resources-text.js';
import type {StoredEvent} from '../../core/store/store.js';
import {commandKeysLabel} from '../keys/match.js';
import type {RunView, StepMark, TickerItem, TickerLevel} from '../types.js';
import {inertValue} from '../../core/prompt-text.js';
import {messageEventText} from '../../core/model/message-text.js';
import {hostEventText} from '../../core/model/host-text.js';

function str(value: unknown): string | undefined {
	return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A wait in words: "45 s", "12 min", "3 h 5 min". */
function waitLabel(ms: number | undefined): string {
	const seconds = Math.round((ms ?? 0) / 1000);
	if (seconds < 120) return `${seconds} s`;
	const minutes = Math.round(seconds / 60);
	return minutes < 120 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

function num(value: unknown): number | undefined {
	return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

type Data = Readonly<Record<string, unknown>>;
const failedBecause = (data: Data) => str(data['error']) ?? 'unknown error';

/** What each recovery step says in the ticker, per strategy (see RecoveryStrategy). */
const recoveryWording: Record<RecoveryStrategy, Record<'attempted' | 'succeeded' | 'failed', (data: Data) => string>> = {
	crash_restart: {
		attempted: (data) => `crashed (${str(data['trigger']) ?? 'exited'}) · restarting in ${waitLabel(num(data['delay_ms']))} (attempt ${num(data['attempt']) ?? '?'})`,
		succeeded: (data) => `restarted after a crash${str(data['conversation']) ? ` · ${str(data['conversation'])}` : ''}`,
		failed: (data) => `restart after a crash failed: ${failedBecause(data)}`,
	},
	wait_for_reset: {
		attempted: (data) => `${str(data['trigger']) ?? 'rate limited'} · goes on by itself in ${waitLabel(num(data['delay_ms']))}`,
		succeeded: () => 'going on again after the limit lifted',
		failed: (data) => `could not go on yet: ${failedBecause(data)}`,
	},
	provider_wait: {
		attempted: (data) => `tried first after the outage · ${str(data['trigger']) ?? ''}`,
		succeeded: () => 'going on again after the outage lifted',
		failed: (data) => `could not go on yet: ${failedBecause(data)}`,
	},
	rotate_profile: {
		attempted: (data) => `${str(data['trigger']) ?? 'rate limited'} · moving to profile "${str(data['to_profile']) ?? '?'}"`,
		succeeded: (data) => `going on ${str(data['conversation']) ?? 'on another profile'}`,
		failed: (data) => `could not move to another profile: ${failedBecause(data)}`,
	},
	login_restart: {
		attempted: (data) => `${str(data['trigger']) ?? 'signed in again'} · restarting it`,
		succeeded: (data) => `restarted after signing in again${str(data['conversation']) ? ` · ${str(data['conversation'])}` : ''}`,
		failed: (data) => `restart after signing in again failed: ${failedBecause(data)}`,
	},
};

/** One ticker line for a stored event. */
export function tickerItem(event: StoredEvent): TickerItem {
	const data = event.data ?? {};
	const who = event.agent ?? event.workspace;
	let text = `${who}: ${event.event}`;
	let level: TickerLevel = 'info';
	const change = stateChangeOf(event);
	if (change) {
		const state = change.to;
		const from = str(change.from);
		const detail = str(change.detail);
		text = `${who}: ${from ? `${statePresentation[from as AgentState]?.label ?? from} → ` : ''}${statePresentation[state].label}${detail ? ` (${detail})` : ''}`;
		if (humanStates.has(state)) level = 'attention';
		if (state === 'stopped') level = 'error';
		if (state === 'auth_failed' || state === 'provider_down' || state === 'unreachable') level = 'error';
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
		// The event's `problem` names the CLI command (`tt up`); this view has a key for it.
		const where = str(data['path']);
		text = `${who}: its worktree ${where ? `${where} ` : ''}was deleted · press ${commandKeysLabel('agent.up', 1)} on ${who} to recreate it and restart it`;
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
	} else if (event.event === 'handoff.generated') {
		const reason = str(data['reason']);
		const file = str(data['packet'])?.split('/').at(-1);
		const pct = num(data['ctx_pct']);
		text = `${who}: handoff packet ${file ?? ''} written${reason === 'auth_failed' ? ' (emergency: login failed)' : reason === 'auto_ctx_threshold' ? ` (context ${pct ?? '?'}% used)` : ''}`;
		if (reason === 'auth_failed' || reason === 'auto_ctx_threshold') level = 'attention';
	} else if (event.event === 'handoff.applied') {
		text = `${who}: handoff packet ${str(data['packet'])?.split('/').at(-1) ?? ''} applied${data['replaced'] === true ? ' to a fresh session' : ''}`;
	} else if (event.event === 'agent.memory_exceeded') {
		text = `${who}: over its memory_max (${formatBytes(num(data['rss_bytes']) ?? 0)} > ${formatBytes(num(data['memory_max']) ?? 0)}) · stopping it`;
		level = 'error';
	} else if (event.event.startsWith('message.') || event.event === 'mcp.send') {
		text = messageEventText(event.event, event.agent, data) ?? text;
		if (event.event === 'message.dead') level = 'error';
		if (event.event === 'mcp.send' && data['outcome'] === 'refused') level = 'attention';
	} else if (event.event.startsWith('host.')) {
		text = hostEventText(event.event, data) ?? text;
		if (event.event === 'host.unreachable') level = 'error';
	} else if (event.event === 'notice.read') {
		const agents = Array.isArray(data['agents']) ? data['agents'].join(', ') : '?';
		text = `${event.workspace}: news seen: ${agents} (${data['by'] === 'focus' ? 'opened' : 'marked seen'})`;
	} else if (event.event === 'agent.answered') {
		text = `${who}: dialog ${data['answer'] === 'approve' ? 'approved' : 'denied'}`;
	} else if (event.event === 'agent.recovery_attempted' || event.event === 'agent.recovery_succeeded' || event.event === 'agent.recovery_failed') {
		const strategy = str(data['strategy']) ?? 'crash_restart';
		const wording = recoveryWording[strategy as RecoveryStrategy] ?? recoveryWording.crash_restart;
		const phase = event.event.slice('agent.recovery_'.length) as 'attempted' | 'succeeded' | 'failed';
		text = `${who}: ${wording[phase](data)}`;
		level = phase === 'failed' ? 'error' : phase === 'attempted' ? 'attention' : level;
	} else if (event.event === 'fleet.paused') {
		const agents = Array.isArray(data['agents']) ? data['agents'].length : 0;
		text = `${str(data['runtime']) ?? 'provider'} is down: ${agents} agent${agents === 1 ? '' : 's'} wait ${waitLabel(num(data['delay_ms']))}, then one tries first`;
		level = 'attention';
	} else if (event.event === 'fleet.resumed') {
		const agents = Array.isArray(data['agents']) ? data['agents'].length : 0;
		text = `${str(data['runtime']) ?? 'provider'} is back: ${agents} agent${agents === 1 ? '' : 's'} going on`;
	} else if (event.event === 'agent.hibernated') {
		const why = data['trigger'] === 'auto' ? 'hibernate_idle_after' : 'tt down --idle';
		text = `${who}: hibernated after ${waitLabel(num(data['idle_ms']))} idle (${why}) · its conversation resumes on the next start`;
	} else if (event.event === 'agent.parked') {
		text = `${who}: parked — ${str(data['reason']) ?? 'crashed repeatedly'} · press ${commandKeysLabel('agent.up', 1)} on ${who} to start it again`;
		level = 'error';
	} else if (event.event === 'budget.threshold' || event.event === 'budget.blocked') {
		const scope = data['scope'] === 'agent' ? who : `workspace ${event.workspace}`;
		const used = num(data['used']) ?? 0;
		const cap = num(data['cap']) ?? 0;
		const figures = data['unit'] === 'usd' ? `${formatDollars(used)} of ${formatDollars(cap)}` : `${formatTokenCount(used)} of ${formatTokenCount(cap)} tokens`;
		const blocked = event.event === 'budget.blocked';
		text = `${scope}: ${blocked ? 'budget reached' : data['over_cap'] === true ? 'over budget' : `budget at ${Math.round(num(data['pct']) ?? 0)}%`} (${figures} this week, ${str(data['key']) ?? 'budget'})${blocked ? ` · refused ${str(data['action']) ?? 'the action'}` : ''}`;
		level = blocked ? 'error' : 'attention';
	} else if (event.event === 'conflict.detected') {
		const files = (Array.isArray(data['files']) ? data['files'] : []).map((file) => inertValue(String(file)));
		const agents = Array.isArray(data['agents']) ? data['agents'].map(String) : [];
		const what = data['kind'] === 'target' ? `conflicts with ${str(data['target']) ?? 'the target'}` : data['kind'] === 'manifest' ? `and ${agents[1] ?? '?'} both changed` : `conflicts with ${agents[1] ?? '?'} in`;
		text = `${agents[0] ?? '?'}: ${what} ${files.slice(0, 3).join(', ')}${files.length > 3 ? ` +${files.length - 3}` : ''}`;
		level = data['kind'] === 'manifest' ? 'attention' : 'error';
	} else if (event.event === 'issue_claim.lost') {
		// The issue key comes from a state file (or GitHub): one line, no control characters.
		text = `claim on ${inertValue(str(data['issue_key']) ?? '?')} lost: the run could not renew it`;
		level = 'error';
	} else if (event.event === 'agent.land_sent_back') {
		// The files and the failure come from the agent's work: one line, no control characters.
		const files = (Array.isArray(data['files']) ? data['files'] : []).map((file) => inertValue(String(file)));
		const why = data['reason'] === 'conflict' ? `conflict in ${files.slice(0, 3).join(', ')}` : inertValue((str(data['detail']) ?? '').split('\n')[0] ?? '');
		text = `${who}: ${data['delivered'] === true ? 'landing sent back' : 'landing held back'} by the merge queue: ${why}`;
		level = 'attention';
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

/** Everything a run's line shows except its time: runs alike in all of it read as one line. */
function lineKey(run: RunView): string {
	return JSON.stringify([run.workspace, run.name, run.status, run.steps, run.current, run.agent, run.stepType, run.stage]);
}

/**
 * Runs to show: running ones first, then the most recent finished ones. Neighbours that would
 * print the same line (a workflow run again and again to the same end) are one entry with a
 * count, so the strip shows different runs instead of copies of one.
 */
export function visibleRuns(runs: ReadonlyMap<string, RunDraft>, stageOf: (workspace: string, agent: string) => string | undefined, limit = 6): RunView[] {
	const all = [...runs.values()].sort((a, b) => Number(b.status === 'running') - Number(a.status === 'running') || b.updatedAt - a.updatedAt);
	const shown: RunView[] = [];
	let previousKey: string | undefined;
	for (const draft of all) {
		const run: RunView = {...draft, stage: draft.agent ? stageOf(draft.workspace, draft.agent) : undefined, count: 1};
		const key = lineKey(run);
		const last = shown.at(-1);
		// Sorted newest first, so the entry kept carries the latest time of its group.
		if (last && key === previousKey) shown[shown.length - 1] = {...last, count: last.count + 1};
		else if (shown.length < limit) shown.push(run);
		else break;
		previousKey = key;
	}
	return shown;
}
