import {action, api} from './api.js';
import {h, replace, setText} from './dom.js';
import type {DashboardStore} from './store.js';
import type {WorkflowInfo} from './types.js';

/**
 * The dispatch panel: pick a workflow of the selected workspace (optionally scoped to an agent)
 * and start it. The request returns once the run has started; its progress arrives as events
 * and shows as a dot moving across the floor.
 */
export class DispatchView {
	readonly element: HTMLElement;
	readonly #store: DashboardStore;
	readonly #workflow: HTMLSelectElement;
	readonly #agent: HTMLSelectElement;
	readonly #strict: HTMLInputElement;
	readonly #description: HTMLElement;
	readonly #status: HTMLElement;
	#workflows: WorkflowInfo[] = [];

	constructor(store: DashboardStore) {
		this.#store = store;
		this.#workflow = h('select', {name: 'workflow', 'aria-label': 'workflow', onchange: () => this.#describe()});
		this.#agent = h('select', {name: 'agent', 'aria-label': 'agent scope'});
		this.#strict = h('input', {type: 'checkbox', name: 'strict'});
		this.#description = h('p.muted.dispatch-description');
		this.#status = h('p.dispatch-status', {role: 'status'});
		const form = h(
			'form.dispatch-form',
			{},
			h('label', {}, 'Workflow', this.#workflow),
			this.#description,
			h('label', {}, 'Agent scope', this.#agent),
			h('label.inline', {}, this.#strict, ' strict'),
			h('div.dispatch-actions', {}, h('button.primary', {type: 'submit'}, 'Dispatch'), h('button.ghost', {type: 'button', onclick: () => this.close()}, 'Close')),
			this.#status,
		);
		form.addEventListener('submit', (event) => {
			event.preventDefault();
			void this.#dispatch();
		});
		this.element = h('aside.dispatch', {'aria-label': 'dispatch a workflow', hidden: true}, h('h2', {}, 'Run a workflow'), form);
	}

	async open(): Promise<void> {
		this.element.hidden = false;
		setText(this.#status, '');
		const workspace = this.#store.workspace;
		replace(this.#agent, h('option', {value: ''}, 'all agents'), ...(workspace?.agents ?? []).map((agent) => h('option', {value: agent.agent}, agent.agent)));
		const reply = await api<WorkflowInfo[]>(`/v1/workflows?workspace=${encodeURIComponent(workspace?.name ?? '')}`);
		this.#workflows = reply.ok ? reply.data : [];
		replace(this.#workflow, ...this.#workflows.map((workflow) => h('option', {value: workflow.name}, workflow.name)));
		if (this.#workflows.length === 0) setText(this.#status, reply.ok ? 'This workspace defines no [[workflow]].' : (reply.error?.message ?? 'could not load workflows'));
		this.#describe();
		this.#workflow.focus();
	}

	close(): void {
		this.element.hidden = true;
	}

	toggle(): void {
		if (this.element.hidden) void this.open();
		else this.close();
	}

	#describe(): void {
		const workflow = this.#workflows.find((candidate) => candidate.name === this.#workflow.value);
		setText(this.#description, workflow ? `${workflow.description ?? ''} (${workflow.step_count} step${workflow.step_count === 1 ? '' : 's'}${workflow.schedule ? `, scheduled ${workflow.schedule}` : ''})` : '');
	}

	async #dispatch(): Promise<void> {
		const workspace = this.#store.workspace?.name;
		const workflow = this.#workflow.value;
		if (!workspace || !workflow) return;
		setText(this.#status, 'dispatching…');
		this.#status.className = 'dispatch-status';
		const reply = await action('run', {workspace, workflow, ...(this.#agent.value ? {agent: this.#agent.value} : {}), strict: this.#strict.checked, wait: false});
		this.#status.className = `dispatch-status ${reply.ok ? 'ok' : 'failed'}`;
		setText(this.#status, reply.ok ? `dispatched ${workflow}` : (reply.error?.message ?? 'failed'));
	}
}
