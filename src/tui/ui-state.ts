import type {AgentView} from './types.js';

/** State filters, cycled by `view.filter`. */
export const filters = ['all', 'attention', 'working', 'idle', 'stopped'] as const;
export type FilterId = (typeof filters)[number];

export const filterLabels: Record<FilterId, string> = {all: 'all', attention: 'need you', working: 'working', idle: 'idle', stopped: 'stopped'};

export function passesFilter(agent: AgentView, filter: FilterId): boolean {
	switch (filter) {
		case 'all':
			return true;
		case 'attention':
			return agent.attention;
		case 'working':
			return agent.state === 'working' || agent.state === 'starting';
		case 'idle':
			return agent.state === 'idle';
		case 'stopped':
			return agent.state === 'stopped' || agent.state === 'unknown';
	}
}

export type ConfirmAction = 'down' | 'restart' | 'land';

export type PickerItem = {value: string; label: string; hint?: string};

export type Overlay =
	| {kind: 'none'}
	| {kind: 'help'; page: number}
	| {kind: 'peek'; key: string}
	| {kind: 'send'; key: string}
	| {kind: 'confirm'; action: ConfirmAction; key: string}
	| {kind: 'picker'; purpose: 'workflow' | 'reviewer' | 'handoff'; title: string; items: readonly PickerItem[]; index: number; key?: string | undefined; empty: string};

export type Panels = {usage: boolean; diff: boolean; events: boolean};

export type Toast = {text: string; level: 'info' | 'error'; at: number};

export type UiState = {
	view: 'floor' | 'focus';
	/** Selected agent key on the floor (kept across filters when possible). */
	selected: string | undefined;
	/** Agent shown in focus mode. */
	focused: string | undefined;
	overlay: Overlay;
	filter: FilterId;
	theme: string;
	panels: Panels;
	/** Lines scrolled back in the focus terminal (0 = live). */
	scroll: number;
	diffScroll: number;
	/** The focus prompt bar has the keyboard. */
	promptActive: boolean;
	/** Prompt drafts per agent key. */
	drafts: Readonly<Record<string, string>>;
	/** Sent prompts, newest last (shared across agents, capped). */
	history: readonly string[];
	/** Position while browsing history (undefined: editing the draft). */
	historyIndex: number | undefined;
	toast: Toast | undefined;
};

export type UiAction =
	| {type: 'select'; key: string | undefined}
	| {type: 'focus'; key: string}
	| {type: 'floor'}
	| {type: 'overlay'; overlay: Overlay}
	| {type: 'picker-move'; delta: number}
	| {type: 'filter'; filter: FilterId}
	| {type: 'theme'; theme: string}
	| {type: 'toggle-panel'; panel: keyof Panels}
	| {type: 'scroll'; lines: number; max: number}
	| {type: 'scroll-live'}
	| {type: 'diff-scroll'; lines: number; max: number}
	| {type: 'prompt-active'; active: boolean}
	| {type: 'draft'; key: string; text: string}
	| {type: 'sent'; key: string; text: string}
	| {type: 'history'; key: string; direction: -1 | 1}
	| {type: 'toast'; text: string; level: Toast['level']; at: number}
	| {type: 'toast-clear'};

export const historyCap = 100;

export function initialUiState(theme: string, wide: boolean): UiState {
	return {view: 'floor', selected: undefined, focused: undefined, overlay: {kind: 'none'}, filter: 'all', theme, panels: {usage: wide, diff: wide, events: wide}, scroll: 0, diffScroll: 0, promptActive: false, drafts: {}, history: [], historyIndex: undefined, toast: undefined};
}

const clamp = (value: number, min: number, max: number) => Math.min(Math.max(value, min), Math.max(min, max));

export function uiReducer(state: UiState, action: UiAction): UiState {
	switch (action.type) {
		case 'select':
			return action.key === state.selected ? state : {...state, selected: action.key};
		case 'focus':
			return {...state, view: 'focus', focused: action.key, selected: action.key, scroll: 0, diffScroll: 0, promptActive: false, historyIndex: undefined, overlay: {kind: 'none'}};
		case 'floor':
			return {...state, view: 'floor', promptActive: false, overlay: {kind: 'none'}, historyIndex: undefined};
		case 'overlay':
			return {...state, overlay: action.overlay, historyIndex: undefined};
		case 'picker-move':
			if (state.overlay.kind !== 'picker' || state.overlay.items.length === 0) return state;
			return {...state, overlay: {...state.overlay, index: (state.overlay.index + action.delta + state.overlay.items.length) % state.overlay.items.length}};
		case 'filter':
			return {...state, filter: action.filter};
		case 'theme':
			return {...state, theme: action.theme};
		case 'toggle-panel':
			return {...state, panels: {...state.panels, [action.panel]: !state.panels[action.panel]}, diffScroll: action.panel === 'diff' ? 0 : state.diffScroll};
		case 'scroll':
			return {...state, scroll: clamp(state.scroll + action.lines, 0, action.max)};
		case 'scroll-live':
			return {...state, scroll: 0};
		case 'diff-scroll':
			return {...state, diffScroll: clamp(state.diffScroll + action.lines, 0, action.max)};
		case 'prompt-active':
			return {...state, promptActive: action.active, historyIndex: undefined};
		case 'draft':
			return {...state, drafts: {...state.drafts, [action.key]: action.text}, historyIndex: undefined};
		case 'sent': {
			const history = state.history.at(-1) === action.text ? state.history : [...state.history, action.text].slice(-historyCap);
			return {...state, drafts: {...state.drafts, [action.key]: ''}, history, historyIndex: undefined};
		}
		case 'history': {
			if (state.history.length === 0) return state;
			const current = state.historyIndex ?? state.history.length;
			const next = current + action.direction;
			if (next < 0) return state;
			if (next >= state.history.length) return {...state, historyIndex: undefined, drafts: {...state.drafts, [action.key]: ''}};
			return {...state, historyIndex: next, drafts: {...state.drafts, [action.key]: state.history[next] ?? ''}};
		}
		case 'toast':
			return {...state, toast: {text: action.text, level: action.level, at: action.at}};
		case 'toast-clear':
			return state.toast ? {...state, toast: undefined} : state;
	}
}

/**
 * UI state lives outside React so it survives a remount (the TUI unmounts while the terminal is
 * handed to `tmux attach`, and mounts again on return).
 */
export class UiStore {
	#state: UiState;
	readonly #listeners = new Set<() => void>();

	constructor(state: UiState) {
		this.#state = state;
	}

	getSnapshot = (): UiState => this.#state;

	subscribe = (listener: () => void): (() => void) => {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	};

	dispatch = (action: UiAction): void => {
		const next = uiReducer(this.#state, action);
		if (next === this.#state) return;
		this.#state = next;
		for (const listener of this.#listeners) listener();
	};
}
