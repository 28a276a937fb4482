import {cardAt, neighbour} from '../screens/floor/layout.js';
import {filters, type ConfirmAction, type PickerItem} from '../ui-state.js';
import type {AgentView} from '../types.js';
import type {CommandId} from './commands.js';
import {run, toast, type KeyEnv} from './env.js';
import {commandKeysLabel, matches} from './match.js';
import {ago} from '../../core/model/time.js';
import type {KeyPress} from './parse.js';
import {handlePromptKey} from './prompt-keys.js';

/** One layer of key handling; the first active layer that consumes a key wins. */
export type KeyLayer = {id: string; isActive(env: KeyEnv): boolean; handle(env: KeyEnv, key: KeyPress): boolean};

const agentName = (key: string) => key.slice(key.indexOf('/') + 1);

const confirmText: Record<ConfirmAction, (name: string) => {question: string; label: string}> = {
	down: (name) => ({question: `Stop ${name}?`, label: `stopping ${name}`}),
	restart: (name) => ({question: `Restart ${name}?`, label: `restarting ${name}`}),
	land: (name) => ({question: `Land ${name}'s commits on your branch?`, label: `landing ${name}`}),
};

export function confirmQuestion(action: ConfirmAction, key: string): string {
	return confirmText[action](agentName(key)).question;
}

function runConfirmed(env: KeyEnv, action: ConfirmAction, key: string): void {
	const {label} = confirmText[action](agentName(key));
	run(env, label, () => env.actions[action](key));
}

/** `reviewer · claude`: the role only when it says more than the name beside it, then the CLI. */
export function reviewerHint(agent: Pick<AgentView, 'name' | 'role' | 'runtime'>): string {
	return agent.role && agent.role !== agent.name ? `${agent.role} · ${agent.runtime}` : agent.runtime;
}

function openReviewPicker(env: KeyEnv, key: string): void {
	const workspace = key.slice(0, key.indexOf('/'));
	const candidates = env.store.getSnapshot().agents.filter((agent) => agent.workspace === workspace && agent.key !== key);
	const items: PickerItem[] = candidates.map((agent) => ({value: agent.name, label: agent.name, hint: reviewerHint(agent)}));
	const preferred = candidates.findIndex((agent) => agent.name === 'reviewer' || agent.role === 'reviewer');
	env.ui.dispatch({type: 'overlay', overlay: {kind: 'picker', purpose: 'reviewer', title: `Who reviews ${agentName(key)}?`, items, index: Math.max(0, preferred), key, empty: 'No other agent in this workspace can review.'}});
}

/** Which packet a fresh start gets: the agent's packets, newest first (Enter restarts it on a new conversation). */
function openHandoffPicker(env: KeyEnv, key: string): void {
	const now = Date.now();
	const items: PickerItem[] = env.actions.handoffs(key).map((packet) => ({value: packet.file, label: packet.file, hint: `${packet.kind === 'emergency' ? 'emergency (login failed) · ' : ''}${ago(packet.generatedAt, now)}`}));
	const empty = `No handoff packet for ${agentName(key)} yet: press ${commandKeysLabel('agent.handoff', 1)} to write one.`;
	env.ui.dispatch({type: 'overlay', overlay: {kind: 'picker', purpose: 'handoff', title: `Start ${agentName(key)} over on a new conversation with which packet? (Enter restarts it, Esc keeps it)`, items, index: 0, key, empty}});
}

function openWorkflowPicker(env: KeyEnv): void {
	const {selected} = env.ui.getSnapshot();
	const snapshot = env.store.getSnapshot();
	const workspace = selected ? selected.slice(0, selected.indexOf('/')) : snapshot.workspaces[0];
	const names = workspace ? env.actions.workflows(workspace) : [];
	const wired = env.actions.runWorkflow !== undefined;
	const items: PickerItem[] = names.map((name) => ({value: `${workspace}\u0000${name}`, label: name, hint: wired ? undefined : 'run it with tt run'}));
	const empty = names.length === 0 ? 'No [[workflow]] in tutti.toml.' : '';
	env.ui.dispatch({type: 'overlay', overlay: {kind: 'picker', purpose: 'workflow', title: wired ? 'Run a workflow' : 'Workflows (this view cannot start them: use tt run)', items, index: 0, empty}});
}

/** Agent commands shared by the floor and focus mode. */
function agentCommand(env: KeyEnv, key: KeyPress, target: string | undefined, onSend: (target: string) => void): boolean {
	const table: Array<[CommandId, (target: string) => void]> = [
		['agent.attach', (agent) => env.control.attach(agent)],
		['agent.peek', (agent) => env.ui.dispatch({type: 'overlay', overlay: {kind: 'peek', key: agent}})],
		['agent.send', onSend],
		['agent.up', (agent) => run(env, `starting ${agentName(agent)}`, () => env.actions.up(agent))],
		['agent.down', (agent) => env.ui.dispatch({type: 'overlay', overlay: {kind: 'confirm', action: 'down', key: agent}})],
		['agent.restart', (agent) => env.ui.dispatch({type: 'overlay', overlay: {kind: 'confirm', action: 'restart', key: agent}})],
		['agent.land', (agent) => env.ui.dispatch({type: 'overlay', overlay: {kind: 'confirm', action: 'land', key: agent}})],
		['agent.review', (agent) => openReviewPicker(env, agent)],
		// Whether the agent is asking, and with which keys, is the core's to say (it refuses otherwise).
		['agent.approve', (agent) => run(env, `approving ${agentName(agent)}'s dialog`, () => env.actions.answer(agent, 'approve'))],
		['agent.deny', (agent) => run(env, `denying ${agentName(agent)}'s dialog`, () => env.actions.answer(agent, 'deny'))],
		['agent.handoff', (agent) => run(env, `writing a handoff packet for ${agentName(agent)}`, () => env.actions.handoff(agent))],
		['agent.handoff-fresh', (agent) => openHandoffPicker(env, agent)],
	];
	for (const [command, act] of table) {
		if (!matches(command, key)) continue;
		if (target) act(target);
		else toast(env, 'no agent selected', 'error');
		return true;
	}
	return false;
}

const overlayLayer: KeyLayer = {
	id: 'overlay',
	isActive: (env) => env.ui.getSnapshot().overlay.kind !== 'none',
	handle(env, key) {
		const {overlay} = env.ui.getSnapshot();
		const close = () => env.ui.dispatch({type: 'overlay', overlay: {kind: 'none'}});
		if (key.name === 'mouse') return true;
		switch (overlay.kind) {
			case 'help': {
				// Paging stops at either end: the last page offers no next one (its title says so).
				const last = Math.max(0, env.refs.helpPages - 1);
				if (matches('help.next-page', key)) env.ui.dispatch({type: 'overlay', overlay: {kind: 'help', page: Math.min(last, overlay.page + 1)}});
				else if (matches('help.previous-page', key)) env.ui.dispatch({type: 'overlay', overlay: {kind: 'help', page: Math.max(0, Math.min(last, overlay.page) - 1)}});
				else close();
				return true;
			}
			case 'peek':
				close();
				return true;
			case 'send':
				return handlePromptKey(env, overlay.key, key, close);
			case 'confirm':
				if (matches('dialog.confirm', key)) {
					close();
					runConfirmed(env, overlay.action, overlay.key);
				} else if (matches('dialog.cancel', key)) close();
				return true;
			case 'picker': {
				if (matches('nav.up', key)) env.ui.dispatch({type: 'picker-move', delta: -1});
				else if (matches('nav.down', key)) env.ui.dispatch({type: 'picker-move', delta: 1});
				else if (matches('dialog.cancel', key) && key.name !== 'n') close();
				else if (key.name === 'enter') {
					const item = overlay.items[overlay.index];
					close();
					if (!item) return true;
					if (overlay.purpose === 'reviewer' && overlay.key) {
						const target = overlay.key;
						run(env, `asking ${item.value} to review ${agentName(target)}`, () => env.actions.review(target, item.value));
					} else if (overlay.purpose === 'handoff' && overlay.key) {
						const target = overlay.key;
						run(env, `starting ${agentName(target)} over with ${item.value}`, () => env.actions.freshFromHandoff(target, item.value));
					} else if (overlay.purpose === 'workflow') {
						const [workspace = '', name = ''] = item.value.split('\u0000');
						const start = env.actions.runWorkflow;
						if (start) run(env, `starting workflow ${name}`, () => start(workspace, name));
						else toast(env, `workflow ${name}: this view cannot start workflows; run tt run ${name}`, 'error');
					}
				}
				return true;
			}
			case 'none':
				return false;
		}
	},
};

const promptLayer: KeyLayer = {
	id: 'prompt',
	isActive: (env) => {
		const state = env.ui.getSnapshot();
		return state.view === 'focus' && state.promptActive && state.focused !== undefined;
	},
	handle(env, key) {
		const {focused} = env.ui.getSnapshot();
		if (!focused || key.name === 'mouse') return key.name === 'mouse';
		// The bar stays open after a send: the next prompt (or ↑ for the last one) follows.
		return handlePromptKey(env, focused, key, () => env.ui.dispatch({type: 'prompt-active', active: false}), () => undefined);
	},
};

const focusLayer: KeyLayer = {
	id: 'focus',
	isActive: (env) => env.ui.getSnapshot().view === 'focus',
	handle(env, key) {
		const {ui, refs} = env;
		const {focused} = ui.getSnapshot();
		const page = refs.focusPage;
		if (key.mouse) {
			if (key.mouse.wheel) ui.dispatch({type: 'scroll', lines: key.mouse.wheel === 'up' ? 3 : -3, max: refs.focusMaxScroll});
			return true;
		}
		if (matches('focus.back', key)) ui.dispatch({type: 'floor'});
		else if (matches('focus.scroll-up', key)) ui.dispatch({type: 'scroll', lines: page, max: refs.focusMaxScroll});
		else if (matches('focus.scroll-down', key)) ui.dispatch({type: 'scroll', lines: -page, max: refs.focusMaxScroll});
		else if (matches('focus.scroll-live', key)) ui.dispatch({type: 'scroll-live'});
		else if (matches('focus.toggle-usage', key)) ui.dispatch({type: 'toggle-panel', panel: 'usage'});
		else if (matches('focus.toggle-diff', key)) ui.dispatch({type: 'toggle-panel', panel: 'diff'});
		else if (matches('focus.toggle-events', key)) ui.dispatch({type: 'toggle-panel', panel: 'events'});
		else if (matches('focus.diff-up', key)) ui.dispatch({type: 'diff-scroll', lines: -Math.max(1, Math.floor(page / 2)), max: refs.diffMax});
		else if (matches('focus.diff-down', key)) ui.dispatch({type: 'diff-scroll', lines: Math.max(1, Math.floor(page / 2)), max: refs.diffMax});
		else if (key.name === 'i' && !key.ctrl && !key.meta) ui.dispatch({type: 'prompt-active', active: true});
		else return agentCommand(env, key, focused, () => ui.dispatch({type: 'prompt-active', active: true}));
		return true;
	},
};

let lastClick: {key: string; at: number} | undefined;

const floorLayer: KeyLayer = {
	id: 'floor',
	isActive: (env) => env.ui.getSnapshot().view === 'floor',
	handle(env, key) {
		const {ui, refs} = env;
		const layout = refs.floor;
		const {selected} = ui.getSnapshot();
		const select = (target: string | undefined) => target !== undefined && ui.dispatch({type: 'select', key: target});
		if (key.mouse) {
			if (key.mouse.release || key.mouse.wheel || !layout) return true;
			const hit = cardAt(layout, key.mouse.x, key.mouse.y - refs.floorTop);
			if (!hit) return true;
			const now = Date.now();
			if (hit === selected && lastClick?.key === hit && now - lastClick.at < 600) ui.dispatch({type: 'focus', key: hit});
			else select(hit);
			lastClick = {key: hit, at: now};
			return true;
		}
		const directions = [
			['nav.up', 'up'],
			['nav.down', 'down'],
			['nav.left', 'left'],
			['nav.right', 'right'],
		] as const;
		for (const [command, direction] of directions) {
			if (matches(command, key)) {
				if (layout) select(neighbour(layout, selected, direction));
				return true;
			}
		}
		const order = layout?.order ?? [];
		if (matches('nav.first', key)) select(order[0]);
		else if (matches('nav.last', key)) select(order.at(-1));
		else if (matches('nav.next-attention', key)) {
			const agents = env.store.getSnapshot().agents.filter((agent) => agent.attention && order.includes(agent.key)).map((agent) => agent.key);
			const sorted = order.filter((candidate) => agents.includes(candidate));
			const next = sorted.find((candidate) => order.indexOf(candidate) > order.indexOf(selected ?? '')) ?? sorted[0];
			if (next) select(next);
			else toast(env, 'no agent needs you');
		} else if (matches('agent.focus', key)) {
			if (selected) ui.dispatch({type: 'focus', key: selected});
		} else if (matches('view.filter', key)) {
			const {filter} = ui.getSnapshot();
			ui.dispatch({type: 'filter', filter: filters[(filters.indexOf(filter) + 1) % filters.length] ?? 'all'});
		} else return agentCommand(env, key, selected, (target) => ui.dispatch({type: 'overlay', overlay: {kind: 'send', key: target}}));
		return true;
	},
};

const globalLayer: KeyLayer = {
	id: 'global',
	isActive: () => true,
	handle(env, key) {
		if (matches('app.quit', key)) env.control.quit();
		else if (matches('app.help', key)) env.ui.dispatch({type: 'overlay', overlay: {kind: 'help', page: 0}});
		else if (matches('view.theme', key)) {
			const {theme} = env.ui.getSnapshot();
			const next = env.themes[(env.themes.indexOf(theme) + 1) % env.themes.length];
			if (next) env.setTheme(next);
		} else if (matches('app.workflow', key)) openWorkflowPicker(env);
		else if (matches('app.mark-seen', key)) toast(env, env.actions.markSeen());
		else return false;
		return true;
	},
};

/** Layers in priority order: dialogs, the prompt bar, the current screen, then app-wide keys. */
export const keyLayers: readonly KeyLayer[] = [overlayLayer, promptLayer, focusLayer, floorLayer, globalLayer];

/** Routes one key press; returns whether a layer consumed it. */
export function dispatchKey(env: KeyEnv, key: KeyPress): boolean {
	for (const layer of keyLayers) {
		if (layer.isActive(env) && layer.handle(env, key)) return true;
	}
	return false;
}
