import {answerButtons} from './answer.js';
import {formatTokens, h, replace, setText} from './dom.js';
import {look} from './states.js';
import {formatResources} from '../../core/model/resources-text.js';
import type {DashboardStore} from './store.js';
import type {AgentView, RunView, WorkspaceView} from './types.js';

type Card = {root: HTMLButtonElement; unread: HTMLElement; glyph: HTMLElement; state: HTMLElement; activity: HTMLElement; tokens: HTMLElement; resources: HTMLElement; collisions: HTMLElement; ctx: HTMLElement; ctxFill: HTMLElement; answers: HTMLElement; answerStatus: HTMLElement};

/**
 * The factory floor: one column per stage (role) in pipeline order, a card per agent with its
 * state colour and glyph, connectors that light up while work flows, and work-item dots — one per
 * workflow run — that glide to the stage of the step being worked on.
 */
export class FloorView {
	readonly element: HTMLElement;
	readonly #stages: HTMLElement;
	readonly #dots: HTMLElement;
	readonly #cards = new Map<string, Card>();
	readonly #stageEls = new Map<string, HTMLElement>();
	readonly #connectors: HTMLElement[] = [];
	readonly #dotEls = new Map<string, HTMLButtonElement>();
	#layoutKey = '';
	readonly #onFocus: (workspace: string, agent: string) => void;
	readonly #onRun: (run: RunView) => void;

	constructor(onFocus: (workspace: string, agent: string) => void, onRun: (run: RunView) => void) {
		this.#onFocus = onFocus;
		this.#onRun = onRun;
		this.#stages = h('div.stages', {role: 'list'});
		this.#dots = h('div.dots', {'aria-label': 'workflow runs'});
		this.element = h('section.floor', {'aria-label': 'factory floor'}, this.#stages, this.#dots);
		new ResizeObserver(() => this.#placeDots(undefined)).observe(this.element);
	}

	render(store: DashboardStore): void {
		const workspace = store.workspace;
		if (!workspace) {
			replace(this.#stages, h('p.empty', {}, 'No workspace is served.'));
			this.#layoutKey = '';
			return;
		}
		const key = `${workspace.name}|${workspace.stages.join(',')}|${workspace.agents.map((agent) => `${agent.stage}/${agent.agent}`).join(',')}`;
		if (key !== this.#layoutKey) this.#build(workspace, key);
		const runs = [...store.runs.values()].filter((run) => run.workspace === workspace.name);
		for (const agent of workspace.agents) this.#updateCard(agent);
		this.#updateConnectors(workspace, runs);
		this.#placeDots(runs, workspace);
	}

	#build(workspace: WorkspaceView, key: string): void {
		this.#layoutKey = key;
		this.#cards.clear();
		this.#stageEls.clear();
		this.#connectors.length = 0;
		const children: HTMLElement[] = [];
		workspace.stages.forEach((stage, index) => {
			if (index > 0) {
				const connector = h('div.connector', {'aria-hidden': 'true'}, h('span.flow'));
				this.#connectors.push(connector);
				children.push(connector);
			}
			const agents = workspace.agents.filter((agent) => agent.stage === stage);
			const column = h('div.stage', {role: 'listitem', 'data-stage': stage}, h('header.stage-head', {}, h('span.stage-name', {}, stage), h('span.stage-count', {}, `${agents.length}`)), h('div.stage-agents', {}, ...agents.map((agent) => this.#createCard(workspace.name, agent))));
			this.#stageEls.set(stage, column);
			children.push(column);
		});
		replace(this.#stages, ...children);
	}

	#createCard(workspace: string, agent: AgentView): HTMLElement {
		const glyph = h('span.glyph', {'aria-hidden': 'true'});
		const unread = h('span.unread-dot', {title: 'news you have not seen: open it to mark it seen', hidden: true}, '●');
		const state = h('span.state');
		const activity = h('div.activity');
		const tokens = h('span.tokens');
		const resources = h('span.resources', {title: 'memory and CPU of its processes'});
		const collisions = h('span.collisions', {title: 'its work conflicts with these agents (or the target branch): see tt diff'});
		const ctxFill = h('span.ctx-fill');
		const ctx = h('span.ctx', {title: 'context window used'}, ctxFill);
		const root = h('button.agent-card', {type: 'button', 'data-agent': agent.agent, 'data-workspace': workspace, onclick: () => this.#onFocus(workspace, agent.agent)}, h('div.card-top', {}, glyph, h('span.name', {}, agent.agent), ...hostTag(agent), unread, state), activity, h('div.card-meta', {}, h('span.runtime', {}, agent.runtime), collisions, resources, tokens, ctx));
		// Beside the card, not in it: the card is itself a button. Shown while the agent needs input.
		const answerStatus = h('span.answer-status', {role: 'status'});
		const answers = h('div.card-answers', {hidden: true}, ...answerButtons(() => ({workspace, agent: agent.agent}), (text) => setText(answerStatus, text)), answerStatus);
		this.#cards.set(agent.agent, {root, unread, glyph, state, activity, tokens, resources, collisions, ctx, ctxFill, answers, answerStatus});
		return h('div.card-slot', {}, root, answers);
	}

	#updateCard(agent: AgentView): void {
		const card = this.#cards.get(agent.agent);
		if (!card) return;
		const {glyph, label, tone} = look(agent.state);
		const className = `agent-card ${tone}${agent.attention ? ' attention' : ''}${agent.unread ? ' unread' : ''}`;
		if (card.root.dataset['state'] !== agent.state || card.root.className !== className) {
			card.root.dataset['state'] = agent.state;
			card.root.className = className;
		}
		card.root.setAttribute('aria-label', `${agent.agent}: ${label}${agent.unread ? ', news not seen yet' : ''}`);
		card.unread.hidden = !agent.unread;
		const asking = agent.state === 'needs_input';
		if (card.answers.hidden === asking) {
			card.answers.hidden = !asking;
			// A new dialog starts with no word about the last one.
			if (asking) setText(card.answerStatus, '');
		}
		setText(card.glyph, glyph);
		setText(card.state, label);
		setText(card.activity, agent.activity ?? agent.detail ?? (agent.running ? '' : 'not running'));
		const total = agent.usage.input_tokens + agent.usage.output_tokens + agent.usage.cache_read_tokens + agent.usage.cache_creation_tokens;
		setText(card.tokens, total > 0 ? `${formatTokens(total)} tok` : '');
		setText(card.resources, agent.running && agent.rss_bytes !== null ? formatResources(agent) : '');
		setText(card.collisions, agent.collisions.length > 0 ? `✕ ${agent.collisions.join(', ')}` : '');
		const pct = agent.usage.context_pct;
		card.ctx.hidden = pct === null;
		if (pct !== null) {
			card.ctxFill.style.width = `${Math.min(100, Math.max(0, pct))}%`;
			card.ctx.className = `ctx ${pct >= 85 ? 'ctx-high' : pct >= 60 ? 'ctx-mid' : 'ctx-low'}`;
			card.ctx.title = `context ${Math.round(pct)}% used`;
		}
	}

	#updateConnectors(workspace: WorkspaceView, runs: RunView[]): void {
		const stageOfRun = new Map(runs.map((run) => [run.id, this.#stageOf(workspace, run)]));
		this.#connectors.forEach((connector, index) => {
			const before = workspace.stages[index];
			const after = workspace.stages[index + 1];
			const working = workspace.agents.some((agent) => agent.stage === before && agent.state === 'working');
			const flowing = runs.some((run) => run.status === 'running' && [before, after].includes(stageOfRun.get(run.id)));
			connector.classList.toggle('active', working);
			connector.classList.toggle('flowing', flowing);
		});
	}

	#stageOf(workspace: WorkspaceView, run: RunView): string | undefined {
		const agent = workspace.agents.find((candidate) => candidate.agent === run.agent);
		return agent?.stage ?? workspace.stages[0];
	}

	#lastRuns: RunView[] = [];
	#lastWorkspace: WorkspaceView | undefined;

	/** Puts each run's dot on its stage; CSS transitions the move between stages. */
	#placeDots(runs: RunView[] | undefined, workspace?: WorkspaceView): void {
		if (runs) {
			this.#lastRuns = runs;
			this.#lastWorkspace = workspace;
		}
		const current = this.#lastWorkspace;
		if (!current) return;
		const origin = this.element.getBoundingClientRect();
		const perStage = new Map<string, number>();
		const seen = new Set<string>();
		for (const run of this.#lastRuns) {
			seen.add(run.id);
			const stage = this.#stageOf(current, run) ?? '';
			const column = this.#stageEls.get(stage);
			if (!column) continue;
			const slot = perStage.get(stage) ?? 0;
			perStage.set(stage, slot + 1);
			let dot = this.#dotEls.get(run.id);
			if (!dot) {
				const id = run.id;
				dot = h('button.dot', {type: 'button', 'data-run': run.id, onclick: () => {
					const latest = this.#lastRuns.find((candidate) => candidate.id === id);
					if (latest) this.#onRun(latest);
				}});
				this.#dots.append(dot);
				this.#dotEls.set(run.id, dot);
			}
			const rect = column.getBoundingClientRect();
			const x = rect.left - origin.left + 14 + slot * 22;
			const y = rect.top - origin.top - 9;
			dot.style.transform = `translate(${Math.round(x)}px, ${Math.round(y)}px)`;
			dot.className = `dot dot-${run.status}`;
			dot.dataset['stage'] = stage;
			dot.title = `${run.workflow}: step ${run.step}/${run.total || '?'}${run.agent ? ` · ${run.agent}` : ''} (${run.status})`;
			dot.setAttribute('aria-label', dot.title);
		}
		for (const [id, dot] of this.#dotEls) {
			if (seen.has(id)) continue;
			dot.remove();
			this.#dotEls.delete(id);
		}
	}
}

/** `@gpu-box` beside the name of an agent on a `[[host]]` (a host never changes while the page lives); nothing for a local one. */
function hostTag(agent: AgentView): HTMLElement[] {
	return agent.host === null ? [] : [h('span.host', {title: `runs on the [[host]] "${agent.host}" (over ssh)`}, `@${agent.host}`)];
}
