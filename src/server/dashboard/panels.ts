import {api} from './api.js';
import {clock, formatDuration, formatTokens, h, replace, setText} from './dom.js';
import {look} from './states.js';
import {formatBytes} from '../../core/model/resources-text.js';
import {messageEventText} from '../../core/model/message-text.js';
import {hostEventText} from '../../core/model/host-text.js';
import type {DashboardStore} from './store.js';
import type {RunRecord, RunView, WireEvent} from './types.js';

/** HUD totals for the selected workspace. */
export class HudView {
	readonly element: HTMLElement;
	readonly #values = new Map<string, HTMLElement>();
	readonly #labels = new Map<string, HTMLElement>();

	constructor() {
		const item = (key: string, label: string) => {
			const value = h('b', {'data-hud': key}, '0');
			const words = h('span.hud-label', {}, label);
			this.#values.set(key, value);
			this.#labels.set(key, words);
			return h(`span.hud-item.hud-${key}` as 'span', {}, value, ' ', words);
		};
		// News nobody has seen yet, shared with tt watch and tt notices: one click marks it all seen.
		this.#markRead = h('button.hud-mark-read', {type: 'button', title: 'mark the news about every agent seen (tt notices ack)', hidden: true, onclick: () => void this.#acknowledge()}, 'mark seen');
		this.element = h('div.hud', {'aria-label': 'totals'}, item('working', 'working'), item('attention', 'need you'), item('unread', 'unread'), this.#markRead, item('idle', 'idle'), item('stopped', 'stopped'), item('runs', 'runs'), item('tokens', 'tokens'));
	}

	readonly #markRead: HTMLButtonElement;
	#workspace: string | undefined;

	async #acknowledge(): Promise<void> {
		this.#markRead.disabled = true;
		// The server says which were unread in a notice.read event: every open page (and tt watch) updates from it.
		await api('/v1/actions/ack', {method: 'POST', body: {workspace: this.#workspace}});
		this.#markRead.disabled = false;
	}

	render(store: DashboardStore): void {
		const agents = store.workspace?.agents ?? [];
		const count = (predicate: (state: string) => boolean) => String(agents.filter((agent) => predicate(agent.state)).length);
		const set = (key: string, value: string) => setText(this.#values.get(key)!, value);
		set('working', count((state) => state === 'working' || state === 'starting'));
		const needs = agents.filter((agent) => agent.attention).length;
		set('attention', String(needs));
		this.element.classList.toggle('alert', needs > 0);
		const unread = agents.filter((agent) => agent.unread).length;
		set('unread', String(unread));
		this.element.classList.toggle('has-unread', unread > 0);
		this.#markRead.hidden = unread === 0;
		this.#workspace = store.workspace?.name;
		set('idle', count((state) => state === 'idle'));
		set('stopped', count((state) => state === 'stopped'));
		// Every run the ledger keeps; the ones still running are counted as well when there are any.
		const workspace = store.workspace?.name;
		const recorded = store.history.filter((run) => run.workspace === workspace);
		const running = new Set([...recorded.filter((run) => run.status === 'running').map((run) => run.run_id), ...[...store.runs.values()].filter((run) => run.status === 'running' && run.workspace === workspace).map((run) => run.id)]);
		const total = new Set([...recorded.map((run) => run.run_id), ...running]).size;
		set('runs', running.size > 0 ? `${total} (${running.size} running)` : String(total));
		setText(this.#labels.get('runs')!, total === 1 ? 'run' : 'runs');
		const tokens = agents.reduce((sum, agent) => sum + agent.usage.input_tokens + agent.usage.output_tokens + agent.usage.cache_read_tokens + agent.usage.cache_creation_tokens, 0);
		set('tokens', formatTokens(tokens));
	}
}

function describe(event: WireEvent): string {
	const data = event.data ?? {};
	const message = messageEventText(event.event, event.agent, data);
	if (message !== undefined) return message;
	const host = hostEventText(event.event, data);
	if (host !== undefined) return host;
	if (typeof data['to'] === 'string') return `${String(data['from'] ?? '—')} → ${data['to']}${typeof data['detail'] === 'string' && data['detail'] ? ` · ${data['detail']}` : ''}`;
	if (typeof data['workflow_name'] === 'string') return `${data['workflow_name']}${typeof data['step_index'] === 'number' ? ` step ${data['step_index'] + 1}/${String(data['total_steps'] ?? '?')}` : ''}${typeof data['message'] === 'string' && data['message'] ? ` · ${data['message']}` : ''}`;
	if (typeof data['chars'] === 'number') return `${data['chars']} chars`;
	if (event.event === 'agent.memory_exceeded') return `over its memory_max: ${formatBytes(Number(data['rss_bytes']))} > ${formatBytes(Number(data['memory_max']))}, stopped`;
	if (event.event === 'notice.read' && Array.isArray(data['agents'])) return `news seen: ${data['agents'].join(', ')} (${data['by'] === 'focus' ? 'opened' : 'marked seen'})`;
	if (event.event === 'agent.answered') return `dialog ${data['answer'] === 'approve' ? 'approved' : 'denied'}${Array.isArray(data['keys']) ? ` · pressed ${data['keys'].join(' ')}` : ''}`;
	if (typeof data['reason'] === 'string') return data['reason'];
	if (typeof data['source'] === 'string' && typeof data['event'] === 'string') return `${data['source']}/${data['event']}`;
	return '';
}

/** The event timeline, newest first (the store keeps the last 200). */
export class TimelineView {
	readonly element: HTMLElement;
	readonly #list: HTMLOListElement;
	#shown = -1;

	constructor() {
		this.#list = h('ol.timeline-list', {'aria-live': 'polite'});
		this.element = h('section.timeline', {'aria-label': 'event timeline'}, h('h2', {}, 'Events'), this.#list);
	}

	render(store: DashboardStore): void {
		if (store.version === this.#shown) return;
		this.#shown = store.version;
		const workspace = store.workspace?.name;
		const events = store.timeline.filter((event) => event.workspace === workspace).slice(-60).reverse();
		replace(
			this.#list,
			...events.map((event) => {
				const state = typeof event.data?.['to'] === 'string' ? event.data['to'] : undefined;
				return h(`li.event${state ? `.${look(state).tone}` : ''}` as 'li', {'data-event': event.event}, h('time', {datetime: event.timestamp}, clock(event.timestamp)), h('span.event-agent', {}, event.agent ?? '·'), h('span.event-name', {}, event.event), h('span.event-detail', {}, describe(event)));
			}),
		);
		if (events.length === 0) this.#list.append(h('li.empty', {}, 'No events yet.'));
	}
}

/** Workflow runs as a list (the mobile "runs" tab, and the drawer's source). */
export class RunsView {
	readonly element: HTMLElement;
	readonly #list: HTMLElement;
	readonly #onRun: (run: RunView) => void;

	constructor(onRun: (run: RunView) => void) {
		this.#onRun = onRun;
		this.#list = h('div.runs-list');
		this.element = h('section.runs', {'aria-label': 'workflow runs'}, h('h2', {}, 'Runs'), this.#list);
	}

	render(store: DashboardStore): void {
		const workspace = store.workspace?.name;
		const runs = [...store.runs.values()].filter((run) => run.workspace === workspace && run.status === 'running').reverse();
		const history = store.history.filter((run) => run.workspace === workspace && !runs.some((live) => live.id === run.run_id)).slice(0, 30);
		replace(this.#list, ...runs.map((run) => h('button.run-row', {type: 'button', 'data-run': run.id, onclick: () => this.#onRun(run)}, h(`span.dot.dot-${run.status}.static` as 'span'), h('b', {}, run.workflow), ` step ${run.step}/${run.total || '?'}`, run.agent ? ` · ${run.agent}` : '', h('span.muted', {}, ` ${run.status}`))));
		if (runs.length === 0) this.#list.append(h('p.empty', {}, history.length === 0 ? 'No workflow has run yet. Start one with “+ run”.' : 'No workflow is running. Start one with “+ run”.'));
		if (history.length === 0) return;
		this.#list.append(
			h('h3.runs-history-title', {}, 'Recent runs'),
			h('ol.runs-history', {}, ...history.map((run) => h('li.run-record', {'data-run': run.run_id, 'data-outcome': outcomeOf(run)}, h(`span.dot.dot-${dotOf(run)}.static` as 'span'), h('b', {}, run.workflow), ` ${outcomeText(run)}`, h('span.muted', {}, ` · ${clock(run.started_at)}${run.finished_at ? ` · ${formatDuration(Date.parse(run.finished_at) - Date.parse(run.started_at))}` : ''}`)))),
		);
	}
}

/** success / success with warnings / failed / interrupted / running, as the ledger says. */
function outcomeOf(run: RunRecord): string {
	return run.status === 'success' && run.warnings > 0 ? 'success-with-warnings' : run.status;
}

function outcomeText(run: RunRecord): string {
	if (run.status === 'success') return run.warnings > 0 ? `success with ${run.warnings} warning${run.warnings === 1 ? '' : 's'}` : 'success';
	if (run.status === 'failed') return `failed (step${run.failed_steps.length === 1 ? '' : 's'} ${run.failed_steps.join(', ')})`;
	if (run.status === 'interrupted') return `interrupted after ${run.steps_done}/${run.total_steps} steps`;
	return `running, ${run.steps_done}/${run.total_steps} steps done`;
}

function dotOf(run: RunRecord): string {
	return run.status === 'success' ? (run.warnings > 0 ? 'warning' : 'completed') : run.status === 'running' ? 'running' : 'failed';
}

/** A run's details: meta and the step timeline. */
export function renderRunDrawer(drawer: HTMLElement, run: RunView, onClose: () => void): void {
	replace(
		drawer,
		h('header.drawer-head', {}, h('b', {}, run.workflow), h('span.muted', {}, ` ${run.id.slice(0, 12)} · ${run.status}`), h('button.close', {type: 'button', 'aria-label': 'close', onclick: onClose}, '×')),
		h('p.muted', {}, `step ${run.step}/${run.total || '?'} · started ${clock(run.started)}${run.finished ? ` · finished ${clock(run.finished)}` : ''}`),
		h('ol.steps', {}, ...run.steps.map((step, index) => (step ? h(`li.step.step-${step.status}` as 'li', {}, h('span.badge', {}, String(index + 1)), ` ${step.type} → ${step.agent ?? '—'} `, h('span.muted', {}, step.duration === null ? 'running…' : formatDuration(step.duration)), step.message && step.status !== 'completed' ? h('div.step-message', {}, step.message) : null) : null))),
	);
	drawer.dataset['run'] = run.id;
	drawer.hidden = false;
}
