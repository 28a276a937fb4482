import {useSyncExternalStore} from 'react';
import type {WatchStore} from '../store.js';
import type {WatchSnapshot} from '../types.js';
import type {UiState, UiStore} from '../ui-state.js';

/**
 * Reads a slice of the watch snapshot. The store publishes at most once per batch (~33 ms), and
 * a selector that returns the same reference skips the render.
 */
export function useWatch<T>(store: WatchStore, select: (snapshot: WatchSnapshot) => T): T {
	return useSyncExternalStore(store.subscribe, () => select(store.getSnapshot()));
}

export function useUi<T>(ui: UiStore, select: (state: UiState) => T): T {
	return useSyncExternalStore(ui.subscribe, () => select(ui.getSnapshot()));
}
